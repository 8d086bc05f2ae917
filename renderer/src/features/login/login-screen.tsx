import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { AppInfo, SessionStatus } from '../../../../common/ipc/contract';
import { ErrorBanner } from '../../errors/presenter';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { coreKeys } from '../../queries/core';
import { useConsoleMutation } from '../../queries/mutation';
import { profileKeys, profileQueries } from '../../queries/profiles';
import { useRefresh } from '../../refresh';
import { DemoStartProgressBar, useDemoStart } from './demo-start-progress';

export function LoginScreen({ appInfo, session }: { appInfo: AppInfo; session: SessionStatus }) {
  const api = useApi();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const refresh = useRefresh();
  const profiles = useQuery(profileQueries.list(api));
  // After a mid-session 401 the form comes back filled with the same server and user.
  const [serverUrl, setServerUrl] = useState(session.serverUrl ?? 'https://');
  const [user, setUser] = useState(session.user ?? 'admin');
  const [password, setPassword] = useState('');
  const [verifyTls, setVerifyTls] = useState(true);
  const [caBundlePath, setCaBundlePath] = useState('');
  const [allowInsecureHttp, setAllowInsecureHttp] = useState(false);
  const [profileId, setProfileId] = useState('');
  const [saveProfile, setSaveProfile] = useState(false);
  const [rememberPassword, setRememberPassword] = useState(false);
  const onConnected = (status: SessionStatus) => queryClient.setQueryData(coreKeys.session, status);
  const selected = profiles.data?.profiles.find((p) => p.id === profileId);

  const connect = useMutation({
    mutationFn: async () => {
      const status =
        selected && password === '' && selected.remembered
          ? await api.call('profiles.connect', { id: selected.id, password: null })
          : await api.call('session.connect', {
              serverUrl: serverUrl.trim(),
              user: user.trim(),
              password,
              verifyTls,
              allowInsecureHttp,
              caBundlePath: caBundlePath.trim() === '' ? null : caBundlePath.trim(),
            });
      if (saveProfile) {
        await api.call('profiles.save', {
          name: `${user.trim()}@${new URL(serverUrl.trim()).host}`,
          serverUrl: serverUrl.trim(),
          user: user.trim(),
          verifyTls,
          caBundlePath: caBundlePath.trim() === '' ? null : caBundlePath.trim(),
          allowInsecureHttp,
          password: rememberPassword ? password : null,
        });
        void refresh([profileKeys.list]);
      }
      return status;
    },
    onSuccess: onConnected,
  });
  const { demo, progress: demoProgress } = useDemoStart(onConnected);
  const removeProfile = useConsoleMutation({
    mutationFn: (id: string) => api.call('profiles.delete', { id }),
    invalidates: [profileKeys.list],
    onSuccess: () => setProfileId(''),
  });
  const busy = connect.isPending || demo.isPending;
  const urlMissing = serverUrl.trim() === '' || serverUrl.trim() === 'https://';

  const choose = (id: string) => {
    setProfileId(id);
    const p = profiles.data?.profiles.find((x) => x.id === id);
    if (!p) return;
    setServerUrl(p.serverUrl);
    setUser(p.user);
    setVerifyTls(p.verifyTls);
    setCaBundlePath(p.caBundlePath ?? '');
    setAllowInsecureHttp(p.allowInsecureHttp);
    setPassword('');
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!busy && !urlMissing) connect.mutate();
  };

  return (
    <main className="login">
      <form className="login__card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{t('login.title')}</h1>
        {session.expired && (
          <p className="notice" role="status">
            {t('login.expired')}
          </p>
        )}
        {(profiles.data?.profiles.length ?? 0) > 0 && (
          <label className="field">
            <span>{t('login.profile')}</span>
            <span className="row">
              <select name="profile" value={profileId} onChange={(e) => choose(e.target.value)}>
                <option value="">{t('login.newConnection')}</option>
                {profiles.data!.profiles.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                    {p.remembered ? ' 🔒' : ''}
                  </option>
                ))}
              </select>
              {profileId && (
                <button
                  type="button"
                  className="btn btn--ghost"
                  onClick={() => removeProfile.mutate(profileId)}
                >
                  {t('login.forgetProfile')}
                </button>
              )}
            </span>
          </label>
        )}
        <label className="field">
          <span>{t('login.serverUrl')}</span>
          <input
            name="serverUrl"
            type="url"
            value={serverUrl}
            onChange={(e) => setServerUrl(e.target.value)}
            autoFocus
            required
            spellCheck={false}
          />
        </label>
        <label className="field">
          <span>{t('login.user')}</span>
          <input
            name="user"
            value={user}
            onChange={(e) => setUser(e.target.value)}
            autoComplete="username"
            required
          />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input
            name="password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            placeholder={selected?.remembered ? t('login.savedPassword') : ''}
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            name="verifyTls"
            checked={verifyTls}
            onChange={(e) => setVerifyTls(e.target.checked)}
          />
          <span>{t('login.verifyTls')}</span>
        </label>
        {verifyTls && (
          <label className="field">
            <span>{t('login.caBundle')}</span>
            <input
              name="caBundlePath"
              value={caBundlePath}
              onChange={(e) => setCaBundlePath(e.target.value)}
              spellCheck={false}
              placeholder="/etc/ssl/certs/corp-ca.pem"
            />
          </label>
        )}
        <label className="check">
          <input
            type="checkbox"
            name="allowInsecure"
            checked={allowInsecureHttp}
            onChange={(e) => setAllowInsecureHttp(e.target.checked)}
          />
          <span>{t('login.allowInsecure')}</span>
        </label>
        <label className="check">
          <input
            type="checkbox"
            name="saveProfile"
            checked={saveProfile}
            onChange={(e) => setSaveProfile(e.target.checked)}
          />
          <span>{t('login.saveProfile')}</span>
        </label>
        {saveProfile && (
          <label className="check">
            <input
              type="checkbox"
              name="rememberPassword"
              checked={rememberPassword}
              disabled={!profiles.data?.canRemember}
              onChange={(e) => setRememberPassword(e.target.checked)}
            />
            <span>{profiles.data?.canRemember ? t('login.rememberPassword') : t('login.noSecretStore')}</span>
          </label>
        )}
        {(connect.error ?? demo.error) && <ErrorBanner error={connect.error ?? demo.error} t={t} />}
        <button className="btn btn--primary" type="submit" disabled={busy || urlMissing}>
          {connect.isPending ? t('login.connecting') : t('login.connect')}
        </button>
        {appInfo.demoServerAvailable && (
          <>
            <div className="login__or">{t('login.or')}</div>
            <button
              className="btn"
              type="button"
              name="useDemo"
              disabled={busy}
              onClick={() => demo.mutate()}
              title={t('login.useDemoHint')}
            >
              {demo.isPending ? t('login.startingDemo') : t('login.useDemo')}
            </button>
            {demo.isPending && <DemoStartProgressBar progress={demoProgress} />}
            <p className="hint">{t('login.useDemoHint')}</p>
          </>
        )}
        <p className="login__footer">
          {t('app.title')} · {t('app.version', { version: appInfo.version })} ·{' '}
          {t(appInfo.mode === 'electron' ? 'app.mode.electron' : 'app.mode.browser')}
        </p>
      </form>
    </main>
  );
}
