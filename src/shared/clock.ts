/**
 * The one clock of a process (issue 16): decisions and stored times read it, so a test that sets
 * the time sees every record made at that time. Injected by the composition root (app/services.ts).
 */
export interface Clock {
  now(): Date;
  /** `now()` as stored: ISO 8601 with milliseconds, UTC. */
  nowIso(): string;
}

export const systemClock: Clock = {
  now: () => new Date(),
  nowIso: () => new Date().toISOString(),
};

/** A clock from a `now` function (the services' `now` option), or the system clock. */
export function clockOf(now?: () => Date): Clock {
  if (!now) return systemClock;
  return { now, nowIso: () => now().toISOString() };
}

/** A clock a test moves by hand. */
export function manualClock(start: Date | string): Clock & { set(t: Date | string): void; advance(ms: number): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    nowIso: () => new Date(t).toISOString(),
    set: (to) => void (t = new Date(to).getTime()),
    advance: (ms) => void (t += ms),
  };
}
