import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Modal } from '../../components/modal';
import { ErrorBanner } from '../../errors/presenter';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { coreKeys, coreQueries } from '../../queries/core';

/** Where the agent build finds ISCC.exe and the WAPT installation (empty = the defaults). */
export function AgentToolsButton({ isccPath }: { isccPath: string | null }) {
  const api = useApi();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const settings = useQuery(coreQueries.settings(api));
  const [open, setOpen] = useState(false);
  const [iscc, setIscc] = useState('');
  const [base, setBase] = useState('');
  const save = useMutation({
    mutationFn: () =>
      api.call('settings.update', {
        isccPath: iscc.trim() === '' ? null : iscc.trim(),
        waptBaseDir: base.trim() === '' ? null : base.trim(),
      }),
    onSuccess: (s) => {
      queryClient.setQueryData(coreKeys.settings, s);
      void queryClient.invalidateQueries({ queryKey: ['agentBuild'] });
      setOpen(false);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <>
      <button
        type="button"
        className="btn"
        data-testid="agent-tools"
        title={isccPath ?? ''}
        onClick={() => {
          setIscc(settings.data?.isccPath ?? '');
          setBase(settings.data?.waptBaseDir ?? '');
          setOpen(true);
        }}
      >
        {t('agent.tools')}
      </button>
      {open && (
        <Modal title={t('agent.tools')} onClose={() => setOpen(false)} testId="agent-tools-dialog">
          <form className="form" onSubmit={submit}>
            <label className="field">
              <span>{t('agent.tools.iscc')}</span>
              <input
                name="isccPath"
                value={iscc}
                onChange={(e) => setIscc(e.target.value)}
                spellCheck={false}
                placeholder={isccPath ?? 'C:\\Program Files (x86)\\wapt\\waptsetup\\innosetup\\ISCC.exe'}
              />
            </label>
            <label className="field">
              <span>{t('agent.tools.baseDir')}</span>
              <input
                name="waptBaseDir"
                value={base}
                onChange={(e) => setBase(e.target.value)}
                spellCheck={false}
                placeholder="C:\Program Files (x86)\wapt"
              />
            </label>
            <p className="hint">{t('agent.tools.hint')}</p>
            {save.error && <ErrorBanner error={save.error} t={t} />}
            <div className="modal__footer">
              <button type="submit" className="btn btn--primary" disabled={save.isPending}>
                {t('keys.save')}
              </button>
            </div>
          </form>
        </Modal>
      )}
    </>
  );
}
