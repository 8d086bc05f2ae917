import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Modal } from '../../components/modal';
import { ErrorBanner } from '../../errors/presenter';
import { formatDate } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { keyKeys, keyQueries } from '../../queries/keys';

/**
 * Choose and unlock the administrator's signing key. The password goes to main in one call and is
 * dropped there once the key is decrypted; the key itself never reaches this window.
 */
export function UnlockKeyDialog({ onClose, onUnlocked }: { onClose: () => void; onUnlocked?: () => void }) {
  const api = useApi();
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const status = useQuery(keyQueries.status(api));
  const [editing, setEditing] = useState(false);
  const [keyPath, setKeyPath] = useState('');
  const [certificatePath, setCertificatePath] = useState('');
  const [password, setPassword] = useState('');
  const configure = useMutation({
    mutationFn: () =>
      api.call('keys.configure', {
        keyPath,
        certificatePath: certificatePath.trim() === '' ? null : certificatePath,
      }),
    onSuccess: (s) => {
      queryClient.setQueryData(keyKeys.status, s);
      setEditing(false);
    },
  });
  const unlock = useMutation({
    mutationFn: () => api.call('keys.unlock', { password }),
    onSuccess: (s) => {
      setPassword('');
      queryClient.setQueryData(keyKeys.status, s);
      onUnlocked?.();
      onClose();
    },
  });
  const s = status.data;
  const showPaths = editing || (s !== undefined && !s.configured);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (showPaths) configure.mutate();
    else unlock.mutate();
  };
  return (
    <Modal title={t('keys.title')} onClose={onClose} testId="unlock-key-dialog">
      <form className="form" onSubmit={submit}>
        {s?.certificate && !showPaths && (
          <dl className="wua-panel">
            <div>
              <dt>{t('keys.certificate')}</dt>
              <dd>{s.certificate.cn}</dd>
            </div>
            <div>
              <dt>{t('keys.validUntil')}</dt>
              <dd>{formatDate(s.certificate.notAfter, language)}</dd>
            </div>
            <div>
              <dt>{t('keys.keyFile')}</dt>
              <dd className="mono">{s.keyPath}</dd>
            </div>
          </dl>
        )}
        {showPaths ? (
          <>
            <label className="field">
              <span>{t('keys.keyPath')}</span>
              <input
                name="keyPath"
                value={keyPath}
                onChange={(e) => setKeyPath(e.target.value)}
                required
                spellCheck={false}
                placeholder="/home/admin/private/admin.pem"
              />
            </label>
            <label className="field">
              <span>{t('keys.certificatePath')}</span>
              <input
                name="certificatePath"
                value={certificatePath}
                onChange={(e) => setCertificatePath(e.target.value)}
                spellCheck={false}
                placeholder="/home/admin/private/admin.crt"
              />
            </label>
            <p className="hint">{t('keys.pathsHint')}</p>
            {configure.error && <ErrorBanner error={configure.error} t={t} />}
            <div className="modal__footer">
              <button
                type="submit"
                className="btn btn--primary"
                disabled={configure.isPending || keyPath.trim() === ''}
              >
                {t('keys.save')}
              </button>
            </div>
          </>
        ) : (
          <>
            <label className="field">
              <span>{t('keys.password')}</span>
              <input
                name="keyPassword"
                type="password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                autoFocus
                autoComplete="off"
              />
            </label>
            <p className="hint">{t('keys.unlockHint')}</p>
            {unlock.error && <ErrorBanner error={unlock.error} t={t} />}
            <div className="modal__footer">
              <button type="button" className="btn btn--ghost" onClick={() => setEditing(true)}>
                {t('keys.change')}
              </button>
              <button type="submit" className="btn btn--primary" disabled={unlock.isPending}>
                {t('keys.unlock')}
              </button>
            </div>
          </>
        )}
      </form>
    </Modal>
  );
}
