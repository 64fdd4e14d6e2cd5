/** This device's library park and last sync, read live from IndexedDB. */
import type { Branch } from '../domain/catalogue';
import { getLocalDb, META } from './db';
import { LiveQuery } from './live.svelte';

interface DeviceFacts {
  branchId: string | undefined;
  branch: Branch | undefined;
  lastSyncAt: string | undefined;
  pendingCount: number;
  rejectedCount: number;
  kiosk: boolean;
  /** 'kiosk', 'desk' or 'personal'. */
  kind: string;
  /** Why the server last refused this device's credential, if it did. */
  refused: string | undefined;
}

class DeviceState {
  #facts = new LiveQuery<DeviceFacts>(async () => {
    const db = getLocalDb();
    const [branchRow, syncRow, kindRow, refusedRow] = await db.meta.bulkGet([
      META.branchId,
      META.lastSyncAt,
      META.deviceKind,
      META.refused
    ]);
    const branchId = branchRow?.value as string | undefined;
    return {
      branchId,
      branch: branchId ? await db.branches.get(branchId) : undefined,
      lastSyncAt: syncRow?.value as string | undefined,
      pendingCount: await db.outbox.count(),
      rejectedCount: await db.outcomes.where('status').equals('rejected').count(),
      kiosk: kindRow?.value === 'kiosk',
      kind: (kindRow?.value as string | undefined) ?? 'personal',
      refused: refusedRow?.value as string | undefined
    };
  });

  /** False until IndexedDB has answered once. */
  get loaded(): boolean {
    return this.#facts.current !== undefined;
  }
  get branchId(): string | undefined {
    return this.#facts.current?.branchId;
  }
  get branch(): Branch | undefined {
    return this.#facts.current?.branch;
  }
  get timeZone(): string {
    return this.#facts.current?.branch?.timeZone ?? 'America/Bogota';
  }
  get lastSyncAt(): string | undefined {
    return this.#facts.current?.lastSyncAt;
  }
  /** Changes saved on this device that the server has not confirmed yet. */
  get pendingCount(): number {
    return this.#facts.current?.pendingCount ?? 0;
  }
  /** A shared library kiosk (holds seat leases and the park's roster for check-in). */
  get kiosk(): boolean {
    return this.#facts.current?.kiosk ?? false;
  }
  /** Enrolled by the library (a kiosk or the service desk): its park is not a choice. */
  get enrolled(): boolean {
    const kind = this.#facts.current?.kind;
    return kind === 'kiosk' || kind === 'desk';
  }
  get kind(): string {
    return this.#facts.current?.kind ?? 'personal';
  }
  get refused(): string | undefined {
    return this.#facts.current?.refused;
  }
  get rejectedCount(): number {
    return this.#facts.current?.rejectedCount ?? 0;
  }
}

export const device = new DeviceState();
