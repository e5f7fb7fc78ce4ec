import { ConsolePage } from '../ConsoleShell';

// PLACEHOLDER: replaced by the real page (issue 15, in progress).
export function CallbacksPage() {
  return <ConsolePage title="Callbacks">{null}</ConsolePage>;
}

