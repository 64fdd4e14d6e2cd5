/** What the benchmark measures, shared by its parts. */

export const BENCH_BRANCH_ID = 'br-bench';
export const BENCH_BRANCH_NAME = 'Parque Biblioteca Sintética';
export const SYNTHETIC = { workshops: 5000, sessions: 20000 } as const;

/** The demo park whose home page the JavaScript byte count loads. */
export const HOME_BRANCH_NAME = 'Parque Biblioteca España';

/**
 * The desk benchmark (desk.ts): a desk of the demo park with a session early today holding
 * this many confirmed people (issue 9's figure: a full workshop is about 40), and a second,
 * empty session to switch away from before opening the roster again.
 */
export const DESK = {
  branchId: 'br-espana',
  workshopId: 'ws-espana-correo',
  sessionId: 'ses-bench-desk',
  otherSessionId: 'ses-bench-desk-other',
  people: 40,
  /** Offline navigations to /desk, and session choices, timed per browser context. */
  navigations: 3,
  rosterOpens: 5
} as const;

/** The app's IndexedDB database (src/lib/client/db.ts). */
export const APP_DB_NAME = 'parque';

export const TIME_ZONE = 'America/Bogota';

/**
 * Typed one character at a time on /workshops. Every word occurs in the synthetic titles
 * or summaries (src/lib/server/demo/synthetic.ts): 73 keystrokes in all.
 */
export const QUERIES = [
  'tecnologia basica',
  'ingles para el trabajo',
  'lectura critica',
  'robotica desde cero'
] as const;

/** Every prefix of every query, in typing order. */
export function keystrokes(queries: readonly string[] = QUERIES): string[][] {
  return queries.map((q) => Array.from({ length: q.length }, (_, i) => q.slice(0, i + 1)));
}

export const KB = 1024;

/** Targets from the performance issue. Informative: a miss never fails anything. */
export const TARGETS = {
  pullMs: 3000,
  pullRatio: 1.5,
  keystrokeP95Ms: 16,
  homeJsGzBytes: 80 * KB,
  precacheBytes: 400 * KB,
  /** Issue 9, desk on the day of the workshop: code (or scan) → confirmation, offline. */
  deskCheckInP95Ms: 150,
  /** Issue 9: a 40-person roster opened offline. */
  deskRosterOpenMs: 100
} as const;
