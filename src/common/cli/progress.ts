import { Presets, SingleBar } from 'cli-progress';
import type { Progress } from '../progress';

/**
 * Progress of a long CLI run (settlement, reconciliation, ledger check), shown on stderr so
 * that stdout keeps the command's one JSON document. On a terminal it is a bar redrawn in
 * place; elsewhere (CI, a pipe, a log file) a plain line now and then.
 */
export interface ProgressReporter {
  start(total: number, label: string): void;
  update(done: number): void;
  stop(): void;
}

/** What a reporter shows: how far, how fast, how long it has run and how long it still needs. */
export interface ProgressFigures {
  done: number;
  total: number;
  /** 0–100, whole. */
  percent: number;
  /** Units per second so far, formatted (`1234`, `12.5`). */
  rate: string;
  elapsed: string;
  /** Time left at the rate so far; `?` until something is done. */
  left: string;
}

export function progressFigures(done: number, total: number, elapsedMs: number): ProgressFigures {
  const seconds = Math.max(elapsedMs, 1) / 1000;
  const perSecond = done / seconds;
  const remaining = Math.max(total - done, 0);
  return {
    done,
    total,
    percent: total > 0 ? Math.floor((Math.min(done, total) / total) * 100) : 100,
    rate: perSecond >= 100 ? String(Math.round(perSecond)) : perSecond.toFixed(1),
    elapsed: formatDuration(elapsedMs / 1000),
    left: remaining === 0 ? '0s' : done > 0 ? formatDuration(remaining / perSecond) : '?',
  };
}

/** `7s`, `3m 05s`, `2h 04m`. */
export function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m ${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(whole / 3600)}h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}m`;
}

export interface LineProgressOptions {
  /** Writes one line (without its newline). */
  write: (line: string) => void;
  now?: () => number;
  /** A line whenever another this many percent are done (default 10). */
  everyPercent?: number;
  /** …or this long after the previous line, whichever comes first (default 5 s). */
  everyMs?: number;
}

/**
 * For output that is not a terminal: a line when the run starts, whenever another 10% is
 * done or 5 seconds have passed since the previous line, and one when it ends:
 *
 *   ledger check (transfers): 1200/5000 (24%) | 350/s | 3s elapsed | ETA 11s
 *   ledger check (transfers): 5000/5000 (100%) | 357/s | 14s elapsed | done
 */
export class LineProgress implements ProgressReporter {
  private readonly now: () => number;
  private readonly everyPercent: number;
  private readonly everyMs: number;
  private run?: { label: string; total: number; startedAt: number; done: number; lastLineAt: number; lastStep: number };

  constructor(private readonly options: LineProgressOptions) {
    this.now = options.now ?? Date.now;
    this.everyPercent = options.everyPercent ?? 10;
    this.everyMs = options.everyMs ?? 5_000;
  }

  start(total: number, label: string): void {
    const now = this.now();
    this.run = { label, total, startedAt: now, done: 0, lastLineAt: now, lastStep: 0 };
    this.print();
  }

  update(done: number): void {
    const run = this.run;
    if (!run) return;
    run.done = done;
    // The last line is stop()'s.
    if (done >= run.total) return;
    const now = this.now();
    const step = Math.floor(progressFigures(done, run.total, 0).percent / this.everyPercent);
    if (step > run.lastStep || now - run.lastLineAt >= this.everyMs) {
      run.lastStep = step;
      run.lastLineAt = now;
      this.print();
    }
  }

  stop(): void {
    const run = this.run;
    if (!run) return;
    this.print(run.done >= run.total ? 'done' : 'stopped');
    this.run = undefined;
  }

  private print(ending?: string): void {
    const run = this.run!;
    const figures = progressFigures(run.done, run.total, this.now() - run.startedAt);
    const last = ending ?? `ETA ${figures.left}`;
    this.options.write(`${run.label}: ${run.done}/${run.total} (${figures.percent}%) | ${figures.rate}/s | ${figures.elapsed} elapsed | ${last}`);
  }
}

/** For a terminal: a cli-progress bar, redrawn in place on stderr. */
export class BarProgress implements ProgressReporter {
  private readonly bar: SingleBar;
  private startedAt = 0;
  private total = 0;

  constructor(stream: NodeJS.WritableStream = process.stderr) {
    this.bar = new SingleBar(
      { stream, format: '{label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | {elapsed} elapsed | ETA {left}', hideCursor: true, clearOnComplete: false },
      Presets.shades_classic,
    );
  }

  start(total: number, label: string): void {
    this.startedAt = Date.now();
    this.total = total;
    this.bar.start(total, 0, { label, ...this.payload(0) });
  }

  update(done: number): void {
    this.bar.update(done, this.payload(done));
  }

  stop(): void {
    if (this.bar.isActive) this.bar.stop();
  }

  private payload(done: number): { rate: string; elapsed: string; left: string } {
    const { rate, elapsed, left } = progressFigures(done, this.total, Date.now() - this.startedAt);
    return { rate, elapsed, left };
  }
}

/** The reporter for this process's stderr: a bar on a terminal, lines otherwise. */
export function stderrProgress(): ProgressReporter {
  return process.stderr.isTTY ? new BarProgress(process.stderr) : new LineProgress({ write: (line) => process.stderr.write(`${line}\n`) });
}

/** A service's Progress callback feeding a reporter: the first report starts it (with its total). */
export function reportTo(reporter: ProgressReporter, label: string): Progress {
  let started = false;
  return (done, total) => {
    if (!started) {
      started = true;
      reporter.start(total, label);
    }
    reporter.update(done);
  };
}
