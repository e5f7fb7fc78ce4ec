import { ConsolePage } from '../ConsoleShell';

// PLACEHOLDER: replaced by the real page (issue 15, in progress).
export function PayoutsInDoubtPage() {
  return <ConsolePage title="PayoutsInDoubt">{null}</ConsolePage>;
}

