import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Loading } from '../components/states';
import { ConsoleShell } from './ConsoleShell';
import { AccountPage } from './pages/Account';
import { ApprovalPage, ApprovalsPage } from './pages/Approvals';
import { AuditLogPage } from './pages/AuditLog';
import { CallbacksPage } from './pages/Callbacks';
import { LedgerCheckPage } from './pages/LedgerCheck';
import { MerchantPage, MerchantsPage } from './pages/Merchants';
import { OperatorsPage } from './pages/Operators';
import { PayoutsInDoubtPage } from './pages/PayoutsInDoubt';
import { ReconciliationPage } from './pages/Reconciliation';
import { SettlementRunPage, SettlementPage } from './pages/Settlement';
import { ConsoleSignInPage } from './pages/SignIn';
import { TopUpBankAccountsPage } from './pages/TopUpBankAccounts';
import { TopUpsPage } from './pages/TopUps';
import { WithdrawalsPage } from './pages/Withdrawals';
import { useConsoleSession } from './session';

function RequireConsoleSession({ children }: { children: ReactNode }) {
  const { session, loading } = useConsoleSession();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!session) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  return children;
}

/** The operator console, at /console: the same build as the merchant dashboard, its own sign-in and pages. */
export function ConsoleApp() {
  return (
    <Routes>
      <Route path="/sign-in" element={<ConsoleSignInPage />} />
      <Route
        element={
          <RequireConsoleSession>
            <ConsoleShell />
          </RequireConsoleSession>
        }
      >
        <Route index element={<Navigate to="/approvals" replace />} />
        <Route path="approvals" element={<ApprovalsPage />} />
        <Route path="approvals/:id" element={<ApprovalPage />} />
        <Route path="merchants" element={<MerchantsPage />} />
        <Route path="merchants/:id" element={<MerchantPage />} />
        <Route path="top-ups" element={<TopUpsPage />} />
        <Route path="top-up-bank-accounts" element={<TopUpBankAccountsPage />} />
        <Route path="withdrawals" element={<WithdrawalsPage />} />
        <Route path="payouts-in-doubt" element={<PayoutsInDoubtPage />} />
        <Route path="settlement" element={<SettlementPage />} />
        <Route path="settlement/:id" element={<SettlementRunPage />} />
        <Route path="reconciliation" element={<ReconciliationPage />} />
        <Route path="ledger-check" element={<LedgerCheckPage />} />
        <Route path="callbacks" element={<CallbacksPage />} />
        <Route path="audit" element={<AuditLogPage />} />
        <Route path="operators" element={<OperatorsPage />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="*" element={<Navigate to="/approvals" replace />} />
      </Route>
    </Routes>
  );
}
