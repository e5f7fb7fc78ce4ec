import { ConsolePage } from '../ConsoleShell';

// PLACEHOLDER: replaced by the real page (issue 15, in progress).
export function WithdrawalsPage() {
  return <ConsolePage title="Withdrawals">{null}</ConsolePage>;
}

