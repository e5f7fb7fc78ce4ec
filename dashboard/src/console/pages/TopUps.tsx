import { ConsolePage } from '../ConsoleShell';

// PLACEHOLDER: replaced by the real page (issue 15, in progress).
export function TopUpsPage() {
  return <ConsolePage title="TopUps">{null}</ConsolePage>;
}

