/**
 * What a kiosk or desk tells the server about itself on each pull, for the librarians'
 * device list (issue 9, item 6): its app build, the storage its origin uses, and how many
 * changes wait in its outbox. All optional, so devices running an older build still sync;
 * all bounded, so a query string cannot carry anything else (device-report-schema.ts).
 * No valibot here: this side ships to every kiosk.
 */
/** A build name is short and plain (SvelteKit's default is the build's timestamp). */
export const APP_VERSION_MAX = 64;
/** Bytes: up to 2^53 - 1 (15 digits cover 999 TB, far past any browser's quota). */
export const STORAGE_DIGITS = 15;
/** Entries waiting: an outbox holds far fewer than a billion. */
export const PENDING_DIGITS = 9;

export interface DeviceReport {
  appVersion?: string;
  storageUsed?: number;
  pending?: number;
}

/** The report as query parameters (absent values are left out). */
export function reportParams(report: DeviceReport): [string, string][] {
  const out: [string, string][] = [];
  if (report.appVersion) out.push(['appVersion', report.appVersion.slice(0, APP_VERSION_MAX)]);
  if (report.storageUsed !== undefined && Number.isSafeInteger(report.storageUsed)) {
    out.push(['storageUsed', String(Math.max(0, report.storageUsed))]);
  }
  if (report.pending !== undefined) out.push(['pending', String(Math.max(0, report.pending))]);
  return out;
}
