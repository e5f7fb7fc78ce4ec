import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { setRequestContext, type Environment } from './api/client';
import { useSessionQuery } from './api/session-query';
import { dashboardApi, type Session, type SignUpResult } from './api/dashboard';
import { can, type Action } from './permissions';

const ENVIRONMENT_KEY = 'palladium.environment';

interface SessionState {
  session: Session | null;
  loading: boolean;
  environment: Environment;
  setEnvironment(environment: Environment): void;
  /** Keys returned by sign-up: shown once on Home, kept only in memory. */
  newKeys: SignUpResult['api_keys'] | null;
  dismissNewKeys(): void;
  signedIn(session: Session, keys?: SignUpResult['api_keys']): void;
  signOut(everywhere?: boolean): Promise<void>;
  can(action: Action): boolean;
}

const SessionContext = createContext<SessionState | null>(null);

function storedEnvironment(): Environment {
  return localStorage.getItem(ENVIRONMENT_KEY) === 'production' ? 'production' : 'development';
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<Environment>(storedEnvironment);
  const [newKeys, setNewKeys] = useState<SignUpResult['api_keys'] | null>(null);
  const query = useSessionQuery(dashboardApi.session);
  const session = query.data ?? null;
  // Production only once an operator enabled it; every page shows one environment's data.
  const environment: Environment = chosen === 'production' && session?.merchant.production_enabled ? 'production' : 'development';
  setRequestContext({ environment, csrfToken: session?.csrf_token ?? null });

  const setEnvironment = useCallback((next: Environment) => {
    localStorage.setItem(ENVIRONMENT_KEY, next);
    setChosen(next);
  }, []);

  const signedIn = useCallback(
    (next: Session, keys?: SignUpResult['api_keys']) => {
      setRequestContext({ csrfToken: next.csrf_token });
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
      queryClient.setQueryData(['session'], next);
      setChosen('development');
      localStorage.setItem(ENVIRONMENT_KEY, 'development');
      setNewKeys(keys ?? null);
    },
    [queryClient],
  );

  const signOut = useCallback(
    async (everywhere = false) => {
      try {
        await (everywhere ? dashboardApi.signOutEverywhere() : dashboardApi.signOut());
      } finally {
        setNewKeys(null);
        setRequestContext({ csrfToken: null });
        // The session query stays (its observers must see null); everything else goes.
        queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
        queryClient.setQueryData(['session'], null);
      }
    },
    [queryClient],
  );

  const value = useMemo<SessionState>(
    () => ({
      session,
      loading: query.isPending,
      environment,
      setEnvironment,
      newKeys,
      dismissNewKeys: () => setNewKeys(null),
      signedIn,
      signOut,
      can: (action) => can(session?.person.role, action),
    }),
    [session, query.isPending, environment, setEnvironment, newKeys, signedIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** Query keys start with the environment, so switching it shows (and caches) the other one's data. */
export function useEnvKey(...parts: unknown[]): unknown[] {
  const { environment } = useSession();
  return [environment, ...parts];
}
