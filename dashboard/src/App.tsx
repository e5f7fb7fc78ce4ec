import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Loading } from './components/states';
import { Shell } from './components/Shell';
import { ApiKeysPage } from './pages/ApiKeys';
import { AccountPage } from './pages/Account';
import { AuditPage } from './pages/Audit';
import { CallbackEventPage, CallbackLogPage } from './pages/CallbackLog';
import { CallbacksPage } from './pages/Callbacks';
import { DisbursementDetailPage } from './pages/DisbursementDetail';
import { DisbursementsPage } from './pages/Disbursements';
import { HomePage } from './pages/Home';
import { PeoplePage } from './pages/People';
import { RetailPaymentPage, RetailPaymentsPage } from './pages/RetailPayments';
import { SandboxPage } from './pages/Sandbox';
import { SignInPage, SignUpPage } from './pages/SignIn';
import { StatementsPage } from './pages/Statements';
import { TopUpsPage } from './pages/TopUps';
import { VirtualAccountPage, VirtualAccountsPage } from './pages/VirtualAccounts';
import { WithdrawalsPage } from './pages/Withdrawals';
import { useSession } from './session';

function RequireSession({ children }: { children: ReactNode }) {
  const { session, loading } = useSession();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!session) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  return children;
}

export function App() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="/sign-up" element={<SignUpPage />} />
      <Route
        element={
          <RequireSession>
            <Shell />
          </RequireSession>
        }
      >
        <Route index element={<HomePage />} />
        <Route path="api-keys" element={<ApiKeysPage />} />
        <Route path="settings/callbacks" element={<CallbacksPage />} />
        <Route path="callbacks" element={<CallbackLogPage />} />
        <Route path="callbacks/:id" element={<CallbackEventPage />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="virtual-accounts" element={<VirtualAccountsPage />} />
        <Route path="virtual-accounts/:id" element={<VirtualAccountPage />} />
        <Route path="retail-payments" element={<RetailPaymentsPage />} />
        <Route path="retail-payments/:id" element={<RetailPaymentPage />} />
        <Route path="sandbox" element={<SandboxPage />} />
        <Route path="disbursements" element={<DisbursementsPage />} />
        <Route path="disbursements/:id" element={<DisbursementDetailPage />} />
        <Route path="top-ups" element={<TopUpsPage />} />
        <Route path="withdrawals" element={<WithdrawalsPage />} />
        <Route path="statements" element={<StatementsPage />} />
        <Route path="people" element={<PeoplePage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}
