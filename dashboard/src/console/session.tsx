import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { api, setRequestContext, unwrap, type Schemas } from '../api/client';
import { useSessionQuery } from '../api/session-query';

export type ConsoleSession = Schemas['ConsoleSessionDto'];
export type OperatorRole = ConsoleSession['operator']['role'];

const ROLES: OperatorRole[] = ['viewer', 'operator', 'approver', 'admin'];

/** Whether a role includes another (each includes the ones before it); the server decides the same way. */
export function roleAtLeast(role: OperatorRole | undefined, needed: OperatorRole): boolean {
  return role !== undefined && ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export const consoleAuthApi = {
  session: () => unwrap(api.GET('/admin/console/session')),
  enroll: (body: Schemas['SignInDto']) => unwrap(api.POST('/admin/console/totp-enrollment', { body })),
  signIn: (body: Schemas['ConsoleSignInDto']) => unwrap(api.POST('/admin/console/sign-in', { body })),
  signOut: () => unwrap(api.POST('/admin/console/sign-out')),
  changePassword: (body: Schemas['ChangePasswordDto']) => unwrap(api.POST('/admin/console/password', { body })),
};

interface ConsoleSessionState {
  session: ConsoleSession | null;
  loading: boolean;
  signedIn(session: ConsoleSession): void;
  signOut(): Promise<void>;
  /** Whether the signed-in operator's role reaches `needed` (the console hides what the server would refuse). */
  can(needed: OperatorRole): boolean;
}

const ConsoleSessionContext = createContext<ConsoleSessionState | null>(null);

/** The operator signed in to the console (palladium_console cookie); its CSRF token rides on every change. */
export function ConsoleSessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const query = useSessionQuery(consoleAuthApi.session);
  const session = query.data ?? null;
  setRequestContext({ csrfToken: session?.csrf_token ?? null });

  const signedIn = useCallback(
    (next: ConsoleSession) => {
      setRequestContext({ csrfToken: next.csrf_token });
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
      queryClient.setQueryData(['session'], next);
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await consoleAuthApi.signOut();
    } finally {
      setRequestContext({ csrfToken: null });
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
      queryClient.setQueryData(['session'], null);
    }
  }, [queryClient]);

  const value = useMemo<ConsoleSessionState>(
    () => ({ session, loading: query.isPending, signedIn, signOut, can: (needed) => roleAtLeast(session?.operator.role, needed) }),
    [session, query.isPending, signedIn, signOut],
  );
  return <ConsoleSessionContext.Provider value={value}>{children}</ConsoleSessionContext.Provider>;
}

export function useConsoleSession(): ConsoleSessionState {
  const state = useContext(ConsoleSessionContext);
  if (!state) throw new Error('useConsoleSession outside ConsoleSessionProvider');
  return state;
}
