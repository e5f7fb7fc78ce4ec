import { ConsolePage } from '../ConsoleShell';

// PLACEHOLDER: replaced by the real page (issue 15, in progress).
export function AccountPage() {
  return <ConsolePage title="Account">{null}</ConsolePage>;
}

