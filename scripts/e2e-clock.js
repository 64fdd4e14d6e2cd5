// Runs the end-to-end suite at another time of day: `PARQUE_E2E_NOW=2026-12-01T23:50:00-05:00
// npm run test:e2e`. The first process that loads this (Playwright's config) turns the
// wanted time into an offset from the real clock and hands it on in the environment, so
// the seed, the server, the test workers and every browser context (see
// tests/e2e/fixtures.ts) agree on one shifted "now" that keeps running. Unset: no effect.
const at = process.env.PARQUE_E2E_NOW;
if (at && process.env.PARQUE_E2E_OFFSET_MS === undefined) {
  const target = new Date(at).getTime();
  if (!Number.isFinite(target)) throw new Error(`PARQUE_E2E_NOW is not a date: ${at}`);
  process.env.PARQUE_E2E_OFFSET_MS = String(target - Date.now());
}
const offset = Number(process.env.PARQUE_E2E_OFFSET_MS ?? 0);
const SHIFTED = Symbol.for('parque.e2e.shiftedClock');
if (offset && !Reflect.get(globalThis, SHIFTED)) {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  /** @type {DateConstructor} */
  const ShiftedDate = new Proxy(RealDate, {
    construct: (target, args, newTarget) =>
      Reflect.construct(target, args.length === 0 ? [realNow() + offset] : args, newTarget),
    apply: () => new RealDate(realNow() + offset).toString(),
    get: (target, prop, receiver) =>
      prop === 'now' ? () => realNow() + offset : Reflect.get(target, prop, receiver)
  });
  globalThis.Date = ShiftedDate;
  Reflect.set(globalThis, SHIFTED, true);
}

/** The shifted time as epoch ms, or undefined when the suite runs on the real clock. */
export const shiftedNow = () => (offset ? Date.now() : undefined);
