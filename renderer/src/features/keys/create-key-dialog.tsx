import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { FormProvider, useForm, useFormContext, useFormState, useWatch } from 'react-hook-form';
import type { CreatedKey, CreateKeyRequest } from '../../../../common/ipc/methods/keys';
import { Button } from '../../components/button';
import { Modal } from '../../components/modal';
import { ErrorBanner } from '../../errors/presenter';
import { useFieldErrors } from '../../forms/field-error';
import { LabelledField } from '../../forms/labelled-field';
import { formatDate } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { coreQueries } from '../../queries/core';
import { keyKeys } from '../../queries/keys';
import { useConsoleMutation } from '../../queries/mutation';
import { repositoryKeys } from '../../queries/repository';
import { signatureKeys } from '../../queries/signatures';
import { createKeyFormResolver, defaultCreateKeyValues, type CreateKeyFormValues } from './create-key-form';
import { passwordStrength } from './password-strength';

type PathPurpose = 'folder' | 'caCertificate' | 'caKey';
type PathName = 'keyFolder' | 'caCertificate' | 'caKey';

/**
 * A path field: typed in browser mode; in the desktop app a "Browse…" button asks main to open
 * the OS's dialog (`keys.choosePath`), which answers the chosen path.
 */
function PathField(props: {
  label: string;
  field: PathName;
  purpose: PathPurpose;
  nativeDialogs: boolean;
  placeholder: string;
  error: string | undefined;
}) {
  const api = useApi();
  const { t } = useI18n();
  const { register, setValue } = useFormContext<CreateKeyFormValues>();
  const [error, setError] = useState<unknown>(null);
  const browse = async () => {
    setError(null);
    try {
      const { path } = await api.call('keys.choosePath', { purpose: props.purpose, title: props.label });
      if (path !== null) setValue(props.field, path, AS_TYPED);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <LabelledField label={props.label} error={props.error}>
      {(control) => (
        <>
          <span className="path-field">
            <input
              {...control}
              {...register(props.field)}
              spellCheck={false}
              required
              placeholder={props.placeholder}
            />
            {props.nativeDialogs && <Button onClick={() => void browse()}>{t('keys.create.browse')}</Button>}
          </span>
          {error !== null && <ErrorBanner error={error} t={t} onDismiss={() => setError(null)} />}
        </>
      )}
    </LabelledField>
  );
}

/** setValue options for a field set by code (a chosen path): validated and dirty like a typed one. */
const AS_TYPED = { shouldDirty: true, shouldValidate: true, shouldTouch: true } as const;

function Created({ created, onClose }: { created: CreatedKey; onClose: () => void }) {
  const { t, language } = useI18n();
  const row = (label: string, value: ReactNode, testId?: string) => (
    <div>
      <dt>{label}</dt>
      <dd className="mono" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
  return (
    <div className="form" data-testid="create-key-result">
      <p className="badge badge--ok" role="status">
        {t('keys.create.done', { cn: created.certificate.cn })}
      </p>
      <dl className="kv-list">
        {row(t('keys.create.keyFile'), created.keyPath, 'created-key-path')}
        {row(t('keys.create.certificateFile'), created.certificatePath, 'created-certificate-path')}
        {created.pkcs12Path !== null && row(t('keys.create.p12File'), created.pkcs12Path, 'created-p12-path')}
        {row(t('keys.create.subject'), created.certificate.subject)}
        {row(t('keys.create.issuer'), created.certificate.issuer)}
        {row(t('repo.sig.fingerprint'), created.certificate.fingerprintSha256, 'created-fingerprint')}
        {row(t('keys.validUntil'), formatDate(created.certificate.notAfter, language))}
      </dl>
      <p className="hint">
        {created.adminKey.keyPath === created.keyPath
          ? t('keys.create.isAdminKey')
          : t('keys.create.notAdminKey')}
      </p>
      {/* Short enough never to scroll: its Close stays with the result it closes. */}
      <div className="modal__footer">
        <Button variant="primary" onClick={onClose}>
          {t('keys.create.close')}
        </Button>
      </div>
    </div>
  );
}

/**
 * "Create key and certificate" (docs/keys.md). The key is made and written in main; this window
 * sends the options and the passwords (inbound only) and gets back paths, subject and fingerprint.
 */
export function CreateKeyDialog({
  onClose,
  onCreated,
  useAsAdminKeyByDefault = false,
}: {
  onClose: () => void;
  onCreated?: (created: CreatedKey) => void;
  /** Opened from a place that needs a signing key (the agent wizard's key step): tick "use it" already. */
  useAsAdminKeyByDefault?: boolean;
}) {
  const api = useApi();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const formId = useId();
  const appInfo = useQuery(coreQueries.appInfo(api));
  const nativeDialogs = appInfo.data?.mode === 'electron';
  const form = useForm<CreateKeyFormValues, unknown, CreateKeyRequest>({
    defaultValues: defaultCreateKeyValues(useAsAdminKeyByDefault),
    resolver: createKeyFormResolver,
    // Errors show as the person types (the mismatch must appear before they press Create).
    mode: 'onChange',
  });
  const { register, control, handleSubmit, resetField } = form;
  const [keyName, password, passwordAgain, issuer, exportP12, p12SamePassword] = useWatch({
    control,
    name: ['keyName', 'newKeyPassword', 'newKeyPasswordAgain', 'issuer', 'exportP12', 'p12SamePassword'],
  });
  const { isValid } = useFormState({ control });
  const errorOf = useFieldErrors(control);
  const strength = passwordStrength(password);
  const fileName = keyName.trim() || 'admin';

  const create = useConsoleMutation({
    // The trusted store may have changed (the administrator's certificate is part of it).
    invalidates: [signatureKeys.all, repositoryKeys.all],
    mutationFn: (request: CreateKeyRequest) => api.call('keys.create', request),
    onSuccess: (created) => {
      // Passwords leave this window's state as soon as main has used them.
      for (const field of ['newKeyPassword', 'newKeyPasswordAgain', 'caPassword', 'p12Password'] as const)
        resetField(field, { defaultValue: '' });
      queryClient.setQueryData(keyKeys.status, created.adminKey);
      onCreated?.(created);
    },
  });

  const canSubmit = !create.isPending && isValid;
  // handleSubmit runs the schema first: Enter in a field never reaches main with an invalid form.
  const submit = handleSubmit((request) => {
    if (!create.isPending) create.mutate(request);
  });

  return (
    <Modal
      title={t('keys.create.title')}
      onClose={onClose}
      wide
      testId="create-key-dialog"
      // While main writes the key files, Escape and × do not close (the files would appear anyway).
      busy={create.isPending}
      // The buttons stay in view under the scrolling form (the submit button is the form's by `form`).
      footer={
        create.data ? undefined : (
          <>
            <Button variant="ghost" onClick={onClose} disabled={create.isPending}>
              {t('repo.cancel')}
            </Button>
            <Button
              type="submit"
              form={formId}
              variant="primary"
              disabled={!canSubmit}
              data-testid="create-key-submit"
            >
              {create.isPending ? t('keys.create.creating') : t('keys.create.submit')}
            </Button>
          </>
        )
      }
    >
      {create.data ? (
        <Created created={create.data} onClose={onClose} />
      ) : (
        <FormProvider {...form}>
          <form
            id={formId}
            className="form create-key"
            onSubmit={(e) => void submit(e)}
            aria-busy={create.isPending}
          >
            <fieldset className="fieldset--plain">
              <legend>{t('keys.create.files')}</legend>
              <LabelledField label={t('keys.create.name')} error={errorOf('keyName')}>
                {(field) => (
                  <input
                    {...field}
                    {...register('keyName')}
                    required
                    spellCheck={false}
                    pattern="[A-Za-z0-9][A-Za-z0-9_.\-]*"
                  />
                )}
              </LabelledField>
              <PathField
                label={t('keys.create.folder')}
                field="keyFolder"
                purpose="folder"
                nativeDialogs={nativeDialogs}
                placeholder="/home/admin/private"
                error={errorOf('keyFolder')}
              />
              <p className="hint">{t('keys.create.filesHint', { name: fileName })}</p>
              <LabelledField label={t('keys.create.bits')} error={errorOf('keyBits')}>
                {(field) => (
                  <select {...field} {...register('keyBits', { valueAsNumber: true })}>
                    <option value={2048}>2048</option>
                    <option value={3072}>3072</option>
                    <option value={4096}>4096</option>
                  </select>
                )}
              </LabelledField>
              <LabelledField
                label={t('keys.create.password')}
                // The strength line already says "too short"; other issues (too long) show as errors.
                error={strength === 'tooShort' ? undefined : errorOf('newKeyPassword')}
                hint={t(`keys.create.strength.${strength}`)}
                hintProps={{
                  'data-testid': 'password-strength',
                  'data-strength': strength,
                  'aria-live': 'polite',
                }}
              >
                {(field) => (
                  <input
                    {...field}
                    {...register('newKeyPassword', { deps: ['newKeyPasswordAgain'] })}
                    type="password"
                    autoComplete="new-password"
                    required
                  />
                )}
              </LabelledField>
              <LabelledField
                label={t('keys.create.passwordAgain')}
                // Nothing typed again yet: nothing to say (the button stays disabled).
                error={passwordAgain === '' ? undefined : errorOf('newKeyPasswordAgain')}
                errorProps={{ role: 'alert', 'data-testid': 'password-mismatch' }}
              >
                {(field) => (
                  <input
                    {...field}
                    {...register('newKeyPasswordAgain')}
                    type="password"
                    autoComplete="new-password"
                    required
                  />
                )}
              </LabelledField>
            </fieldset>

            <fieldset className="fieldset--plain">
              <legend>{t('keys.create.certificate')}</legend>
              <LabelledField label={t('keys.create.commonName')} error={errorOf('commonName')}>
                {(field) => (
                  <input {...field} {...register('commonName')} placeholder={keyName} maxLength={64} />
                )}
              </LabelledField>
              <LabelledField label={t('keys.create.organization')} error={errorOf('organization')}>
                {(field) => <input {...field} {...register('organization')} maxLength={64} />}
              </LabelledField>
              <LabelledField label={t('keys.create.days')} error={errorOf('validityDays')}>
                {(field) => (
                  <input
                    {...field}
                    {...register('validityDays', { valueAsNumber: true })}
                    type="number"
                    min={1}
                    max={36500}
                  />
                )}
              </LabelledField>
              <label className="check">
                <input type="checkbox" {...register('codeSigning')} />
                <span>{t('keys.create.codeSigning')}</span>
              </label>
              <label className="check">
                <input type="checkbox" {...register('isCA')} />
                <span>{t('keys.create.isCA')}</span>
              </label>
              <p className="hint">{t('keys.create.rolesHint')}</p>
              <div role="radiogroup" aria-label={t('keys.create.issuedBy')}>
                <label className="check">
                  <input type="radio" value="self" {...register('issuer')} />
                  <span>{t('keys.create.selfSigned')}</span>
                </label>
                <label className="check">
                  <input type="radio" value="ca" {...register('issuer')} />
                  <span>{t('keys.create.byCa')}</span>
                </label>
              </div>
              {issuer === 'ca' && (
                <>
                  <PathField
                    label={t('keys.create.caCertificate')}
                    field="caCertificate"
                    purpose="caCertificate"
                    nativeDialogs={nativeDialogs}
                    placeholder="/home/admin/private/ca.crt"
                    error={errorOf('caCertificate')}
                  />
                  <PathField
                    label={t('keys.create.caKey')}
                    field="caKey"
                    purpose="caKey"
                    nativeDialogs={nativeDialogs}
                    placeholder="/home/admin/private/ca.pem"
                    error={errorOf('caKey')}
                  />
                  <LabelledField label={t('keys.create.caPassword')} error={errorOf('caPassword')}>
                    {(field) => (
                      <input {...field} {...register('caPassword')} type="password" autoComplete="off" />
                    )}
                  </LabelledField>
                </>
              )}
            </fieldset>

            <fieldset className="fieldset--plain">
              <legend>{t('keys.create.export')}</legend>
              <label className="check">
                <input type="checkbox" {...register('exportP12')} />
                <span>{t('keys.create.p12', { name: fileName })}</span>
              </label>
              {exportP12 && (
                <>
                  <label className="check">
                    <input type="checkbox" {...register('p12SamePassword')} />
                    <span>{t('keys.create.p12Same')}</span>
                  </label>
                  {!p12SamePassword && (
                    <LabelledField label={t('keys.create.p12Password')} error={errorOf('p12Password')}>
                      {(field) => (
                        <input
                          {...field}
                          {...register('p12Password')}
                          type="password"
                          autoComplete="new-password"
                        />
                      )}
                    </LabelledField>
                  )}
                </>
              )}
              <label className="check">
                <input type="checkbox" {...register('useAsAdminKey')} />
                <span>{t('keys.create.useAsAdminKey')}</span>
              </label>
            </fieldset>
            {create.error && <ErrorBanner error={create.error} t={t} />}
          </form>
        </FormProvider>
      )}
    </Modal>
  );
}
