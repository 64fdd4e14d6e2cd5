/** What the sync is doing right now, for the status indicator. One per device. */
export class SyncStatus {
  online = $state(true);
  syncing = $state(false);
  /** Rows received so far in the pull under way (progress of a first download). */
  received = $state(0);
  /** The last failure's message, cleared by the next success. */
  lastError = $state<string | null>(null);
}

export const syncStatus = new SyncStatus();
