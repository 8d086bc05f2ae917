import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { AdminKeyStatus } from '../../../../common/ipc/methods/keys';
import { Button } from '../../components/button';
import { Modal } from '../../components/modal';
import { ErrorBanner } from '../../errors/presenter';
import { useFieldErrors } from '../../forms/field-error';
import { LabelledField } from '../../forms/labelled-field';
import { formatDate } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { keyKeys, keyQueries } from '../../queries/keys';
import { KeyPathsForm } from './key-paths-form';
import { unlockFormResolver, type UnlockFormValues } from './unlock-key-form';

/** The key's password (`keys.unlock`): sent once, dropped in main once the key is decrypted. */
function UnlockForm({
  status,
  onChangePaths,
  onUnlocked,
}: {
  status: AdminKeyStatus | undefined;
  onChangePaths: () => void;
  onUnlocked: (status: AdminKeyStatus) => void;
}) {
  const api = useApi();
  const { t, language } = useI18n();
  const { register, control, handleSubmit, resetField } = useForm<
    UnlockFormValues,
    unknown,
    { password: string }
  >({ defaultValues: { keyPassword: '' }, resolver: unlockFormResolver, mode: 'onChange' });
  const errorOf = useFieldErrors(control);
  const unlock = useMutation({
    mutationFn: (request: { password: string }) => api.call('keys.unlock', request),
    onSuccess: (s) => {
      // The password leaves this window's state as soon as main has used it.
      resetField('keyPassword', { defaultValue: '' });
      onUnlocked(s);
    },
  });
  const submit = handleSubmit((request) => unlock.mutate(request));
  return (
    <form className="form" onSubmit={(e) => void submit(e)}>
      {status?.certificate && (
        <dl className="wua-panel">
          <div>
            <dt>{t('keys.certificate')}</dt>
            <dd>{status.certificate.cn}</dd>
          </div>
          <div>
            <dt>{t('keys.validUntil')}</dt>
            <dd>{formatDate(status.certificate.notAfter, language)}</dd>
          </div>
          <div>
            <dt>{t('keys.keyFile')}</dt>
            <dd className="mono">{status.keyPath}</dd>
          </div>
        </dl>
      )}
      <LabelledField label={t('keys.password')} hint={t('keys.unlockHint')} error={errorOf('keyPassword')}>
        {(field) => (
          <input {...field} {...register('keyPassword')} type="password" autoFocus autoComplete="off" />
        )}
      </LabelledField>
      {unlock.error && <ErrorBanner error={unlock.error} t={t} />}
      <div className="modal__footer">
        <Button variant="ghost" onClick={onChangePaths}>
          {t('keys.change')}
        </Button>
        <Button type="submit" variant="primary" disabled={unlock.isPending}>
          {t('keys.unlock')}
        </Button>
      </div>
    </form>
  );
}

/**
 * Choose and unlock the administrator's signing key. The password goes to main in one call and is
 * dropped there once the key is decrypted; the key itself never reaches this window.
 */
export function UnlockKeyDialog({ onClose, onUnlocked }: { onClose: () => void; onUnlocked?: () => void }) {
  const api = useApi();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const status = useQuery(keyQueries.status(api));
  const [editing, setEditing] = useState(false);
  const s = status.data;
  const showPaths = editing || (s !== undefined && !s.configured);
  return (
    <Modal title={t('keys.title')} onClose={onClose} testId="unlock-key-dialog">
      {showPaths ? (
        <KeyPathsForm
          place="dialog"
          draftKey="keys.dialog.keyPaths"
          onSaved={(next) => {
            queryClient.setQueryData(keyKeys.status, next);
            setEditing(false);
          }}
        />
      ) : (
        <UnlockForm
          status={s}
          onChangePaths={() => setEditing(true)}
          onUnlocked={(next) => {
            queryClient.setQueryData(keyKeys.status, next);
            onUnlocked?.();
            onClose();
          }}
        />
      )}
    </Modal>
  );
}
