import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmFooter } from '../../components/confirm-footer';
import { Modal } from '../../components/modal';
import { ErrorBanner } from '../../errors/presenter';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { wuaRulesQueries } from '../../queries/wua-rules';
import { useSignedCall } from '../host-packages/use-signed-call';

/**
 * "Promote to PROD": the newest version of a rule package, same rules and description, re-signed
 * with maturity PROD as the next version (the last step of the pilot ring, docs/wua-rules.md).
 * Saving through `wuaRules.save` keeps the editor's guarantees: CONFLICT if another console saved
 * meanwhile, signature with the administrator's key, upload.
 */
export function PromoteDialog({
  pkg,
  onClose,
  onPromoted,
}: {
  pkg: string;
  onClose: () => void;
  onPromoted: (r: { package: string; version: string }) => void;
}) {
  const api = useApi();
  const { t } = useI18n();
  const newest = useQuery(wuaRulesQueries.newest(api, pkg));
  const signed = useSignedCall();
  const [sent, setSent] = useState(false);
  const d = newest.data;
  const promote = () => {
    if (!d) return;
    signed.run(async () => {
      setSent(true);
      try {
        const r = await api.call('wuaRules.save', {
          package: d.package,
          baseVersion: d.version,
          description: d.description,
          maturity: 'PROD',
          rules: d.rules,
        });
        onPromoted(r);
      } finally {
        setSent(false);
      }
    });
  };
  return (
    <>
      <Modal
        title={t('wuaRules.promote.title', { name: pkg })}
        onClose={onClose}
        testId="promote-dialog"
        footer={
          <ConfirmFooter
            cancelLabel={t('repo.cancel')}
            onCancel={onClose}
            confirmLabel={t('wuaRules.promote.confirm')}
            onConfirm={promote}
            disabled={!d || sent || signed.busy}
            confirmTestId="promote-confirm"
          />
        }
      >
        {newest.error && <ErrorBanner error={newest.error} t={t} />}
        {d && (
          <p data-testid="promote-summary">
            {t('wuaRules.promote.summary', {
              name: d.package,
              version: d.version,
              maturity: d.maturity || '—',
            })}
          </p>
        )}
        {d?.maturity === 'PROD' && <p className="hint">{t('wuaRules.promote.alreadyProd')}</p>}
        {signed.error !== null && <ErrorBanner error={signed.error} t={t} onDismiss={signed.clearError} />}
      </Modal>
      {signed.dialogs}
    </>
  );
}
