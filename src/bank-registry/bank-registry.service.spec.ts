import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/errors/domain-error';
import { BankRegistryService } from './bank-registry.service';

const registry = (env: NodeJS.ProcessEnv = {}) => new BankRegistryService(AppConfig.fromEnv(env));

function errorCodeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as DomainError).code;
  }
  return undefined;
}

describe('BankRegistryService', () => {
  it('lists every disbursal bank of the spec with Duitku codes where Duitku serves it', () => {
    const banks = registry().listDisbursementBanks();
    expect(banks).toHaveLength(143);
    expect(new Set(banks.map((b) => b.code)).size).toBe(banks.length);
    const byCode = new Map(banks.map((b) => [b.code, b]));
    expect(byCode.get('BCA')).toMatchObject({ name: 'Bank Central Asia (BCA)', duitkuCode: '014', maxAmount: 50_000_000 });
    expect(byCode.get('BRI')).toMatchObject({ duitkuCode: '002', maxAmount: 100_000_000, minAmount: 10_000 });
    expect(byCode.get('SAHABAT_SAMPOERNA')?.duitkuCode).toBe('523');
    expect(byCode.get('BCA_UUS' as string)).toBeUndefined();
    expect(byCode.get('ACEH_UUS')?.duitkuCode).toBeNull();
  });

  it('rejects an unknown disbursal bank code', () => {
    expect(registry().requireDisbursementBank('MANDIRI').duitkuCode).toBe('008');
    expect(errorCodeOf(() => registry().requireDisbursementBank('NOPE'))).toBe('BANK_NOT_SUPPORTED_ERROR');
  });

  it('offers BNI, BRI and BSS virtual accounts and lists BCA as coming soon', () => {
    const service = registry();
    expect(service.listVirtualAccountBanks().map((b) => [b.code, b.available])).toEqual([
      ['BNI', true],
      ['BRI', true],
      ['BSS', true],
      ['BCA', false],
    ]);
    expect(service.requireVirtualAccountBank('BSS').xenditCode).toBe('SAHABAT_SAMPOERNA');
    expect(errorCodeOf(() => service.requireVirtualAccountBank('BCA'))).toBe('BANK_COMING_SOON_ERROR');
    expect(errorCodeOf(() => service.requireVirtualAccountBank('MANDIRI'))).toBe('BANK_NOT_SUPPORTED_ERROR');
  });

  it('enables BCA virtual accounts by configuration', () => {
    expect(registry({ VA_BCA_ENABLED: 'true' }).requireVirtualAccountBank('BCA').available).toBe(true);
  });

  it('knows ALFAMART as the retail outlet', () => {
    expect(registry().requireRetailOutlet('ALFAMART').maxAmount).toBe(5_000_000);
    expect(errorCodeOf(() => registry().requireRetailOutlet('INDOMARET'))).toBe('RETAIL_OUTLET_NOT_SUPPORTED_ERROR');
  });
});
