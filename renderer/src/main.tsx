import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { AllCommunityModule, ModuleRegistry, provideGlobalGridOptions } from 'ag-grid-community';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConsoleError } from '../../common/errors';
import { App } from './app';
import { getGridLocaleText } from './grids/grid-locale';
import { resolveLanguage, translate } from './i18n/i18n';
import { ApiContext, createClient } from './platform/api-client';
import { getBridge } from './platform/bridge';
import { readCspNonce, shareCspNonceWithStyleInjectors } from './platform/csp-nonce';
import { coreKeys } from './queries/core';
import { invalidateKeys } from './queries/refresh';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
const bridge = getBridge();
if (!bridge) {
  document.body.dataset.appState = 'error';
  root.render(
    <main className="fatal">
      {translate(resolveLanguage('system', navigator.language), 'app.bridgeMissing')}
    </main>,
  );
} else {
  ModuleRegistry.registerModules([AllCommunityModule]);
  const nonce = readCspNonce();
  // AG Grid injects its theme CSS at run time; the CSP admits it only with the page's nonce. Its own
  // texts (filter menus, pagination, "no rows") come from the console's catalogues in every grid.
  provideGlobalGridOptions({ ...(nonce ? { styleNonce: nonce } : {}), getLocaleText: getGridLocaleText });
  // Radix Dialog's scroll lock injects a <style> too (platform/csp-nonce.ts).
  if (nonce) shareCspNonceWithStyleInjectors(nonce);
  // A 401 anywhere ends the session in main; re-reading the session status shows the login screen.
  const onError = (err: unknown) => {
    if (err instanceof ConsoleError && err.code === 'UNAUTHENTICATED')
      void invalidateKeys(queryClient, [coreKeys.session]);
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        retry: (n, err) => err instanceof ConsoleError && err.retryable && n < 2,
        // Desktop focus changes constantly; grids refresh on F5 or when their data is stale.
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
  root.render(
    <StrictMode>
      <ApiContext.Provider value={createClient(bridge)}>
        <QueryClientProvider client={queryClient}>
          <App />
        </QueryClientProvider>
      </ApiContext.Provider>
    </StrictMode>,
  );
}
