import type TestAgent from 'supertest/lib/agent';
import { adminAuth } from './test-app';

/** One sample of the Prometheus text format: `name{label="value",…} value`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments and blank lines skipped). */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!match) throw new Error(`Not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, name, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[name] = value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** What one scrape said. */
export class Scrape {
  constructor(
    readonly text: string,
    readonly samples: Sample[] = parseMetrics(text),
  ) {}

  /** The samples of `name` whose labels include `labels`. */
  matching(name: string, labels: Record<string, string> = {}): Sample[] {
    return this.samples.filter((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value));
  }

  /** The sum of the matching samples; 0 when there is none. */
  value(name: string, labels: Record<string, string> = {}): number {
    return this.matching(name, labels).reduce((sum, s) => sum + s.value, 0);
  }

  has(name: string, labels: Record<string, string> = {}): boolean {
    return this.matching(name, labels).length > 0;
  }
}

/** GET /metrics as an operator (ADMIN_API_TOKEN unless `auth` says otherwise). */
export async function scrape(http: TestAgent, auth: Record<string, string> = adminAuth): Promise<Scrape> {
  const response = await http.get('/metrics').set(auth);
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}: ${response.text}`);
  return new Scrape(response.text);
}

/** Scrapes until `done` holds for the scrape (or fails after `timeoutMs`, showing the last scrape's palladium_ lines). */
export async function scrapeUntil(http: TestAgent, done: (scrape: Scrape) => boolean, timeoutMs = 15_000): Promise<Scrape> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await scrape(http);
    if (done(current)) return current;
    if (Date.now() > deadline) {
      const lines = current.text.split('\n').filter((line) => line.startsWith('palladium_') && !line.includes('_bucket'));
      throw new Error(`Metrics did not reach the expected state within ${timeoutMs} ms:\n${lines.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
