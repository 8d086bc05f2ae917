import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { AppInfo, SessionStatus } from '../../../../common/ipc/contract';
import { ErrorBanner } from '../../errors/presenter';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { coreKeys } from '../../queries/core';

export function LoginScreen({ appInfo }: { appInfo: AppInfo }) {
  const api = useApi();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [serverUrl, setServerUrl] = useState('https://');
  const [user, setUser] = useState('admin');
  const [password, setPassword] = useState('');
  const [verifyTls, setVerifyTls] = useState(true);
  const [allowInsecureHttp, setAllowInsecureHttp] = useState(false);
  const onConnected = (status: SessionStatus) => queryClient.setQueryData(coreKeys.session, status);

  const connect = useMutation({
    mutationFn: () => api.call('session.connect', { serverUrl: serverUrl.trim(), user: user.trim(), password, verifyTls, allowInsecureHttp }),
    onSuccess: onConnected,
  });
  const demo = useMutation({ mutationFn: () => api.call('session.useDemoServer', {}), onSuccess: onConnected });
  const busy = connect.isPending || demo.isPending;
  const urlMissing = serverUrl.trim() === '' || serverUrl.trim() === 'https://';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!busy && !urlMissing) connect.mutate();
  };

  return (
    <main className="login">
      <form className="login__card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{t('login.title')}</h1>
        <label className="field">
          <span>{t('login.serverUrl')}</span>
          <input name="serverUrl" type="url" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} autoFocus required spellCheck={false} />
        </label>
        <label className="field">
          <span>{t('login.user')}</span>
          <input name="user" value={user} onChange={(e) => setUser(e.target.value)} autoComplete="username" required />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
        </label>
        <label className="check">
          <input type="checkbox" checked={verifyTls} onChange={(e) => setVerifyTls(e.target.checked)} />
          <span>{t('login.verifyTls')}</span>
        </label>
        <label className="check">
          <input type="checkbox" checked={allowInsecureHttp} onChange={(e) => setAllowInsecureHttp(e.target.checked)} />
          <span>{t('login.allowInsecure')}</span>
        </label>
        {(connect.error ?? demo.error) && <ErrorBanner error={connect.error ?? demo.error} t={t} />}
        <button className="btn btn--primary" type="submit" disabled={busy || urlMissing}>
          {connect.isPending ? t('login.connecting') : t('login.connect')}
        </button>
        {appInfo.demoServerAvailable && (
          <>
            <div className="login__or">{t('login.or')}</div>
            <button className="btn" type="button" disabled={busy} onClick={() => demo.mutate()} title={t('login.useDemoHint')}>
              {demo.isPending ? t('login.startingDemo') : t('login.useDemo')}
            </button>
            <p className="hint">{t('login.useDemoHint')}</p>
          </>
        )}
        <p className="login__footer">
          {t('app.title')} · {t('app.version', { version: appInfo.version })} · {t(appInfo.mode === 'electron' ? 'app.mode.electron' : 'app.mode.browser')}
        </p>
      </form>
    </main>
  );
}
