import type { RefObject } from 'react';
import type { Out } from '../../../../common/ipc/contract';
import { Button, buttonClass } from '../../components/button';
import { useI18n } from '../../i18n/i18n';
import { AgentToolsButton } from './agent-tools';

/** The wizard's title bar: the WAPT installation in use, its tools, and save / export / import of CONFIG.json. */
export function AgentWizardHeader({
  loaded,
  valid,
  saved,
  onSave,
  onExport,
  onImport,
  importInput,
}: {
  loaded: Out<'agent.loadConfig'>;
  /** The form passes the schema: saving and exporting are offered. */
  valid: boolean;
  saved: boolean;
  onSave: () => void;
  onExport: () => void;
  onImport: (file: File | undefined) => void;
  /** The hidden file input, which the command palette's "Import CONFIG.json" clicks too. */
  importInput: RefObject<HTMLInputElement | null>;
}) {
  const { t } = useI18n();
  return (
    <header className="toolbar">
      <h2>{t('agent.title')}</h2>
      <span className="hint" data-testid="agent-base-dir">
        {t('agent.baseDir', { path: loaded.baseDir.path, version: loaded.baseDir.agentVersion })}
        {loaded.baseDir.enterprise ? ` · ${t('agent.enterprise')}` : ''}
        {loaded.baseDir.demo ? ` · ${t('agent.baseDirDemo')}` : ''}
        {` · ${loaded.template === 'installation' ? t('agent.template.installation') : t('agent.template.bundled')}`}
      </span>
      <AgentToolsButton
        isccPath={loaded.isccPath}
        baseDir={loaded.baseDir}
        nativeDialogs={loaded.nativeDialogs}
      />
      <Button disabled={!valid} onClick={onSave} data-testid="agent-save">
        {t('agent.saveConfig')}
      </Button>
      {saved && <span className="hint">{t('agent.saved')}</span>}
      <Button disabled={!valid} onClick={onExport}>
        {t('agent.exportConfig')}
      </Button>
      {/* A label styled as a button: it opens the hidden file input. */}
      <label className={buttonClass()}>
        {t('agent.importConfig')}
        <input
          ref={importInput}
          type="file"
          accept=".json"
          hidden
          data-testid="agent-import-input"
          onChange={(e) => onImport(e.target.files?.[0])}
        />
      </label>
    </header>
  );
}
