import { useState } from 'react';
import { Modal } from '../../components/modal';
import { ErrorBanner } from '../../errors/presenter';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { agentKeys } from '../../queries/agent';
import { useConsoleMutation } from '../../queries/mutation';

/**
 * Where the agent build finds ISCC.exe and the WAPT installation. The page never sends a path:
 * main opens the system's file dialog itself and checks what was chosen (Inno Setup's compiler,
 * a WAPT installation's layout) before keeping it (docs/agent-build.md).
 */
export function AgentToolsButton({
  isccPath,
  baseDir,
  nativeDialogs,
}: {
  isccPath: string | null;
  baseDir: { path: string; demo: boolean };
  nativeDialogs: boolean;
}) {
  const api = useApi();
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  // The tools are part of the loaded build configuration: everything of the build is read again.
  const choose = useConsoleMutation({
    mutationFn: (what: 'iscc' | 'baseDir') =>
      api.call(what === 'iscc' ? 'agent.chooseIscc' : 'agent.chooseBaseDir', {}),
    invalidates: [agentKeys.all],
  });
  const reset = useConsoleMutation({
    mutationFn: (tool: 'iscc' | 'baseDir') => api.call('agent.resetTool', { tool }),
    invalidates: [agentKeys.all],
  });
  const row = (what: 'iscc' | 'baseDir', label: string, current: string) => (
    <div className="field" data-testid={`agent-tools-${what}`}>
      <span>{label}</span>
      <code className="mono">{current}</code>
      <div className="toolbar">
        <button
          type="button"
          className="btn"
          disabled={!nativeDialogs || choose.isPending}
          onClick={() => choose.mutate(what)}
          data-testid={`agent-tools-choose-${what}`}
        >
          {t('agent.tools.choose')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={reset.isPending}
          onClick={() => reset.mutate(what)}
          data-testid={`agent-tools-reset-${what}`}
        >
          {t('agent.tools.default')}
        </button>
      </div>
    </div>
  );
  return (
    <>
      <button
        type="button"
        className="btn"
        data-testid="agent-tools"
        title={isccPath ?? ''}
        onClick={() => setOpen(true)}
      >
        {t('agent.tools')}
      </button>
      {open && (
        <Modal title={t('agent.tools')} onClose={() => setOpen(false)} testId="agent-tools-dialog">
          <div className="form">
            {row('iscc', t('agent.tools.iscc'), isccPath ?? t('agent.tools.defaultIscc'))}
            {row(
              'baseDir',
              t('agent.tools.baseDir'),
              baseDir.demo ? `${baseDir.path} (${t('agent.tools.defaultBase')})` : baseDir.path,
            )}
            <p className="hint">{nativeDialogs ? t('agent.tools.hint') : t('agent.tools.noDialog')}</p>
            {choose.error && <ErrorBanner error={choose.error} t={t} />}
            {reset.error && <ErrorBanner error={reset.error} t={t} />}
          </div>
        </Modal>
      )}
    </>
  );
}
