import { formatDuration, LineProgress, progressFigures, reportTo } from './progress';

describe('CLI progress', () => {
  function lines(options: { everyPercent?: number; everyMs?: number } = {}) {
    const written: string[] = [];
    let now = 1_000_000;
    const reporter = new LineProgress({ write: (line) => written.push(line), now: () => now, ...options });
    return { reporter, written, advance: (ms: number) => (now += ms) };
  }

  it('prints a line at the start, every 10%, and a last one with the rate when it stops', () => {
    const { reporter, written, advance } = lines();
    reporter.start(1000, 'ledger check (transfers)');
    for (let done = 50; done <= 1000; done += 50) {
      advance(100);
      reporter.update(done);
    }
    reporter.stop();
    expect(written[0]).toBe('ledger check (transfers): 0/1000 (0%) | 0.0/s | 0s elapsed | ETA ?');
    // 10%, 20% … 90%: one line each, not one per update; 100% is the last line's.
    expect(written.slice(1, -1).map((line) => line.split(' ')[3])).toEqual(['100/1000', '200/1000', '300/1000', '400/1000', '500/1000', '600/1000', '700/1000', '800/1000', '900/1000']);
    expect(written[1]).toBe('ledger check (transfers): 100/1000 (10%) | 500/s | 0s elapsed | ETA 2s');
    expect(written[5]).toBe('ledger check (transfers): 500/1000 (50%) | 500/s | 1s elapsed | ETA 1s');
    expect(written.at(-1)).toBe('ledger check (transfers): 1000/1000 (100%) | 500/s | 2s elapsed | done');
    expect(written).toHaveLength(11);
  });

  it('prints a line every few seconds when the run is slow, with the time left at the rate so far', () => {
    const { reporter, written, advance } = lines({ everyMs: 5_000 });
    reporter.start(10_000, 'reconciliation (checks)');
    for (let done = 1; done <= 12; done++) {
      advance(1_000);
      reporter.update(done);
    }
    expect(written).toEqual([
      'reconciliation (checks): 0/10000 (0%) | 0.0/s | 0s elapsed | ETA ?',
      'reconciliation (checks): 5/10000 (0%) | 1.0/s | 5s elapsed | ETA 2h 46m',
      'reconciliation (checks): 10/10000 (0%) | 1.0/s | 10s elapsed | ETA 2h 46m',
    ]);
    reporter.stop();
    expect(written.at(-1)).toBe('reconciliation (checks): 12/10000 (0%) | 1.0/s | 12s elapsed | stopped');
  });

  it('starts on the first report of a service, with its total', () => {
    const { reporter, written } = lines();
    const progress = reportTo(reporter, 'settlement (merchants)');
    progress(0, 0);
    reporter.stop();
    expect(written).toEqual(['settlement (merchants): 0/0 (100%) | 0.0/s | 0s elapsed | ETA 0s', 'settlement (merchants): 0/0 (100%) | 0.0/s | 0s elapsed | done']);
  });

  it('formats rates and durations for people', () => {
    expect(progressFigures(30, 120, 4_000)).toEqual({ done: 30, total: 120, percent: 25, rate: '7.5', elapsed: '4s', left: '12s' });
    expect(progressFigures(0, 120, 4_000).left).toBe('?');
    expect(formatDuration(59.4)).toBe('59s');
    expect(formatDuration(185)).toBe('3m 05s');
    expect(formatDuration(7_440)).toBe('2h 04m');
  });
});
