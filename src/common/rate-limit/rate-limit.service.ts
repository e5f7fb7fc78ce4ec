import { ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../../config/app-config';
import { DomainError } from '../errors/domain-error';
import { ERROR_CATALOGUE } from '../errors/error-codes';
import { clientAddress } from './client-address';

/** What a request proved, set by the guard that checked it. */
export type Credential = 'api-key' | 'session' | 'admin-token' | 'provider-token';

export type CredentialedRequest = Request & { credential?: Credential };

/**
 * Abuse limits, in fixed windows kept in this process's memory (README "Limits"):
 * - per API key: every request of an authenticated merchant (a signed-in person's requests
 *   count the same way, per person);
 * - per client address: requests that prove no credential, i.e. failed authentications
 *   and calls of endpoints without one. A successful operator or provider request is not
 *   counted: a busy provider must not be refused its own webhooks;
 * - dashboard sign-in: attempts per email and per client address in a longer window
 *   (SIGN_IN_*), so passwords cannot be guessed at the pace of the other limits.
 */
@Injectable()
export class RateLimitService {
  private readonly perClient: RateLimiterMemory;
  private readonly perKey: RateLimiterMemory;
  private readonly signInPerEmail: RateLimiterMemory;
  private readonly signInPerClient: RateLimiterMemory;

  constructor(config: AppConfig) {
    const { windowSeconds, perIp, perKey } = config.rateLimits;
    this.perClient = new RateLimiterMemory({ keyPrefix: 'client', points: perIp, duration: windowSeconds });
    this.perKey = new RateLimiterMemory({ keyPrefix: 'api-key', points: perKey, duration: windowSeconds });
    const { signInWindowSeconds, signInAttemptsPerEmail, signInAttemptsPerIp } = config.dashboard;
    this.signInPerEmail = new RateLimiterMemory({ keyPrefix: 'sign-in-email', points: signInAttemptsPerEmail, duration: signInWindowSeconds });
    this.signInPerClient = new RateLimiterMemory({ keyPrefix: 'sign-in-client', points: signInAttemptsPerIp, duration: signInWindowSeconds });
  }

  /**
   * Runs a guard's credential check. A client that used up its failures is refused before
   * its credential is even looked at, so the answer tells it nothing about the credential;
   * a failed check (a 401) counts against its address.
   */
  async authenticate<T>(context: ExecutionContext, credential: Credential, check: () => T | Promise<T>): Promise<T> {
    const { request, response } = this.http(context);
    const client = clientAddress(request.ip);
    const spent = await this.perClient.get(client);
    if (spent && spent.consumedPoints >= this.perClient.points) throw this.limited(response, spent, this.clientLimitMessage());
    let result: T;
    try {
      result = await check();
    } catch (error) {
      if (error instanceof DomainError && ERROR_CATALOGUE[error.code].status === 401) {
        await this.consume(this.perClient, client, response, this.clientLimitMessage());
      }
      throw error;
    }
    request.credential = credential;
    return result;
  }

  /** Counts a request of an authenticated merchant against its API key. */
  async countApiKey(context: ExecutionContext, apiKeyId: string): Promise<void> {
    const { response } = this.http(context);
    const message = `Too many requests with this API key: at most ${this.perKey.points} per ${this.perKey.duration} s`;
    const state = await this.consume(this.perKey, apiKeyId, response, message);
    response.setHeader('X-RateLimit-Limit', this.perKey.points);
    response.setHeader('X-RateLimit-Remaining', state.remainingPoints);
    response.setHeader('X-RateLimit-Reset', seconds(state.msBeforeNext));
  }

  /** Counts a request of a signed-in person (any of their sessions) like an API key's. */
  async countSession(context: ExecutionContext, personId: string): Promise<void> {
    const { response } = this.http(context);
    const message = `Too many requests in your dashboard sessions: at most ${this.perKey.points} per ${this.perKey.duration} s`;
    const state = await this.consume(this.perKey, `person:${personId}`, response, message);
    response.setHeader('X-RateLimit-Limit', this.perKey.points);
    response.setHeader('X-RateLimit-Remaining', state.remainingPoints);
    response.setHeader('X-RateLimit-Reset', seconds(state.msBeforeNext));
  }

  /**
   * Takes one dashboard sign-in attempt from the client address and, when given, from the
   * email (lower-cased), before the password is looked at; 429 once either is spent. Every
   * attempt counts at once, so a burst in parallel cannot outrun the count. The returned
   * function gives the attempt back: called when it succeeded, so only failures add up.
   */
  async takeSignInAttempt(context: ExecutionContext, email: string | undefined): Promise<() => Promise<void>> {
    const { request, response } = this.http(context);
    const client = clientAddress(request.ip);
    const message = `Too many sign-in attempts from your address: at most ${this.signInPerClient.points} per ${this.signInPerClient.duration} s`;
    await this.consume(this.signInPerClient, client, response, message);
    const emailKey = email?.trim().toLowerCase();
    if (emailKey) {
      const perEmail = `Too many sign-in attempts for this email: at most ${this.signInPerEmail.points} per ${this.signInPerEmail.duration} s`;
      await this.consume(this.signInPerEmail, emailKey, response, perEmail);
    }
    return async () => {
      await this.signInPerClient.reward(client, 1);
      if (emailKey) await this.signInPerEmail.reward(emailKey, 1);
    };
  }

  /** Counts a request that proved no credential against its client address. */
  async countClient(context: ExecutionContext): Promise<void> {
    const { request, response } = this.http(context);
    await this.consume(this.perClient, clientAddress(request.ip), response, this.clientLimitMessage());
  }

  private clientLimitMessage(): string {
    return `Too many requests without a valid credential from your address: at most ${this.perClient.points} per ${this.perClient.duration} s`;
  }

  private async consume(limiter: RateLimiterMemory, key: string, response: Response, message: string): Promise<RateLimiterRes> {
    try {
      return await limiter.consume(key);
    } catch (rejection) {
      // The limiter rejects with its state when the key is over the limit, with an Error otherwise.
      if (rejection instanceof RateLimiterRes) throw this.limited(response, rejection, message);
      throw rejection;
    }
  }

  private limited(response: Response, state: RateLimiterRes, message: string): DomainError {
    const retryAfter = seconds(state.msBeforeNext);
    response.setHeader('Retry-After', retryAfter);
    return new DomainError('RATE_LIMITED_ERROR', `${message}; retry in ${retryAfter} s`);
  }

  private http(context: ExecutionContext): { request: CredentialedRequest; response: Response } {
    const http = context.switchToHttp();
    return { request: http.getRequest<CredentialedRequest>(), response: http.getResponse<Response>() };
  }
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
