/**
 * When the next attempt is due after `attemptsMade` attempts, or undefined when the
 * schedule is exhausted. `schedule[i]` is the delay before attempt i + 1; delays get up to
 * ±10% jitter so retries of many events do not arrive in lockstep.
 */
export function nextAttemptDelayMs(schedule: number[], attemptsMade: number, random: () => number = Math.random): number | undefined {
  if (attemptsMade >= schedule.length) return undefined;
  const base = schedule[attemptsMade] * 1000;
  return Math.round(base * (0.9 + 0.2 * random()));
}
