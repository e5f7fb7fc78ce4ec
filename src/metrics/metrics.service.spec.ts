import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import type { Request } from 'express';
import { load } from 'js-yaml';
import { routeLabel } from './http-metrics.middleware';
import { MetricsService } from './metrics.service';

const DEPLOY = path.resolve(__dirname, '../../deploy');

/** Every series name a scrape can show: histograms as their _bucket, _sum and _count series. */
function seriesNames(metrics: MetricsService): Set<string> {
  return new Set(metrics.definitions().flatMap(({ name, type }) => (type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name])));
}

/** The metric names a PromQL expression (or an annotation's query) uses. */
const metricNamesIn = (text: string) => [...new Set(text.match(/\b(?:palladium|process|nodejs)_[a-z0-9_]+/g) ?? [])];

describe('MetricsService', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it('names its metrics palladium_<what>_<unit> with low-cardinality labels, next to the default process metrics', () => {
    const metrics = new MetricsService();
    const ours = metrics.definitions().filter((metric) => metric.name.startsWith('palladium_'));
    expect(ours.length).toBeGreaterThanOrEqual(20);
    for (const metric of ours) {
      expect(metric.name).toMatch(/^palladium_[a-z0-9_]+$/);
      // Never an id, a URL or a raw path: those make a series per value.
      for (const label of metric.labelNames) expect(['method', 'route', 'status', 'environment', 'outcome', 'stage', 'provider', 'operation', 'collector']).toContain(label);
    }
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(seriesNames(metrics).has(name)).toBe(true);
    }
  });

  it('runs every scrape-time collector before writing; one that fails is reported and leaves the rest alone', async () => {
    const metrics = new MetricsService();
    metrics.onScrape('working', () => metrics.payoutsInDoubt.set(3));
    metrics.onScrape('broken', async () => {
      throw new Error('database unreachable');
    });
    const text = await metrics.render();
    expect(text).toContain('palladium_payouts_in_doubt 3');
    expect(text).toContain('palladium_metrics_collector_success{collector="working"} 1');
    expect(text).toContain('palladium_metrics_collector_success{collector="broken"} 0');
    expect(text).toMatch(/^# TYPE palladium_http_request_duration_seconds histogram$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
  });

  it('collects the process metrics once per process, however many applications it runs', async () => {
    const [first, second] = [new MetricsService(), new MetricsService()];
    const names = (text: string) => text.split('\n').filter((line) => line.startsWith('# TYPE ')).map((line) => line.split(' ')[2]);
    expect(names(await first.render())).toEqual(names(await second.render()));
    expect(names(await first.render()).filter((name) => name === 'nodejs_eventloop_lag_seconds')).toHaveLength(1);
  });

  it('shows no ledger check result before one ran, then the last one', async () => {
    const metrics = new MetricsService();
    expect(await metrics.render()).not.toMatch(/^palladium_ledger_check/m);
    metrics.recordLedgerCheck({ ok: false, differences: [{}, {}] }, new Date('2026-11-21T07:00:00Z'));
    const text = await metrics.render();
    expect(text).toContain('palladium_ledger_check_ok 0');
    expect(text).toContain('palladium_ledger_check_differences 2');
    expect(text).toContain(`palladium_ledger_check_last_run_timestamp_seconds ${Date.parse('2026-11-21T07:00:00Z') / 1000}`);
  });

  it('labels HTTP requests with the matched route pattern, or "unmatched"', () => {
    const request = (route?: { path: unknown }) => ({ route }) as unknown as Request;
    expect(routeLabel(request({ path: '/api/v2/virtual-accounts/:id' }))).toBe('/api/v2/virtual-accounts/:id');
    expect(routeLabel(request({ path: '/{*path}' }))).toBe('unmatched');
    expect(routeLabel(request({ path: ['/a', '/b'] }))).toBe('unmatched');
    expect(routeLabel(request())).toBe('unmatched');
  });
});

describe('deploy/prometheus/alerts.yml', () => {
  interface Rule {
    alert?: string;
    expr?: string;
    for?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  }
  const rules = () => (load(readFileSync(path.join(DEPLOY, 'prometheus/alerts.yml'), 'utf8')) as { groups: { name: string; rules: Rule[] }[] }).groups.flatMap((group) => group.rules);

  it('is a Prometheus rules file: named groups of alerts with an expression, a severity and a summary', () => {
    const document = load(readFileSync(path.join(DEPLOY, 'prometheus/alerts.yml'), 'utf8')) as { groups: { name: string; rules: Rule[] }[] };
    expect(Object.keys(document)).toEqual(['groups']);
    for (const group of document.groups) {
      expect(group.name).toMatch(/\S/);
      expect(Object.keys(group).sort()).toEqual(['name', 'rules']);
    }
    const alerts = rules();
    expect(new Set(alerts.map((rule) => rule.alert)).size).toBe(alerts.length);
    for (const rule of alerts) {
      expect(Object.keys(rule).every((key) => ['alert', 'expr', 'for', 'labels', 'annotations'].includes(key))).toBe(true);
      expect(rule.alert).toMatch(/^Palladium[A-Za-z]+$/);
      expect(rule.expr).toMatch(/\S/);
      if (rule.for !== undefined) expect(rule.for).toMatch(/^\d+[smh]$/);
      expect(['warning', 'critical']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary).toMatch(/\S/);
      expect(rule.annotations?.description).toMatch(/\S/);
      // Balanced brackets: a cheap guard against a broken expression.
      for (const [open, close] of ['()', '{}', '[]']) expect(rule.expr!.split(open).length).toBe(rule.expr!.split(close).length);
    }
  });

  it('alerts on what the issue asks, with metrics the app exports', () => {
    const exported = seriesNames(new MetricsService());
    const alerts = rules();
    expect(alerts.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining(['PalladiumCallbacksBackingUp', 'PalladiumPayoutInDoubtOverAnHour', 'PalladiumSettlementLate', 'PalladiumLedgerCheckFailing', 'PalladiumProviderErrorRate']),
    );
    for (const rule of alerts) {
      const used = metricNamesIn(`${rule.expr} ${Object.values(rule.annotations ?? {}).join(' ')}`);
      expect(used.length).toBeGreaterThan(0);
      expect(used.filter((name) => !exported.has(name))).toEqual([]);
    }
    // 14:30 in Asia/Jakarta (UTC+7) is 07:30 UTC: 27,000 seconds into the UTC day.
    expect(alerts.find((rule) => rule.alert === 'PalladiumSettlementLate')!.expr).toContain('(time() - 27000) - (time() - 27000) % 86400');
  });
});

describe('deploy/grafana/palladium-dashboard.json', () => {
  it('charts metrics the app exports', () => {
    const dashboard = JSON.parse(readFileSync(path.join(DEPLOY, 'grafana/palladium-dashboard.json'), 'utf8')) as {
      title: string;
      panels: { type: string; targets?: { expr: string }[] }[];
    };
    expect(dashboard.title).toBe('Palladium');
    const exprs = dashboard.panels.flatMap((panel) => panel.targets ?? []).map((target) => target.expr);
    expect(exprs.length).toBeGreaterThan(20);
    const exported = seriesNames(new MetricsService());
    const used = metricNamesIn(exprs.join(' '));
    expect(used.filter((name) => !exported.has(name))).toEqual([]);
    // Every metric of ours is on the dashboard.
    const ours = [...exported].filter((name) => name.startsWith('palladium_') && !/_(sum|count)$/.test(name));
    expect(ours.filter((name) => !used.includes(name) && !used.includes(name.replace(/_bucket$/, '_sum')))).toEqual([]);
  });
});
