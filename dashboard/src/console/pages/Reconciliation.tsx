import { ConsolePage } from '../ConsoleShell';

// PLACEHOLDER: replaced by the real page (issue 15, in progress).
export function ReconciliationPage() {
  return <ConsolePage title="Reconciliation">{null}</ConsolePage>;
}

