import { ApiKeyCache } from './api-key-cache';
import { AuthenticatedMerchant } from '../common/http/merchant-api';

const merchant = (merchantId: string, environment: 'development' | 'production'): AuthenticatedMerchant => ({
  merchantId,
  environment,
  name: 'PT Test',
  email: 'qa@test.com',
  apiKeyId: `${merchantId}-${environment}`,
});

/** A cache whose instance hears revocations (its listener is connected). */
function listening(cache: ApiKeyCache): ApiKeyCache {
  cache.resume();
  return cache;
}

describe('ApiKeyCache', () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => (now = 0));

  it('remembers an accepted key for the TTL only', () => {
    const cache = listening(new ApiKeyCache(5_000, clock));
    cache.set('hash-a', merchant('m1', 'production'));
    now = 4_999;
    expect(cache.get('hash-a')).toMatchObject({ merchantId: 'm1' });
    now = 5_000;
    expect(cache.get('hash-a')).toBeUndefined();
  });

  it('forgets a merchant environment at once (revocation, rotation) and keeps the other', () => {
    const cache = listening(new ApiKeyCache(5_000, clock));
    cache.set('hash-p', merchant('m1', 'production'));
    cache.set('hash-d', merchant('m1', 'development'));
    cache.forget('m1', 'production');
    expect(cache.get('hash-p')).toBeUndefined();
    expect(cache.get('hash-d')).toBeDefined();
  });

  it('caches nothing with a TTL of 0', () => {
    const cache = new ApiKeyCache(0, clock);
    cache.set('hash-a', merchant('m1', 'production'));
    expect(cache.get('hash-a')).toBeUndefined();
  });

  it('caches nothing while revocations cannot be heard, and forgets all when they stop being heard', () => {
    const cache = new ApiKeyCache(5_000, clock);
    cache.set('hash-a', merchant('m1', 'production'));
    expect(cache.get('hash-a')).toBeUndefined();
    cache.resume();
    cache.set('hash-a', merchant('m1', 'production'));
    expect(cache.get('hash-a')).toMatchObject({ merchantId: 'm1' });
    cache.suspend();
    expect(cache.get('hash-a')).toBeUndefined();
    cache.set('hash-a', merchant('m1', 'production'));
    expect(cache.get('hash-a')).toBeUndefined();
  });
});
