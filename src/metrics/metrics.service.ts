import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The Prometheus text exposition format (0.0.4), as `render` writes it. */
export const METRICS_CONTENT_TYPE: string = Registry.PROMETHEUS_CONTENT_TYPE;

/** Reads current state (a query, a pool's counters) into gauges just before a scrape. */
export type ScrapeCollector = () => Promise<void> | void;

/** How long one scrape-time collector may take before the scrape goes on without it. */
const COLLECTOR_TIMEOUT_MS = 5_000;

/** Provider answers in seconds: fast lookups to the PROVIDER_TIMEOUT_MS ceiling. */
const PROVIDER_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30];
/** A settlement run: seconds for a quiet day to an hour for a very busy one. */
const SETTLEMENT_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600];

let processRegistry: Registry | undefined;

/**
 * prom-client's default metrics (CPU, memory, event loop lag, GC, handles): the process's,
 * so collected once in it however many applications it runs (tests run several), each of
 * which shows them.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * Palladium's Prometheus metrics: one registry per application (never prom-client's global
 * one, so two apps in one process stay apart) holding the catalogue below, shown with the
 * process's default metrics. Modules record counters and histograms as things happen and
 * register scrape-time collectors for what is read from the database or the pool; `render`
 * runs the collectors, then writes the text exposition format.
 *
 * Names carry the `palladium_` prefix and their unit; labels are low-cardinality (never an
 * id, a URL or a raw path). Database-wide gauges (backlogs, payouts) are the same on every
 * instance: aggregate them with max(), not sum().
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger(MetricsService.name);
  private readonly registry = new Registry();
  private readonly collectors = new Map<string, ScrapeCollector>();

  // HTTP (HttpMetricsMiddleware)
  readonly httpRequests = new Counter({
    name: 'palladium_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern (e.g. /api/v2/virtual-accounts/:id; "unmatched" when no route matched) and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'palladium_http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to the end of its response, by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  // Callbacks to merchants
  readonly callbackEventsDue = new Gauge({
    name: 'palladium_callback_events_due',
    help: 'Callback events due for delivery now and not yet claimed by a worker (database-wide).',
    labelNames: ['environment'] as const,
    registers: [this.registry],
  });
  readonly callbackOldestDueAge = new Gauge({
    name: 'palladium_callback_oldest_due_age_seconds',
    help: 'How long the longest-waiting due callback event has been due (0 when none is due).',
    labelNames: ['environment'] as const,
    registers: [this.registry],
  });
  readonly callbackEventsRetrying = new Gauge({
    name: 'palladium_callback_events_retrying',
    help: 'Callback events still to be delivered after at least one failed attempt.',
    labelNames: ['environment'] as const,
    registers: [this.registry],
  });
  readonly callbackEndpointsFailing = new Gauge({
    name: 'palladium_callback_endpoints_failing',
    help: 'Distinct merchant callback URLs with events retrying now or given up (failed) in the last 24 hours.',
    labelNames: ['environment'] as const,
    registers: [this.registry],
  });
  readonly callbackAttempts = new Counter({
    name: 'palladium_callback_delivery_attempts_total',
    help: 'Callback delivery attempts by outcome: delivered (2xx), rejected (another HTTP status), unreachable (no answer: refused, timeout, blocked address).',
    labelNames: ['environment', 'outcome'] as const,
    registers: [this.registry],
  });

  // Payouts (disbursements and withdrawals)
  readonly payoutsPending = new Gauge({
    name: 'palladium_payouts_pending',
    help: 'Payouts not finished yet, by environment and stage: sandbox, manual (an operator pays it), queued, inquired, submitting, submitted.',
    labelNames: ['environment', 'stage'] as const,
    registers: [this.registry],
  });
  readonly payoutsFinished = new Counter({
    name: 'palladium_payouts_finished_total',
    help: 'Payouts finished, by environment and outcome (done or failed).',
    labelNames: ['environment', 'status'] as const,
    registers: [this.registry],
  });
  readonly payoutsInDoubt = new Gauge({
    name: 'palladium_payouts_in_doubt',
    help: 'Production payouts sent to a provider whose outcome is not known yet.',
    registers: [this.registry],
  });
  readonly payoutsInDoubtOldestAge = new Gauge({
    name: 'palladium_payouts_in_doubt_oldest_age_seconds',
    help: 'Time since the oldest payout in doubt was sent to its provider (0 when none is in doubt).',
    registers: [this.registry],
  });

  // Upstream providers
  readonly providerCalls = new Counter({
    name: 'palladium_provider_calls_total',
    help: 'HTTP calls to upstream providers by provider, operation and outcome: ok (2xx), client_error (4xx), server_error (5xx), unreachable (never connected), no_answer (may have arrived: timeout, reset).',
    labelNames: ['provider', 'operation', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly providerCallDuration = new Histogram({
    name: 'palladium_provider_call_duration_seconds',
    help: 'Duration of HTTP calls to upstream providers, by provider and operation.',
    labelNames: ['provider', 'operation'] as const,
    buckets: PROVIDER_BUCKETS,
    registers: [this.registry],
  });

  // Settlement
  readonly settlementRunDuration = new Histogram({
    name: 'palladium_settlement_run_duration_seconds',
    help: 'Time this instance worked on a settlement run until it completed.',
    labelNames: ['environment'] as const,
    buckets: SETTLEMENT_BUCKETS,
    registers: [this.registry],
  });
  readonly settlementPaymentsSettled = new Counter({
    name: 'palladium_settlement_payments_settled_total',
    help: 'Payments settled by settlement runs (committed batches).',
    labelNames: ['environment'] as const,
    registers: [this.registry],
  });
  readonly settlementLastCompletedDate = new Gauge({
    name: 'palladium_settlement_last_completed_business_date_timestamp_seconds',
    help: 'The business date of the latest completed settlement run, as the Unix time of that date at 00:00 UTC.',
    labelNames: ['environment'] as const,
    registers: [this.registry],
  });

  // Ledger check (in the process that ran it: the operator API or console)
  readonly ledgerCheckOk = new Gauge({
    name: 'palladium_ledger_check_ok',
    help: 'Result of the last ledger check in this process: 1 every account matches its transfers, 0 differences found. Absent before the first check.',
    registers: [this.registry],
  });
  readonly ledgerCheckDifferences = new Gauge({
    name: 'palladium_ledger_check_differences',
    help: 'Differences found by the last ledger check in this process (expected: 0).',
    registers: [this.registry],
  });
  readonly ledgerCheckCompleted = new Gauge({
    name: 'palladium_ledger_check_last_run_timestamp_seconds',
    help: 'When the last ledger check in this process finished (Unix time).',
    registers: [this.registry],
  });

  // Database pool (this instance's)
  readonly dbPoolInUse = new Gauge({
    name: 'palladium_db_pool_connections_in_use',
    help: "Connections of this instance's database pool checked out by a query or transaction.",
    registers: [this.registry],
  });
  readonly dbPoolIdle = new Gauge({
    name: 'palladium_db_pool_connections_idle',
    help: "Open connections of this instance's database pool waiting for work.",
    registers: [this.registry],
  });
  readonly dbPoolWaiting = new Gauge({
    name: 'palladium_db_pool_waiting_requests',
    help: 'Queries and transactions waiting for a free pool connection.',
    registers: [this.registry],
  });
  readonly dbPoolMax = new Gauge({
    name: 'palladium_db_pool_connections_max',
    help: 'The pool size (DATABASE_POOL_SIZE).',
    registers: [this.registry],
  });

  private readonly collectorSuccess = new Gauge({
    name: 'palladium_metrics_collector_success',
    help: 'Whether the scrape-time collector read its values at the last scrape (1) or failed or timed out (0; its gauges keep their previous values).',
    labelNames: ['collector'] as const,
    registers: [this.registry],
  });

  constructor() {
    // Set when a check runs: until then the scrape has no sample (rather than a false 0).
    for (const gauge of [this.ledgerCheckOk, this.ledgerCheckDifferences, this.ledgerCheckCompleted]) gauge.remove();
  }

  /** Registers a scrape-time collector under a name (one per name: registering again replaces it). */
  onScrape(name: string, collect: ScrapeCollector): void {
    this.collectors.set(name, collect);
  }

  /** Runs the collectors (at once, each within its time limit), then writes every metric: the process's, then ours. */
  async render(): Promise<string> {
    await Promise.all([...this.collectors].map(([name, collect]) => this.runCollector(name, collect)));
    const [processText, ours] = await Promise.all([processMetrics().metrics(), this.registry.metrics()]);
    return `${processText}\n${ours}`;
  }

  /** Every metric a scrape shows: name, type and label names (to check what dashboards and alert rules name). */
  definitions(): { name: string; type: string; labelNames: string[] }[] {
    return [...processMetrics().getMetricsAsArray(), ...this.registry.getMetricsAsArray()].map((metric) => ({
      name: metric.name,
      type: String(metric.type),
      labelNames: [...((metric as { labelNames?: readonly string[] }).labelNames ?? [])],
    }));
  }

  /** Records the last ledger check's result. */
  recordLedgerCheck(report: { ok: boolean; differences: unknown[] }, at = new Date()): void {
    this.ledgerCheckOk.set(report.ok ? 1 : 0);
    this.ledgerCheckDifferences.set(report.differences.length);
    this.ledgerCheckCompleted.set(at.getTime() / 1000);
  }

  private async runCollector(name: string, collect: ScrapeCollector): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        collect(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${COLLECTOR_TIMEOUT_MS} ms`)), COLLECTOR_TIMEOUT_MS);
        }),
      ]);
      this.collectorSuccess.set({ collector: name }, 1);
    } catch (error) {
      this.collectorSuccess.set({ collector: name }, 0);
      this.logger.warn({ err: error, collector: name }, 'A metrics collector failed; its gauges keep their previous values');
    } finally {
      clearTimeout(timer);
    }
  }
}
