import { Injectable } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from '../../metrics/metrics.service';
import { AttemptRecord, CallbackDeliveriesRepository, ClaimedEventRow } from './callback-deliveries.repository';
import { attemptOutcome } from './callback-metrics';
import { CallbackSender } from './callback-sender';
import { nextAttemptDelayMs } from './retry-schedule';

// test/callback-claims.e2e-spec.ts imports them from here to EXPLAIN them.
export { CLAIM_EVENTS_SQL, LOCK_DUE_MERCHANTS_SQL } from './callback-deliveries.repository';

export interface ClaimedEvent extends Omit<ClaimedEventRow, 'signing_secret' | 'previous_signing_secret'> {
  /** Current secret first; during a rotation the previous one signs too. */
  signing_secrets: string[];
}

/** What one attempt came to, to be recorded (in a batch) by `record`. */
export interface AttemptResult {
  event: ClaimedEvent;
  /** Undefined when nothing was sent (no URL). */
  attempt?: AttemptRecord['attempt'];
}

/** How long past the request timeout a claim stays ours before another worker may take it. */
const LEASE_MARGIN_SECONDS = 5;

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * Claims due events in batches and delivers them. A claim is a lease (leased_until +
 * lease_id) so any number of instances share the work and an instance that dies
 * mid-delivery loses nothing: its lease expires and the event is claimed again
 * (at-least-once). Claiming costs the same with 10 or 1,000,000 events waiting: see
 * LOCK_DUE_MERCHANTS_SQL and CLAIM_EVENTS_SQL.
 */
@Injectable()
export class CallbackDeliveryService {
  /** Round-robin position: the last merchant this instance locked for a claim. */
  private cursor = NIL_UUID;

  constructor(
    private readonly txHost: TransactionHost,
    private readonly deliveries: CallbackDeliveriesRepository,
    private readonly sender: CallbackSender,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  private get leaseSeconds(): number {
    return this.config.callbacks.timeoutMs / 1000 + LEASE_MARGIN_SECONDS;
  }

  /**
   * One round trip of the worker: records `results` (freeing their merchants' in-flight
   * slots) and claims up to `max` due events, fairly across merchants (round-robin over
   * merchants with due work, turns within the batch) and never taking a merchant past
   * CALLBACK_MAX_IN_FLIGHT_PER_MERCHANT leases across all instances. Either both happen
   * or neither.
   */
  async recordAndClaim(results: AttemptResult[], max: number): Promise<ClaimedEvent[]> {
    if (max <= 0) {
      await this.record(results);
      return [];
    }
    // A transaction of its own, whatever the caller is in. This instance's TransactionHost,
    // not @Transactional's process-wide one: instances sharing a process (tests) stay apart.
    return this.txHost.withTransaction(Propagation.RequiresNew, () => this.round(results, max));
  }

  private async round(results: AttemptResult[], max: number): Promise<ClaimedEvent[]> {
    await this.deliveries.commitWithoutFlushWait();
    if (results.length) await this.deliveries.record(this.attemptRecords(results));
    const merchants = await this.deliveries.lockDueMerchants(this.cursor, max);
    if (!merchants.length) {
      this.cursor = NIL_UUID;
      return [];
    }
    this.cursor = merchants[merchants.length - 1];
    const rows = await this.deliveries.claimEvents(merchants, max, this.config.callbacks.maxInFlightPerMerchant, this.leaseSeconds);
    return rows.map(({ signing_secret, previous_signing_secret, ...row }) => ({
      ...row,
      signing_secrets: [signing_secret, previous_signing_secret].filter((secret): secret is string => !!secret),
    }));
  }

  /** Sends one claimed event (no database work); `record` stores what came of it. */
  async attempt(event: ClaimedEvent): Promise<AttemptResult> {
    if (!event.url) return { event };
    if (!event.signing_secrets.length) throw new Error(`No callback credentials for merchant ${event.merchant_id}`);
    const attemptedAt = new Date();
    const outcome = await this.sender.send(
      { url: event.url, eventId: event.id, body: event.body, callbackToken: event.callback_token, signingSecrets: event.signing_secrets },
      attemptedAt,
    );
    this.metrics.callbackAttempts.inc({ environment: event.environment, outcome: attemptOutcome(outcome) });
    return { event, attempt: { attemptedAt, url: event.url, outcome } };
  }

  /** Logs the attempts and schedules the next attempt or closes each event, in one statement. */
  async record(results: AttemptResult[]): Promise<void> {
    if (results.length) await this.deliveries.record(this.attemptRecords(results));
  }

  /** The next status of each event: delivered, retried on the schedule, or failed once it runs out. */
  private attemptRecords(results: AttemptResult[]): AttemptRecord[] {
    return results.map(({ event, attempt }): AttemptRecord => {
      const common = { eventId: event.id, leaseId: event.lease_id };
      if (!attempt) return { ...common, status: 'no_url', attemptCount: event.attempt_count, retrySeconds: 0 };
      const attemptsMade = event.attempt_count + 1;
      const retryInMs = attempt.outcome.delivered ? undefined : nextAttemptDelayMs(this.config.callbacks.retryScheduleSeconds, attemptsMade);
      const status = attempt.outcome.delivered ? 'delivered' : retryInMs === undefined ? 'failed' : 'pending';
      return { ...common, status, attemptCount: attemptsMade, retrySeconds: (retryInMs ?? 0) / 1000, attempt };
    });
  }
}
