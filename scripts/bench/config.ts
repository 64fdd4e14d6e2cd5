/** What the benchmark measures, shared by its parts. */

export const BENCH_BRANCH_ID = 'br-bench';
export const BENCH_BRANCH_NAME = 'Parque Biblioteca Sintética';
export const SYNTHETIC = { workshops: 5000, sessions: 20000 } as const;

/** The demo park whose home page the JavaScript byte count loads. */
export const HOME_BRANCH_NAME = 'Parque Biblioteca España';

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
  precacheBytes: 400 * KB
} as const;
