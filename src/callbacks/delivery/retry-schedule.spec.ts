import { nextAttemptDelayMs } from './retry-schedule';

const DEFAULT = [0, 5, 300, 1800, 7200, 18000, 36000, 36000];

describe('callback retry schedule', () => {
  it('follows immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then gives up', () => {
    const middle = () => 0.5;
    expect(DEFAULT.map((_, i) => nextAttemptDelayMs(DEFAULT, i, middle))).toEqual(DEFAULT.map((s) => s * 1000));
    expect(nextAttemptDelayMs(DEFAULT, 8, middle)).toBeUndefined();
  });

  it('jitters by at most 10%', () => {
    expect(nextAttemptDelayMs(DEFAULT, 2, () => 0)).toBe(270_000);
    expect(nextAttemptDelayMs(DEFAULT, 2, () => 1)).toBe(330_000);
    expect(nextAttemptDelayMs(DEFAULT, 0, () => 1)).toBe(0);
  });
});
