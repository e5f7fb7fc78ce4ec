import '@mantine/core/styles.css';
import { createTheme, MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiError } from './api/client';
import { App } from './App';
import { ConsoleApp } from './console/ConsoleApp';
import { ConsoleSessionProvider } from './console/session';
import { SessionProvider } from './session';

const theme = createTheme({ primaryColor: 'indigo', defaultRadius: 'md' });

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // An error the server meant (4xx) is shown at once; network trouble is retried once.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 1,
      refetchOnWindowFocus: false,
    },
  },
});

// A session that ended (expired, signed out elsewhere) sends the person back to sign-in.
queryClient.getQueryCache().subscribe((event) => {
  const error = event.query.state.error;
  if (event.type === 'updated' && error instanceof ApiError && error.status === 401 && event.query.queryKey[0] !== 'session') {
    queryClient.setQueryData(['session'], null);
  }
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        {/* One build, two areas: the operator console at /console, the merchant dashboard at /dashboard. */}
        {window.location.pathname.startsWith('/console') ? (
          <BrowserRouter basename="/console">
            <ConsoleSessionProvider>
              <ConsoleApp />
            </ConsoleSessionProvider>
          </BrowserRouter>
        ) : (
          <BrowserRouter basename="/dashboard">
            <SessionProvider>
              <App />
            </SessionProvider>
          </BrowserRouter>
        )}
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
