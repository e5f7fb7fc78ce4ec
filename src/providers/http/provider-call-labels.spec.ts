import { xenditOperation } from '../xendit/xendit.client';
import { providerCallOutcome, ProviderTransportError } from './provider-http.client';

describe('provider call metrics labels', () => {
  it('names the outcome by the answer: ok, client_error, server_error, or no answer at all', () => {
    expect(providerCallOutcome({ status: 200 })).toBe('ok');
    expect(providerCallOutcome({ status: 204 })).toBe('ok');
    expect(providerCallOutcome({ status: 404 })).toBe('client_error');
    expect(providerCallOutcome({ status: 503 })).toBe('server_error');
    expect(providerCallOutcome(new ProviderTransportError('no', 'ECONNREFUSED', 'refused'))).toBe('unreachable');
    expect(providerCallOutcome(new ProviderTransportError('unknown', 'UND_ERR_HEADERS_TIMEOUT', 'timeout'))).toBe('no_answer');
  });

  it('names a Xendit call by method and resource, never by an id or a query', () => {
    expect(xenditOperation('POST', '/callback_virtual_accounts')).toBe('POST /callback_virtual_accounts');
    expect(xenditOperation('PATCH', '/callback_virtual_accounts/5f2d9a')).toBe('PATCH /callback_virtual_accounts/:id');
    expect(xenditOperation('GET', '/callback_virtual_account_payments/payment_id=abc')).toBe('GET /callback_virtual_account_payments/:id');
    expect(xenditOperation('GET', '/disbursements?external_id=0123abcd')).toBe('GET /disbursements');
    expect(xenditOperation('GET', '/disbursements/disb-123')).toBe('GET /disbursements/:id');
    expect(xenditOperation('GET', '/balance')).toBe('GET /balance');
  });
});
