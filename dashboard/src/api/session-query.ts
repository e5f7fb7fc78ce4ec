import { useQuery } from '@tanstack/react-query';
import { ApiError } from './client';

/**
 * Who is signed in (the merchant dashboard's person, or the console's operator), cached under
 * the query key `session`: null when the server answers 401 (not signed in, or the session
 * ended), which the apps send to their sign-in page.
 */
export function useSessionQuery<T>(fetchSession: () => Promise<T>) {
  return useQuery({
    queryKey: ['session'],
    queryFn: async (): Promise<T | null> => {
      try {
        return await fetchSession();
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    retry: false,
    staleTime: 60_000,
  });
}
