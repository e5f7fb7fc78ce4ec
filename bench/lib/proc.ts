import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** Linux /proc readings: CPU seconds of a process (and its reaped children), peak RSS. */

const TICKS_PER_SECOND = 100;

interface Times {
  own: number;
  children: number;
  ppid: number;
}

function times(pid: number): Times | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces: fields count from after its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [ppid, utime, stime, cutime, cstime] = [fields[1], fields[11], fields[12], fields[13], fields[14]].map(Number);
    return { ppid, own: (utime + stime) / TICKS_PER_SECOND, children: (cutime + cstime) / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/** CPU seconds used so far by one process. */
export function processCpuSeconds(pid: number): number {
  return times(pid)?.own ?? NaN;
}

/**
 * CPU seconds of a process tree one level deep, e.g. the postmaster: its own time, the time
 * of the backends it already reaped, and that of its live children.
 */
export function treeCpuSeconds(pid: number): number {
  const root = times(pid);
  if (!root) return NaN;
  let total = root.own + root.children;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = times(Number(entry));
    if (child?.ppid === pid) total += child.own;
  }
  return total;
}

/** Peak resident set size (VmHWM) in MB since start or the last resetPeakRss(). */
export function peakRssMb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Resets VmHWM to the current RSS (Linux: "5" > clear_refs); false where not allowed. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Measures CPU of the server process and the PostgreSQL tree over an interval. */
export class CpuMeter {
  private readonly start: { at: number; server: number; postgres: number };

  constructor(
    private readonly serverPid: number | undefined,
    private readonly postmasterPid: number | undefined,
  ) {
    this.start = this.read();
  }

  private read() {
    return {
      at: performance.now(),
      server: this.serverPid ? processCpuSeconds(this.serverPid) : NaN,
      postgres: this.postmasterPid ? treeCpuSeconds(this.postmasterPid) : NaN,
    };
  }

  /** Percent of one core used by each since the meter was made. */
  stop(): { serverCpu: number; postgresCpu: number } {
    const end = this.read();
    const seconds = (end.at - this.start.at) / 1000;
    return {
      serverCpu: ((end.server - this.start.server) / seconds) * 100,
      postgresCpu: ((end.postgres - this.start.postgres) / seconds) * 100,
    };
  }
}
