import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Environment } from '../../common/environment';
import { AppConfig } from '../../config/app-config';
import { CallbackSettingsService } from '../settings/callback-settings.service';
import { CallbackSender } from './callback-sender';
import { nextAttemptDelayMs } from './retry-schedule';

export interface ClaimedEvent {
  id: string;
  merchant_id: string;
  environment: Environment;
  event_type: string;
  body: string;
  attempt_count: number;
  lease_id: string;
}

/** How long past the request timeout a claim stays ours before another worker may take it. */
const LEASE_MARGIN_SECONDS = 5;

/**
 * Claims due events and delivers them. A claim is a lease (leased_until + lease_id),
 * taken with FOR UPDATE SKIP LOCKED, so any number of instances share the work and an
 * instance that dies mid-delivery loses nothing: its lease expires and the event is
 * claimed again (at-least-once).
 */
@Injectable()
export class CallbackDeliveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: CallbackSettingsService,
    private readonly sender: CallbackSender,
    private readonly config: AppConfig,
  ) {}

  /**
   * Up to `max` due events, oldest due first, never taking a merchant past
   * CALLBACK_MAX_IN_FLIGHT_PER_MERCHANT leased events, so one slow receiver cannot take
   * every delivery slot.
   */
  claim(max: number): Promise<ClaimedEvent[]> {
    const leaseSeconds = this.config.callbacks.timeoutMs / 1000 + LEASE_MARGIN_SECONDS;
    return this.dataSource.query(
      `WITH busy AS (
         SELECT merchant_id, count(*) AS n FROM callback_events
         WHERE status = 'pending' AND leased_until > now() GROUP BY merchant_id
       ), candidates AS (
         SELECT id, merchant_id, row_number() OVER (PARTITION BY merchant_id ORDER BY next_attempt_at, id) AS rn
         FROM callback_events
         WHERE status = 'pending' AND next_attempt_at <= now() AND (leased_until IS NULL OR leased_until <= now())
       ), picked AS (
         SELECT e.id FROM callback_events e
         JOIN candidates c ON c.id = e.id
         LEFT JOIN busy b ON b.merchant_id = c.merchant_id
         WHERE c.rn + coalesce(b.n, 0) <= $2
         ORDER BY e.next_attempt_at, e.id
         LIMIT $1
         FOR UPDATE OF e SKIP LOCKED
       ), claimed AS (
         UPDATE callback_events e
         SET leased_until = now() + make_interval(secs => $3), lease_id = gen_random_uuid()
         FROM picked
         WHERE e.id = picked.id AND e.status = 'pending' AND (e.leased_until IS NULL OR e.leased_until <= now())
         RETURNING e.id, e.merchant_id, e.environment, e.event_type, e.body, e.attempt_count, e.lease_id
       )
       SELECT * FROM claimed`,
      [max, this.config.callbacks.maxInFlightPerMerchant, leaseSeconds],
    );
  }

  /** One attempt: send, log it, then schedule the next attempt or close the event. */
  async deliver(event: ClaimedEvent): Promise<void> {
    const scope = { merchantId: event.merchant_id, environment: event.environment };
    const url = await this.settings.urlFor(scope, event.event_type);
    if (!url) {
      await this.dataSource.query(
        `UPDATE callback_events SET status = 'no_url', next_attempt_at = NULL, leased_until = NULL, lease_id = NULL
         WHERE id = $1 AND lease_id = $2`,
        [event.id, event.lease_id],
      );
      return;
    }
    const credentials = await this.settings.credentials(event.merchant_id);
    const attemptedAt = new Date();
    const outcome = await this.sender.send(
      { url, eventId: event.id, body: event.body, callbackToken: credentials.callback_token, signingSecrets: this.settings.signingSecretsOf(credentials) },
      attemptedAt,
    );
    const attemptsMade = event.attempt_count + 1;
    const retryInMs = outcome.delivered ? undefined : nextAttemptDelayMs(this.config.callbacks.retryScheduleSeconds, attemptsMade);
    const status = outcome.delivered ? 'delivered' : retryInMs === undefined ? 'failed' : 'pending';

    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO callback_attempts (event_id, attempted_at, url, status_code, latency_ms, error, response_snippet, delivered)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [event.id, attemptedAt, url, outcome.statusCode, outcome.latencyMs, outcome.error, outcome.responseSnippet, outcome.delivered],
      );
      // Only the lease holder closes the attempt; a worker whose lease expired changes nothing.
      await manager.query(
        `UPDATE callback_events
         SET status = $3, attempt_count = $4,
             next_attempt_at = CASE WHEN $3 = 'pending' THEN now() + make_interval(secs => $5) END,
             delivered_at = CASE WHEN $3 = 'delivered' THEN now() END,
             leased_until = NULL, lease_id = NULL
         WHERE id = $1 AND lease_id = $2`,
        [event.id, event.lease_id, status, attemptsMade, (retryInMs ?? 0) / 1000],
      );
    });
  }
}
