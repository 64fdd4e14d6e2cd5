/**
 * The current visit's tickets on a shared kiosk (issue 8): "Mis inscripciones" and the
 * ticket pages show only registrations made since the last idle reset, so the next visitor
 * reaches nothing of the previous one's, not by Back and not by URL. Kept in the tab's
 * sessionStorage, so a reload (an app update) does not lose the visitor's ticket; the idle
 * reset clears it.
 */
import { onKioskReset } from './reset';

const KEY = 'parque.visit';

function saved(): string[] {
  try {
    const raw = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(KEY);
    const ids: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

class KioskVisit {
  #ids = $state<string[]>(saved());

  #save() {
    try {
      if (this.#ids.length === 0) sessionStorage.removeItem(KEY);
      else sessionStorage.setItem(KEY, JSON.stringify(this.#ids));
    } catch {
      // storage unavailable: the visit lives in memory only
    }
  }

  get ids(): readonly string[] {
    return this.#ids;
  }

  has(registrationId: string): boolean {
    return this.#ids.includes(registrationId);
  }

  add(registrationId: string): void {
    if (!this.#ids.includes(registrationId)) this.#ids = [...this.#ids, registrationId];
    this.#save();
  }

  clear(): void {
    this.#ids = [];
    this.#save();
  }
}

export const visit = new KioskVisit();
onKioskReset(() => visit.clear());

/** The ticket link a kiosk's QR carries: the visitor's phone opens it and keeps the ticket. */
export function claimUrl(origin: string, code: string): string {
  return `${origin}/tickets/claim?code=${encodeURIComponent(code)}`;
}

/** A scanned QR's text as a ticket code: the code itself, or a claim link carrying it. */
export function codeFromScan(text: string): string {
  const param = /^https?:\/\/[^?#]*\?(?:[^#]*&)?code=([^&#]*)/.exec(text.trim());
  return param ? decodeURIComponent(param[1]!) : text;
}
