import { ConsolePage } from '../ConsoleShell';

// PLACEHOLDER: replaced by the real page (issue 15, in progress).
export function LedgerCheckPage() {
  return <ConsolePage title="LedgerCheck">{null}</ConsolePage>;
}

