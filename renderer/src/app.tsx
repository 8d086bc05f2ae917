import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { PreferencesBar } from './components/preferences-bar';
import { ErrorBanner } from './errors/presenter';
import { LoginScreen } from './features/login/login-screen';
import { AppShell } from './features/shell/app-shell';
import { I18nProvider, resolveLanguage, translate } from './i18n/i18n';
import { useApi } from './platform/api-client';
import { coreQueries } from './queries/core';
import { ThemeProvider } from './theme';
import { DraftProvider } from './forms/draft-store';
import { QuitGuard } from './forms/quit-guard';

export function App() {
  const api = useApi();
  const appInfo = useQuery(coreQueries.appInfo(api));
  const settings = useQuery(coreQueries.settings(api));
  const session = useQuery(coreQueries.session(api));
  const language = resolveLanguage(settings.data?.language ?? 'system', navigator.language);
  const ready = appInfo.isSuccess && settings.isSuccess && session.isSuccess;

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = translate(language, 'app.title');
  }, [language]);
  useEffect(() => {
    // End-to-end tests wait for this instead of sleeping.
    document.body.dataset.appState = ready
      ? 'ready'
      : appInfo.isError || settings.isError || session.isError
        ? 'error'
        : 'loading';
  }, [ready, appInfo.isError, settings.isError, session.isError]);

  const failure = appInfo.error ?? settings.error ?? session.error;
  const t = (k: Parameters<typeof translate>[1], p?: Record<string, string | number>) =>
    translate(language, k, p);
  if (failure)
    return (
      <main className="fatal">
        <ErrorBanner error={failure} t={t} onRetry={() => location.reload()} />
      </main>
    );
  if (!ready) return <main className="fatal">{t('app.loading')}</main>;

  return (
    <I18nProvider language={language}>
      <ThemeProvider preference={settings.data.theme}>
        <DraftProvider>
          {session.data.connected ? (
            <AppShell appInfo={appInfo.data} session={session.data} settings={settings.data} />
          ) : (
            <div className="login-page">
              <div className="login-page__bar">
                <PreferencesBar settings={settings.data} />
              </div>
              <LoginScreen appInfo={appInfo.data} session={session.data} />
            </div>
          )}
          <QuitGuard mode={appInfo.data.mode} />
        </DraftProvider>
      </ThemeProvider>
    </I18nProvider>
  );
}
