import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COUNTDOWN_S, IDLE_MS, IdleWatch } from './idle.svelte';

class PersonEvent extends Event {}

describe('IdleWatch', () => {
  let resets = 0;
  let watch: IdleWatch;
  let stop: () => void;

  beforeEach(() => {
    vi.useFakeTimers();
    // A window to listen on: only what the watch uses.
    const target = new EventTarget();
    vi.stubGlobal('window', target);
    resets = 0;
    // Node's events are never trusted; a test's "person" is an event marked as one.
    watch = new IdleWatch(
      () => resets++,
      (e) => e instanceof PersonEvent
    );
    stop = watch.start();
  });
  afterEach(() => {
    stop();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('warns after 90 s idle and counts down for at least 20 s (WCAG 2.2.1)', () => {
    expect(IDLE_MS).toBe(90_000);
    expect(COUNTDOWN_S).toBeGreaterThanOrEqual(20);
    vi.advanceTimersByTime(IDLE_MS - 1);
    expect(watch.remaining).toBeNull();
    vi.advanceTimersByTime(1);
    expect(watch.remaining).toBe(COUNTDOWN_S);
    vi.advanceTimersByTime(5_000);
    expect(watch.remaining).toBe(COUNTDOWN_S - 5);
    expect(resets).toBe(0);
  });

  it('resets when the countdown runs out, then watches again', () => {
    vi.advanceTimersByTime(IDLE_MS + COUNTDOWN_S * 1000);
    expect(resets).toBe(1);
    expect(watch.remaining).toBeNull();
    vi.advanceTimersByTime(IDLE_MS);
    expect(watch.remaining).toBe(COUNTDOWN_S);
  });

  it('any input before the warning starts the 90 s again', () => {
    vi.advanceTimersByTime(60_000);
    window.dispatchEvent(new PersonEvent('pointerdown'));
    vi.advanceTimersByTime(60_000);
    expect(watch.remaining).toBeNull();
    vi.advanceTimersByTime(30_000);
    expect(watch.remaining).toBe(COUNTDOWN_S);
  });

  it('during the warning only "stay" keeps the session; "reset now" resets at once', () => {
    vi.advanceTimersByTime(IDLE_MS);
    window.dispatchEvent(new PersonEvent('pointerdown'));
    expect(watch.remaining).toBe(COUNTDOWN_S);
    watch.stay();
    expect(watch.remaining).toBeNull();
    vi.advanceTimersByTime(IDLE_MS);
    watch.resetNow();
    expect(resets).toBe(1);
    expect(watch.remaining).toBeNull();
  });

  it('events a script dispatches are not a person: they never keep the screen up', () => {
    vi.advanceTimersByTime(80_000);
    window.dispatchEvent(new Event('pointerdown'));
    window.dispatchEvent(new Event('input'));
    vi.advanceTimersByTime(10_000);
    expect(watch.remaining).toBe(COUNTDOWN_S);
  });

  it('by default trusts only events the browser marks isTrusted', () => {
    const plain = new IdleWatch(() => {});
    const stopPlain = plain.start();
    vi.advanceTimersByTime(80_000);
    window.dispatchEvent(new PersonEvent('keydown'));
    vi.advanceTimersByTime(10_000);
    expect(plain.remaining).toBe(COUNTDOWN_S);
    stopPlain();
  });
});
