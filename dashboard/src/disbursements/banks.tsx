import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../api/client';
import { formatRupiah } from '../format';
import { m } from '../i18n/messages';

export type Bank = Schemas['DisbursementBankDto'];

/** The banks money can be sent to; the list does not change while the app runs. */
export function useBanks() {
  return useQuery({ queryKey: ['disbursement-banks'], queryFn: () => unwrap(api.GET('/api/v2/banks')), staleTime: Infinity });
}

/** `Rp 10.000 – Rp 100.000.000`: the amounts a bank accepts in one transfer. */
export function bankAmountRange(bank: Bank | undefined): string | undefined {
  return bank ? `${formatRupiah(bank.min_amount)} – ${formatRupiah(bank.max_amount)}` : undefined;
}

/** A searchable choice of the banks that take transfers (disbursements, withdrawal accounts). */
export function BankSelect({ banks, value, onChange }: { banks: Bank[] | undefined; value: string; onChange: (code: string) => void }) {
  return (
    <Select
      label={m().common.bank}
      searchable
      data={(banks ?? []).filter((b) => b.can_disburse).map((b) => ({ value: b.code, label: b.name.includes(b.code) ? b.name : `${b.name} (${b.code})` }))}
      value={value}
      onChange={(code) => onChange(code ?? value)}
      allowDeselect={false}
    />
  );
}
