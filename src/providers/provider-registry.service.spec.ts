import type { AppConfig } from '../config/app-config';
import type { PayoutBank } from '../domain/payouts';
import type { AccountInquiryPort, BalancePort, MoneyInPort, MoneyOutPort, PaymentLookupPort, WebhookPort } from '../domain/provider-ports';
import type { ProviderPlugin } from './provider-plugin';
import { ProviderRegistry } from './provider-registry.service';

/** Ports that only need to be told apart: the registry never calls them. */
const port = <T>(name: string, extra: object = {}) => ({ name, ...extra }) as T;
const moneyIn = (name: string, products = ['virtual_account', 'retail_payment']) => port<MoneyInPort>(name, { products });
const moneyOut = (name: string, serves: (bank: PayoutBank) => boolean) => port<MoneyOutPort>(name, { supportsBank: serves });

const everyBank = () => true;
const withDuitkuCode = (bank: PayoutBank) => bank.duitkuBankCode !== null;
const bca: PayoutBank = { bankCode: 'BCA', duitkuBankCode: '014' };
const uus: PayoutBank = { bankCode: 'BTN_UUS', duitkuBankCode: null };

function plugins(configured: { xendit?: boolean; duitku?: boolean; acme?: boolean } = {}): ProviderPlugin[] {
  return [
    { name: 'sandbox', environment: 'development', configured: true, moneyIn: moneyIn('sandbox') },
    {
      name: 'xendit',
      environment: 'production',
      configured: configured.xendit ?? true,
      moneyIn: moneyIn('xendit'),
      paymentLookup: port<PaymentLookupPort>('xendit'),
      moneyOut: moneyOut('xendit', everyBank),
      balance: port<BalancePort>('xendit'),
      webhooks: port<WebhookPort>('xendit'),
    },
    {
      name: 'duitku',
      environment: 'production',
      configured: configured.duitku ?? true,
      moneyOut: moneyOut('duitku', withDuitkuCode),
      accountInquiry: port<AccountInquiryPort>('duitku', { supportsBank: withDuitkuCode }),
      balance: port<BalancePort>('duitku'),
      webhooks: port<WebhookPort>('duitku'),
    },
    // A third provider is one more plugin and its name in DISBURSEMENT_PROVIDERS.
    { name: 'acme', environment: 'production', configured: configured.acme ?? false, moneyOut: moneyOut('acme', everyBank), balance: port<BalancePort>('acme') },
  ];
}

function registry(configured: Parameters<typeof plugins>[0] = {}, disbursementOrder = ['duitku', 'xendit']): ProviderRegistry {
  return new ProviderRegistry({ providers: { disbursementOrder } } as AppConfig, plugins(configured));
}

describe('ProviderRegistry', () => {
  it('money in: the sandbox in development, the configured production adapter that opens the product', () => {
    expect(registry().moneyIn('development', 'virtual_account').name).toBe('sandbox');
    expect(registry({ xendit: false }).moneyIn('development', 'retail_payment').name).toBe('sandbox');
    expect(registry().moneyIn('production', 'retail_payment').name).toBe('xendit');
    expect(() => registry({ xendit: false }).moneyIn('production', 'retail_payment')).toThrow(
      expect.objectContaining({ code: 'PROVIDER_NOT_CONFIGURED_ERROR', message: expect.stringContaining('production retail payments') }),
    );
  });

  it('a payout route: the sandbox in development; in production DISBURSEMENT_PROVIDERS, configured and serving the bank', () => {
    expect(registry().payoutRoute('development', uus)).toEqual(['sandbox']);
    expect(registry().payoutRoute('production', bca)).toEqual(['duitku', 'xendit']);
    expect(registry({}, ['xendit', 'duitku']).payoutRoute('production', bca)).toEqual(['xendit', 'duitku']);
    expect(registry().payoutRoute('production', uus)).toEqual(['xendit']);
    expect(registry({ duitku: false }).payoutRoute('production', bca)).toEqual(['xendit']);
    expect(registry({ acme: true }, ['acme', 'duitku']).payoutRoute('production', bca)).toEqual(['acme', 'duitku']);
  });

  it('refuses a production payout no configured provider can send', () => {
    expect(() => registry({ xendit: false }).payoutRoute('production', uus)).toThrow(
      expect.objectContaining({ code: 'PROVIDER_NOT_CONFIGURED_ERROR', message: 'No upstream provider is configured for production disbursements to BTN_UUS' }),
    );
  });

  it('finds payout adapters by name, whether or not configured', () => {
    const providers = registry({ duitku: false });
    expect(providers.moneyOut('duitku').name).toBe('duitku');
    expect(providers.payoutProviders()).toEqual(['xendit', 'duitku', 'acme']);
    expect(providers.sendsPayouts('duitku')).toBe(true);
    expect(providers.sendsPayouts('sandbox')).toBe(false);
    expect(providers.sendsPayouts('manual')).toBe(false);
    expect(() => providers.moneyOut('sandbox')).toThrow('No payout adapter is registered as sandbox');
  });

  it('account inquiry: the first configured provider that serves the bank', () => {
    expect(registry().accountInquiry(bca)?.name).toBe('duitku');
    expect(registry().accountInquiry(uus)).toBeNull();
    expect(registry({ duitku: false }).accountInquiry(bca)).toBeNull();
  });

  it('reconciliation: balances and payment records of configured providers, in registration order', () => {
    expect(registry({ acme: true }).balances().map((balance) => balance.name)).toEqual(['xendit', 'duitku', 'acme']);
    expect(registry({ xendit: false }).balances().map((balance) => balance.name)).toEqual(['duitku']);
    expect(registry({ xendit: false }).balanceProviders()).toEqual(['xendit', 'duitku', 'acme']);
    expect(registry().paymentLookups().map((lookup) => lookup.name)).toEqual(['xendit']);
    expect(registry({ xendit: false }).paymentLookups()).toEqual([]);
  });

  it('webhooks by name, configured or not (verification refuses an unconfigured provider)', () => {
    expect(registry({ duitku: false }).webhooks('duitku').name).toBe('duitku');
    expect(() => registry().webhooks('acme')).toThrow('No webhook adapter is registered as acme');
  });
});
