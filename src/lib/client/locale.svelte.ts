/**
 * The interface language. Paraglide's messages are plain functions, so the layout keys
 * its content on `locale.current` to re-render when it changes.
 */
import { getLocale, setLocale, type Locale } from '../paraglide/runtime';

export const HTML_LANG: Record<Locale, string> = { es: 'es-CO', en: 'en' };

class LocaleState {
  #current = $state<Locale>('es');

  get current(): Locale {
    return this.#current;
  }

  /** Reads the stored choice once the browser is there. */
  init(): void {
    this.#current = getLocale();
    document.documentElement.lang = HTML_LANG[this.#current];
  }

  set(next: Locale): void {
    void setLocale(next, { reload: false });
    this.#current = next;
    document.documentElement.lang = HTML_LANG[next];
  }
}

export const locale = new LocaleState();
