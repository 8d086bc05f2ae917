import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm, useFormState, useWatch } from 'react-hook-form';
import type { AppInfo, SessionStatus } from '../../../../common/ipc/contract';
import { Button } from '../../components/button';
import { ErrorBanner } from '../../errors/presenter';
import { useFieldErrors } from '../../forms/field-error';
import { LabelledField } from '../../forms/labelled-field';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { coreKeys } from '../../queries/core';
import { useConsoleMutation } from '../../queries/mutation';
import { profileKeys, profileQueries } from '../../queries/profiles';
import { useRefresh } from '../../refresh';
import { DemoStartProgressBar, useDemoStart } from './demo-start-progress';
import { initialLoginValues, loginFormResolver, type LoginFormValues, type LoginRequest } from './login-form';

export function LoginScreen({ appInfo, session }: { appInfo: AppInfo; session: SessionStatus }) {
  const api = useApi();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const refresh = useRefresh();
  const profiles = useQuery(profileQueries.list(api));
  const form = useForm<LoginFormValues, unknown, LoginRequest>({
    defaultValues: initialLoginValues(session),
    resolver: loginFormResolver,
    // A field says what is wrong as it is typed, never on leaving it: an error appearing on blur
    // would move the buttons under a pointer already pressing one ("Use the local demo server").
    mode: 'onChange',
  });
  const { register, control, handleSubmit, reset, getValues } = form;
  const [verifyTls, saveProfile] = useWatch({ control, name: ['verifyTls', 'saveProfile'] });
  const { isValid } = useFormState({ control });
  const errorOf = useFieldErrors(control);
  const [profileId, setProfileId] = useState('');
  const onConnected = (status: SessionStatus) => queryClient.setQueryData(coreKeys.session, status);
  const selected = profiles.data?.profiles.find((p) => p.id === profileId);

  const connect = useMutation({
    mutationFn: async ({ connect: request, saveProfile: save, rememberPassword }: LoginRequest) => {
      const status =
        selected && request.password === '' && selected.remembered
          ? await api.call('profiles.connect', { id: selected.id, password: null })
          : await api.call('session.connect', request);
      if (save) {
        await api.call('profiles.save', {
          name: `${request.user}@${new URL(request.serverUrl).host}`,
          serverUrl: request.serverUrl,
          user: request.user,
          verifyTls: request.verifyTls,
          caBundlePath: request.caBundlePath ?? null,
          allowInsecureHttp: request.allowInsecureHttp ?? false,
          password: rememberPassword ? request.password : null,
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

  const choose = (id: string) => {
    setProfileId(id);
    const p = profiles.data?.profiles.find((x) => x.id === id);
    if (!p) return;
    reset({
      ...getValues(),
      serverUrl: p.serverUrl,
      user: p.user,
      verifyTls: p.verifyTls,
      caBundlePath: p.caBundlePath ?? '',
      allowInsecure: p.allowInsecureHttp,
      password: '',
    });
  };
  // handleSubmit runs the schema first: Enter never sends an invalid form to main.
  const submit = handleSubmit((request) => {
    if (!busy) connect.mutate(request);
  });

  return (
    <main className="login">
      <form className="login__card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
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
                <Button variant="ghost" onClick={() => removeProfile.mutate(profileId)}>
                  {t('login.forgetProfile')}
                </Button>
              )}
            </span>
          </label>
        )}
        <LabelledField label={t('login.serverUrl')} error={errorOf('serverUrl')}>
          {(field) => (
            <input {...field} {...register('serverUrl')} type="url" autoFocus required spellCheck={false} />
          )}
        </LabelledField>
        <LabelledField label={t('login.user')} error={errorOf('user')}>
          {(field) => <input {...field} {...register('user')} autoComplete="username" required />}
        </LabelledField>
        <LabelledField label={t('login.password')} error={errorOf('password')}>
          {(field) => (
            <input
              {...field}
              {...register('password')}
              type="password"
              autoComplete="current-password"
              placeholder={selected?.remembered ? t('login.savedPassword') : ''}
            />
          )}
        </LabelledField>
        <label className="check">
          <input type="checkbox" {...register('verifyTls')} />
          <span>{t('login.verifyTls')}</span>
        </label>
        {verifyTls && (
          <LabelledField label={t('login.caBundle')} error={errorOf('caBundlePath')}>
            {(field) => (
              <input
                {...field}
                {...register('caBundlePath')}
                spellCheck={false}
                placeholder="/etc/ssl/certs/corp-ca.pem"
              />
            )}
          </LabelledField>
        )}
        <label className="check">
          <input type="checkbox" {...register('allowInsecure')} />
          <span>{t('login.allowInsecure')}</span>
        </label>
        <label className="check">
          <input type="checkbox" {...register('saveProfile')} />
          <span>{t('login.saveProfile')}</span>
        </label>
        {saveProfile && (
          <label className="check">
            <input type="checkbox" {...register('rememberPassword')} disabled={!profiles.data?.canRemember} />
            <span>{profiles.data?.canRemember ? t('login.rememberPassword') : t('login.noSecretStore')}</span>
          </label>
        )}
        {(connect.error ?? demo.error) && <ErrorBanner error={connect.error ?? demo.error} t={t} />}
        <Button variant="primary" type="submit" disabled={busy || !isValid}>
          {connect.isPending ? t('login.connecting') : t('login.connect')}
        </Button>
        {appInfo.demoServerAvailable && (
          <>
            <div className="login__or">{t('login.or')}</div>
            <Button
              name="useDemo"
              disabled={busy}
              onClick={() => demo.mutate()}
              title={t('login.useDemoHint')}
            >
              {demo.isPending ? t('login.startingDemo') : t('login.useDemo')}
            </Button>
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
