/**
 * Banks that issue Palladium virtual accounts, and retail outlets that take payment codes.
 * Limits follow Xendit's documented expected-amount limits (Fixed VA: Rp 1 to
 * Rp 50,000,000,000, but an update "can only be less than Rp.1000000000"; Fixed Payment
 * Code: Rp 10,000 to Rp 5,000,000). The sandbox applies them too.
 */
export interface VirtualAccountBankRecord {
  code: string;
  name: string;
  /** The bank's code at Xendit (our BSS is their SAHABAT_SAMPOERNA). */
  xenditCode: string;
  /** Listed but refused until enabled by configuration (BCA: VA_BCA_ENABLED). */
  comingSoon: boolean;
  minAmount: number;
  maxAmount: number;
  /** The largest expected amount an update may set. */
  maxUpdateAmount: number;
}

export interface RetailOutletRecord {
  name: string;
  xenditCode: string;
  minAmount: number;
  maxAmount: number;
}

const VA_LIMITS = { minAmount: 1, maxAmount: 50_000_000_000, maxUpdateAmount: 999_999_999 };

export const VIRTUAL_ACCOUNT_BANKS: readonly VirtualAccountBankRecord[] = [
  { code: 'BNI', name: 'Bank Negara Indonesia (BNI)', xenditCode: 'BNI', comingSoon: false, ...VA_LIMITS },
  { code: 'BRI', name: 'Bank Rakyat Indonesia (BRI)', xenditCode: 'BRI', comingSoon: false, ...VA_LIMITS },
  { code: 'BSS', name: 'Bank Sahabat Sampoerna', xenditCode: 'SAHABAT_SAMPOERNA', comingSoon: false, ...VA_LIMITS },
  { code: 'BCA', name: 'Bank Central Asia (BCA)', xenditCode: 'BCA', comingSoon: true, ...VA_LIMITS },
];

export const RETAIL_OUTLETS: readonly RetailOutletRecord[] = [
  { name: 'ALFAMART', xenditCode: 'ALFAMART', minAmount: 10_000, maxAmount: 5_000_000 },
];
