import { ConsolePage } from '../ConsoleShell';

// PLACEHOLDER: replaced by the real page (issue 15, in progress).
export function ApprovalsPage() {
  return <ConsolePage title="Approvals">{null}</ConsolePage>;
}

// PLACEHOLDER: replaced by the real page (issue 15, in progress).
export function ApprovalPage() {
  return <ConsolePage title="Approvals">{null}</ConsolePage>;
}

