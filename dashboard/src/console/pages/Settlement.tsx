import { ConsolePage } from '../ConsoleShell';

// PLACEHOLDER: replaced by the real page (issue 15, in progress).
export function SettlementPage() {
  return <ConsolePage title="Settlement">{null}</ConsolePage>;
}

// PLACEHOLDER: replaced by the real page (issue 15, in progress).
export function SettlementRunPage() {
  return <ConsolePage title="Settlement">{null}</ConsolePage>;
}

