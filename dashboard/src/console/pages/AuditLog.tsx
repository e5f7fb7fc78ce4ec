import { ConsolePage } from '../ConsoleShell';

// PLACEHOLDER: replaced by the real page (issue 15, in progress).
export function AuditLogPage() {
  return <ConsolePage title="AuditLog">{null}</ConsolePage>;
}

