import { formatAge, formatDuration } from './age';

describe('console ages and durations', () => {
  it('reads an age at a glance, never negative', () => {
    expect(formatAge(-5_000)).toBe('0 s');
    expect(formatAge(45_000)).toBe('45 s');
    expect(formatAge(12 * 60_000 + 59_000)).toBe('12 min');
    expect(formatAge(3 * 3_600_000)).toBe('3 h');
    expect(formatAge(3 * 3_600_000 + 5 * 60_000)).toBe('3 h 5 min');
    expect(formatAge(2 * 86_400_000 + 4 * 3_600_000 + 60_000)).toBe('2 d 4 h');
  });

  it('says how long a run took', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(4_240)).toBe('4.2 s');
    expect(formatDuration(3 * 60_000 + 12_000)).toBe('3 min 12 s');
  });
});
