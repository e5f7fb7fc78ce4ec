import type { Schemas } from '../../api/client';

export type ReconciliationReport = Schemas['ReconciliationReportDto'];
type Row<K extends keyof ReconciliationReport> = ReconciliationReport[K] extends (infer T)[] ? T : never;

/** Everything the report says about one provider: its balance line and the rows behind each count. */
export interface ProviderReconciliation {
  provider: string;
  /** Undefined for a provider we hold no balance at (or that is not configured any more). */
  balance: Row<'balances'> | undefined;
  disbursements: Row<'disbursements'>[];
  payments: Row<'payments'>[];
  unmatched: Row<'provider_events'>[];
  conflicts: Row<'provider_events'>[];
  inDoubt: Row<'payouts_in_doubt'>[];
}

/** Whether a balance line needs attention: the provider could not be asked, or the balances differ. */
export function balanceDiffers(balance: Row<'balances'> | undefined): boolean {
  if (!balance) return false;
  return balance.difference === null || BigInt(balance.difference) !== 0n;
}

/** Whether the provider and Palladium agree on everything the report checked. */
export function agrees(line: ProviderReconciliation): boolean {
  return !balanceDiffers(line.balance) && [line.disbursements, line.payments, line.unmatched, line.conflicts, line.inDoubt].every((rows) => rows.length === 0);
}

/**
 * The report regrouped per provider: the providers with a balance line in the report's order,
 * then any other provider a row names (a webhook from one no longer configured, say).
 */
export function byProvider(report: ReconciliationReport): ProviderReconciliation[] {
  const names = [
    ...report.balances.map((line) => line.provider),
    ...[...report.disbursements, ...report.payments, ...report.provider_events, ...report.payouts_in_doubt].map((row) => row.provider).sort(),
  ];
  return [...new Set(names)].map((provider) => ({
    provider,
    balance: report.balances.find((line) => line.provider === provider),
    disbursements: report.disbursements.filter((row) => row.provider === provider),
    payments: report.payments.filter((row) => row.provider === provider),
    unmatched: report.provider_events.filter((row) => row.provider === provider && row.outcome === 'unmatched'),
    conflicts: report.provider_events.filter((row) => row.provider === provider && row.outcome !== 'unmatched'),
    inDoubt: report.payouts_in_doubt.filter((row) => row.provider === provider),
  }));
}
