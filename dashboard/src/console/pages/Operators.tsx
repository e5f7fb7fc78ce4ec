import { ConsolePage } from '../ConsoleShell';

// PLACEHOLDER: replaced by the real page (issue 15, in progress).
export function OperatorsPage() {
  return <ConsolePage title="Operators">{null}</ConsolePage>;
}

