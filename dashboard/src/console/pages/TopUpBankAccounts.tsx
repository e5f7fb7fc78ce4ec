import { ConsolePage } from '../ConsoleShell';

// PLACEHOLDER: replaced by the real page (issue 15, in progress).
export function TopUpBankAccountsPage() {
  return <ConsolePage title="TopUpBankAccounts">{null}</ConsolePage>;
}

