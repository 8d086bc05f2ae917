import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { CreatedKey } from '../../../../common/ipc/methods/keys';
import { Button } from '../../components/button';
import { Modal } from '../../components/modal';
import { ErrorBanner } from '../../errors/presenter';
import { formatDate } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { coreQueries } from '../../queries/core';
import { keyKeys } from '../../queries/keys';
import { useConsoleMutation } from '../../queries/mutation';
import { repositoryKeys } from '../../queries/repository';
import { signatureKeys } from '../../queries/signatures';
import { passwordStrength } from './password-strength';

type PathPurpose = 'folder' | 'caCertificate' | 'caKey';

/**
 * A path field: typed in browser mode; in the desktop app a "Browse…" button asks main to open
 * the OS's dialog (`keys.choosePath`), which answers the chosen path.
 */
function PathField(props: {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  purpose: PathPurpose;
  nativeDialogs: boolean;
  placeholder: string;
}) {
  const api = useApi();
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const browse = async () => {
    setError(null);
    try {
      const { path } = await api.call('keys.choosePath', { purpose: props.purpose, title: props.label });
      if (path !== null) props.onChange(path);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="field">
      <label htmlFor={`create-key-${props.name}`}>{props.label}</label>
      <span className="path-field">
        <input
          id={`create-key-${props.name}`}
          name={props.name}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          spellCheck={false}
          required
          placeholder={props.placeholder}
        />
        {props.nativeDialogs && <Button onClick={() => void browse()}>{t('keys.create.browse')}</Button>}
      </span>
      {error !== null && <ErrorBanner error={error} t={t} onDismiss={() => setError(null)} />}
    </div>
  );
}

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
  const [name, setName] = useState('admin');
  const [folder, setFolder] = useState('');
  const [bits, setBits] = useState<2048 | 3072 | 4096>(3072);
  const [password, setPassword] = useState('');
  const [passwordAgain, setPasswordAgain] = useState('');
  const [commonName, setCommonName] = useState('');
  const [organization, setOrganization] = useState('');
  const [days, setDays] = useState(3650);
  const [codeSigning, setCodeSigning] = useState(true);
  const [isCA, setIsCA] = useState(true);
  const [issuedByCa, setIssuedByCa] = useState(false);
  const [caCertificate, setCaCertificate] = useState('');
  const [caKey, setCaKey] = useState('');
  const [caPassword, setCaPassword] = useState('');
  const [exportP12, setExportP12] = useState(false);
  const [p12SamePassword, setP12SamePassword] = useState(true);
  const [p12Password, setP12Password] = useState('');
  const [useAsAdminKey, setUseAsAdminKey] = useState(useAsAdminKeyByDefault);
  const strength = passwordStrength(password);
  const mismatch = passwordAgain !== '' && password !== passwordAgain;

  const create = useConsoleMutation({
    // The trusted store may have changed (the administrator's certificate is part of it).
    invalidates: [signatureKeys.all, repositoryKeys.all],
    mutationFn: () =>
      api.call('keys.create', {
        name: name.trim(),
        folder: folder.trim(),
        bits,
        password,
        passwordAgain,
        commonName: (commonName.trim() || name).trim(),
        organization: organization.trim(),
        days,
        codeSigning,
        isCA,
        issuer: issuedByCa
          ? { certificatePath: caCertificate.trim(), keyPath: caKey.trim(), password: caPassword }
          : null,
        pkcs12: exportP12 ? { password: p12SamePassword ? null : p12Password } : null,
        useAsAdminKey,
      }),
    onSuccess: (created) => {
      // Passwords leave this window's state as soon as main has used them.
      setPassword('');
      setPasswordAgain('');
      setCaPassword('');
      setP12Password('');
      queryClient.setQueryData(keyKeys.status, created.adminKey);
      onCreated?.(created);
    },
  });

  const canSubmit =
    !create.isPending &&
    name.trim() !== '' &&
    folder.trim() !== '' &&
    strength !== 'tooShort' &&
    password === passwordAgain &&
    (!issuedByCa || (caCertificate.trim() !== '' && caKey.trim() !== '')) &&
    (!exportP12 || p12SamePassword || p12Password !== '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (canSubmit) create.mutate();
  };

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
        <form id={formId} className="form create-key" onSubmit={submit} aria-busy={create.isPending}>
          <fieldset className="fieldset--plain">
            <legend>{t('keys.create.files')}</legend>
            <label className="field">
              <span>{t('keys.create.name')}</span>
              <input
                name="keyName"
                value={name}
                onChange={(e) => setName(e.target.value)}
                required
                spellCheck={false}
                pattern="[A-Za-z0-9][A-Za-z0-9_.\-]*"
              />
            </label>
            <PathField
              label={t('keys.create.folder')}
              name="keyFolder"
              value={folder}
              onChange={setFolder}
              purpose="folder"
              nativeDialogs={nativeDialogs}
              placeholder="/home/admin/private"
            />
            <p className="hint">{t('keys.create.filesHint', { name: name.trim() || 'admin' })}</p>
            <label className="field">
              <span>{t('keys.create.bits')}</span>
              <select
                name="keyBits"
                value={bits}
                onChange={(e) => setBits(Number(e.target.value) as 2048 | 3072 | 4096)}
              >
                <option value={2048}>2048</option>
                <option value={3072}>3072</option>
                <option value={4096}>4096</option>
              </select>
            </label>
            <label className="field">
              <span>{t('keys.create.password')}</span>
              <input
                name="newKeyPassword"
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required
              />
            </label>
            <p className="hint" data-testid="password-strength" data-strength={strength} aria-live="polite">
              {t(`keys.create.strength.${strength}`)}
            </p>
            <label className="field">
              <span>{t('keys.create.passwordAgain')}</span>
              <input
                name="newKeyPasswordAgain"
                type="password"
                autoComplete="new-password"
                value={passwordAgain}
                onChange={(e) => setPasswordAgain(e.target.value)}
                required
                aria-invalid={mismatch}
              />
            </label>
            {mismatch && (
              <p className="hint error" role="alert" data-testid="password-mismatch">
                {t('keys.create.mismatch')}
              </p>
            )}
          </fieldset>

          <fieldset className="fieldset--plain">
            <legend>{t('keys.create.certificate')}</legend>
            <label className="field">
              <span>{t('keys.create.commonName')}</span>
              <input
                name="commonName"
                value={commonName}
                placeholder={name}
                onChange={(e) => setCommonName(e.target.value)}
                maxLength={64}
              />
            </label>
            <label className="field">
              <span>{t('keys.create.organization')}</span>
              <input
                name="organization"
                value={organization}
                onChange={(e) => setOrganization(e.target.value)}
                maxLength={64}
              />
            </label>
            <label className="field">
              <span>{t('keys.create.days')}</span>
              <input
                name="validityDays"
                type="number"
                min={1}
                max={36500}
                value={days}
                onChange={(e) => setDays(Math.max(1, Math.round(Number(e.target.value) || 1)))}
              />
            </label>
            <label className="check">
              <input
                type="checkbox"
                name="codeSigning"
                checked={codeSigning}
                onChange={(e) => setCodeSigning(e.target.checked)}
              />
              <span>{t('keys.create.codeSigning')}</span>
            </label>
            <label className="check">
              <input type="checkbox" name="isCA" checked={isCA} onChange={(e) => setIsCA(e.target.checked)} />
              <span>{t('keys.create.isCA')}</span>
            </label>
            <p className="hint">{t('keys.create.rolesHint')}</p>
            <div role="radiogroup" aria-label={t('keys.create.issuedBy')}>
              <label className="check">
                <input
                  type="radio"
                  name="issuer"
                  checked={!issuedByCa}
                  onChange={() => setIssuedByCa(false)}
                />
                <span>{t('keys.create.selfSigned')}</span>
              </label>
              <label className="check">
                <input type="radio" name="issuer" checked={issuedByCa} onChange={() => setIssuedByCa(true)} />
                <span>{t('keys.create.byCa')}</span>
              </label>
            </div>
            {issuedByCa && (
              <>
                <PathField
                  label={t('keys.create.caCertificate')}
                  name="caCertificate"
                  value={caCertificate}
                  onChange={setCaCertificate}
                  purpose="caCertificate"
                  nativeDialogs={nativeDialogs}
                  placeholder="/home/admin/private/ca.crt"
                />
                <PathField
                  label={t('keys.create.caKey')}
                  name="caKey"
                  value={caKey}
                  onChange={setCaKey}
                  purpose="caKey"
                  nativeDialogs={nativeDialogs}
                  placeholder="/home/admin/private/ca.pem"
                />
                <label className="field">
                  <span>{t('keys.create.caPassword')}</span>
                  <input
                    name="caPassword"
                    type="password"
                    autoComplete="off"
                    value={caPassword}
                    onChange={(e) => setCaPassword(e.target.value)}
                  />
                </label>
              </>
            )}
          </fieldset>

          <fieldset className="fieldset--plain">
            <legend>{t('keys.create.export')}</legend>
            <label className="check">
              <input
                type="checkbox"
                name="exportP12"
                checked={exportP12}
                onChange={(e) => setExportP12(e.target.checked)}
              />
              <span>{t('keys.create.p12', { name: name.trim() || 'admin' })}</span>
            </label>
            {exportP12 && (
              <>
                <label className="check">
                  <input
                    type="checkbox"
                    name="p12SamePassword"
                    checked={p12SamePassword}
                    onChange={(e) => setP12SamePassword(e.target.checked)}
                  />
                  <span>{t('keys.create.p12Same')}</span>
                </label>
                {!p12SamePassword && (
                  <label className="field">
                    <span>{t('keys.create.p12Password')}</span>
                    <input
                      name="p12Password"
                      type="password"
                      autoComplete="new-password"
                      value={p12Password}
                      onChange={(e) => setP12Password(e.target.value)}
                    />
                  </label>
                )}
              </>
            )}
            <label className="check">
              <input
                type="checkbox"
                name="useAsAdminKey"
                checked={useAsAdminKey}
                onChange={(e) => setUseAsAdminKey(e.target.checked)}
              />
              <span>{t('keys.create.useAsAdminKey')}</span>
            </label>
          </fieldset>
          {create.error && <ErrorBanner error={create.error} t={t} />}
        </form>
      )}
    </Modal>
  );
}
