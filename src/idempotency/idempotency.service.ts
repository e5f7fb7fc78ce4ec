import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { ClsService } from 'nestjs-cls';
import type { MerchantScope } from '../common/environment';
import { DomainError } from '../common/errors/domain-error';
import { IdempotencyRepository } from './idempotency.repository';

export { IDEMPOTENCY_KEY_TTL_HOURS } from './idempotency.repository';

export type IdempotencyClaim =
  | { kind: 'execute'; leaseId: string }
  | { kind: 'replay'; status: number; body: unknown };

/** Stores a request's response with its Idempotency-Key; must run in the transaction that makes the change. */
export type StoreResponse = (body: unknown) => Promise<void>;

/** The claim of the request being handled, kept in its CLS context by the interceptor. */
interface PendingResponse {
  scope: MerchantScope;
  key: string;
  leaseId: string;
  status: number;
  recorded: boolean;
}

const PENDING_RESPONSE = Symbol('idempotency pending response');

/** Same request = same method, path and body (keys sorted, so JSON key order does not matter). */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]))
        : value;
  return createHash('sha256').update(JSON.stringify([method, path, canonical(body)])).digest('hex');
}

/**
 * Idempotency-Key handling after the IETF draft: the first request with a key claims it
 * (committed at once, so a concurrent duplicate sees it and gets 409). The use case stores
 * its response (recordResponse) in the same transaction as the change it made, so "done" and
 * "remembered" can never disagree, and no transaction is held around the rest of the request
 * (a provider call, say). A retry of a finished request replays the stored response.
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);

  constructor(
    private readonly keys: IdempotencyRepository,
    private readonly cls: ClsService,
  ) {}

  async claim(scope: MerchantScope, key: string, fingerprint: string): Promise<IdempotencyClaim> {
    const leaseId = randomUUID();
    if (await this.keys.claim(scope, key, fingerprint, leaseId)) return { kind: 'execute', leaseId };

    const existing = await this.keys.find(scope, key);
    if (!existing) return this.claim(scope, key, fingerprint);
    if (existing.request_fingerprint !== fingerprint) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED_ERROR', `Idempotency-Key ${key} was already used with a different request`);
    }
    if (existing.status === 'in_flight') {
      throw new DomainError('IDEMPOTENCY_REQUEST_IN_PROGRESS_ERROR', `A request with Idempotency-Key ${key} is still being processed`);
    }
    return { kind: 'replay', status: existing.response_status!, body: JSON.parse(existing.response_body!) };
  }

  /** Runs `handle` as the request holding the claim; its use case then records its response through recordResponse. */
  async handleClaimed<T>(scope: MerchantScope, key: string, leaseId: string, status: number, handle: () => Promise<T>): Promise<T> {
    const pending: PendingResponse = { scope, key, leaseId, status, recorded: false };
    try {
      const body = await this.cls.run({ ifNested: 'inherit' }, () => {
        this.cls.set(PENDING_RESPONSE, pending);
        return handle();
      });
      if (!pending.recorded) {
        // A use case that stores nothing of its own (or forgot to record): remember the answer now.
        this.logger.error(`${key}: the response was not recorded in the use case's transaction; storing it afterwards`);
        await this.storeAlone(pending, body);
      }
      return body;
    } catch (error) {
      await this.keys.release(scope, key, leaseId);
      throw error;
    }
  }

  /**
   * The function that stores this request's response, or undefined without an Idempotency-Key.
   * Taken in the request's own context, it may be called later from another one (a group commit).
   */
  responseRecorder(): StoreResponse | undefined {
    const pending = this.cls.isActive() ? this.cls.get<PendingResponse | undefined>(PENDING_RESPONSE) : undefined;
    if (!pending) return undefined;
    return async (body) => {
      await this.storeNow(pending, body);
      pending.recorded = true;
    };
  }

  /** Inside the use case's transaction: remembers the response it is about to return (nothing without a key), and returns it. */
  async recordResponse<T>(body: T): Promise<T> {
    await this.responseRecorder()?.(body);
    return body;
  }

  @Transactional()
  private storeAlone(pending: PendingResponse, body: unknown): Promise<void> {
    return this.storeNow(pending, body);
  }

  private async storeNow(pending: PendingResponse, body: unknown): Promise<void> {
    // Our lease ran out and a retry took the key over: roll this one back.
    if (!(await this.keys.complete(pending.scope, pending.key, pending.leaseId, pending.status, body))) {
      throw new DomainError('IDEMPOTENCY_REQUEST_IN_PROGRESS_ERROR', `Idempotency-Key ${pending.key} was taken over by a retry`);
    }
  }

  /** Deletes keys past their 24 h; returns how many. Expired keys already count as absent. */
  purgeExpired(limit = 10_000): Promise<number> {
    return this.keys.purgeExpired(limit);
  }
}
