import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AllCommunityModule, ModuleRegistry, provideGlobalGridOptions } from 'ag-grid-community';
import type { ReactElement, ReactNode } from 'react';
import { ConsoleError } from '../../../common/errors';
import type { Language, Settings } from '../../../common/ipc/contract';
import { App } from '../../../renderer/src/app';
import { DraftProvider } from '../../../renderer/src/forms/draft-store';
import { getGridLocaleText } from '../../../renderer/src/grids/grid-locale';
import { I18nProvider } from '../../../renderer/src/i18n/i18n';
import { ApiContext, createClient } from '../../../renderer/src/platform/api-client';
import { coreKeys } from '../../../renderer/src/queries/core';
import { ThemeProvider } from '../../../renderer/src/theme';
import type { MainProcess } from './fake-bridge';

// What renderer/src/main.tsx does once per window before rendering: AG Grid's modules and its
// texts from the console's catalogues (no CSP nonce in happy-dom).
ModuleRegistry.registerModules([AllCommunityModule]);
provideGlobalGridOptions({ getLocaleText: getGridLocaleText });

/**
 * The window's query client, with renderer/src/main.tsx's options (keep the two in step): a 401
 * anywhere re-reads the session, retries only for retryable errors, no refetch on focus.
 */
export function createConsoleQueryClient(): QueryClient {
  const onError = (err: unknown) => {
    if (err instanceof ConsoleError && err.code === 'UNAUTHENTICATED')
      void queryClient.invalidateQueries({ queryKey: coreKeys.session });
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        retry: (n, err) => err instanceof ConsoleError && err.retryable && n < 2,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
  return queryClient;
}

export type ConsoleRender = RenderResult & {
  /** user-event bound to this document: typing, clicks and keys as a person does them. */
  user: ReturnType<typeof userEvent.setup>;
  queryClient: QueryClient;
};

function renderWith(ui: ReactElement, main: MainProcess, queryClient: QueryClient): ConsoleRender {
  // No pause between keystrokes: the tests wait on what the screen shows, never on time.
  const user = userEvent.setup({ delay: null });
  const result = render(
    <ApiContext.Provider value={createClient(main.bridge)}>
      <QueryClientProvider client={queryClient}>{ui}</QueryClientProvider>
    </ApiContext.Provider>,
  );
  return { ...result, user, queryClient };
}

/** The whole console as the window shows it (renderer/src/main.tsx's tree), over `main`'s bridge. */
export function renderApp(main: MainProcess): ConsoleRender {
  return renderWith(<App />, main, createConsoleQueryClient());
}

export interface InConsoleOptions {
  language?: Language;
  theme?: Settings['theme'];
}

/**
 * One component inside the providers App gives every screen (language, theme, drafts), over
 * `main`'s bridge: for a dialog or a tab tested on its own.
 */
export function renderInConsole(
  ui: ReactNode,
  main: MainProcess,
  { language = 'en', theme = 'light' }: InConsoleOptions = {},
): ConsoleRender {
  return renderWith(
    <I18nProvider language={language}>
      <ThemeProvider preference={theme}>
        <DraftProvider>{ui}</DraftProvider>
      </ThemeProvider>
    </I18nProvider>,
    main,
    createConsoleQueryClient(),
  );
}
