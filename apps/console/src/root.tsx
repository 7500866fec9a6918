import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { earlyKey } from './api/early-requests.js';
import { prefetchFleetPage } from './api/queries.js';
import { App } from './app.js';

const client = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 5_000 } },
});

// The early reads' answers are parsed into the cache before the first render, which then shows them at once.
const key = earlyKey();
if (key) prefetchFleetPage(client, key);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
