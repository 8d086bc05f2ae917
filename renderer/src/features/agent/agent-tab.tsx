import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  AgentConfig,
  checkAgentConfig,
  WAPTWUA_KEYS,
  type WaptWuaConfig,
} from '../../../../common/domain/agent-config';
import type { Out } from '../../../../common/ipc/contract';
import type { AgentCertificateRow } from '../../../../common/ipc/methods/agent-build';
import { downloadText } from '../../download';
import { ErrorBanner } from '../../errors/presenter';
import { useI18n } from '../../i18n/i18n';
import { useRegisterCommands } from '../../commands/command-registry';
import type { MessageKey } from '../../i18n/en';
import { useApi } from '../../platform/api-client';
import { useDraft, useUnsavedChanges } from '../../forms/draft-store';
import { AgentBuildPanel } from './agent-build-panel';
import { AgentCertificates } from './agent-certificates';
import { AgentToolsButton } from './agent-tools';
import { issueText } from '../../errors/issues';

const STEPS = ['certificates', 'server', 'agent', 'wua', 'build'] as const;
type Step = (typeof STEPS)[number];
const ADVANCED_WUA = WAPTWUA_KEYS.filter(
  (k) =>
    !['enabled', 'default_allow', 'download_scheduling', 'install_delay', 'install_at_shutdown'].includes(k),
);

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

function Field({
  label,
  error,
  children,
}: {
  label: string;
  error?: string | undefined;
  children: ReactNode;
}) {
  return (
    <label className="field">
      {label}
      {children}
      {error && <span className="hint error">{error}</span>}
    </label>
  );
}

/**
 * "Build the agent" wizard: certificates, server, agent options, Windows updates, then the key
 * and the build. Validation runs as you type with the same schema as the CLI; the preview comes
 * from main (the template lives there).
 */
export function AgentTab() {
  const api = useApi();
  const { t } = useI18n();
  const loaded = useQuery({
    queryKey: ['agentBuild', 'config'],
    queryFn: () => api.call('agent.loadConfig', {}),
    staleTime: Infinity,
  });
  if (loaded.error) return <ErrorBanner error={loaded.error} t={t} onRetry={() => void loaded.refetch()} />;
  if (!loaded.data) return <p>{t('app.loading')}</p>;
  return <AgentWizard loaded={loaded.data} />;
}

type Loaded = Out<'agent.loadConfig'>;

/** The configuration with its host profiles read from the comma-separated field. */
function withProfiles(config: AgentConfig, profilesText: string): AgentConfig {
  return {
    ...config,
    appendHostProfiles: profilesText
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  };
}

function AgentWizard({ loaded }: { loaded: Loaded }) {
  const api = useApi();
  const { t } = useI18n();
  const session = useQuery({
    queryKey: ['session', 'status'],
    queryFn: () => api.call('session.status', {}),
  });
  // What is typed lives in the draft store, so a tab switch (Ctrl+1…6) or a language or theme
  // change never loses it (renderer/src/forms/draft-store.tsx); memory only.
  const [config, setConfig] = useDraft<AgentConfig>('agent.config', loaded.config);
  const [step, setStep] = useDraft<Step>('agent.step', 'certificates');
  const [previewTab, setPreviewTab] = useDraft<'ini' | 'iss'>('agent.previewTab', 'ini');
  const [profilesText, setProfilesText] = useDraft('agent.profiles', () =>
    loaded.config.appendHostProfiles.join(', '),
  );
  const [error, setError] = useState<unknown>(null);
  const [savedAt, setSavedAt] = useDraft<string | null>('agent.savedAt', null);
  // The configuration as last loaded or saved: the draft differs from it = unsaved changes.
  const [baseline, setBaseline] = useDraft('agent.baseline', () =>
    JSON.stringify(withProfiles(loaded.config, loaded.config.appendHostProfiles.join(', '))),
  );

  // The grid shows what the build will do with each certificate (expired / non-CA dropped).
  const certRows = useQuery({
    queryKey: ['agentBuild', 'certificates', config.certificates, config.includeNonCA],
    queryFn: () =>
      api.call('agent.inspectCertificates', {
        paths: config.certificates,
        includeNonCA: config.includeNonCA,
      }),
    enabled: config.certificates.length > 0,
  });
  const rows: AgentCertificateRow[] = config.certificates.length > 0 ? (certRows.data ?? []) : [];

  const draft = useMemo(() => withProfiles(config, profilesText), [config, profilesText]);
  useUnsavedChanges('agent', 'unsaved.form.agent', JSON.stringify(draft) !== baseline);
  const enterprise = loaded.baseDir.enterprise;
  // A server without Windows updates (community edition) cannot use the [waptwua] section.
  const serverWithoutWua = session.data?.capabilities?.wua === false;
  const check = useMemo(() => checkAgentConfig(draft, { enterprise }), [draft, enterprise]);
  // Issues carry a code + parameters and are said in the user's language (errors/issues.ts).
  const issueFor = (path: string) => {
    const issue = check.issues.find((i) => i.path === path || i.path.startsWith(`${path}.`));
    return issue ? issueText(issue, t) : undefined;
  };
  const errors = check.issues.filter((i) => i.severity === 'error');
  const debounced = useDebounced(draft, 250);
  const preview = useQuery({
    queryKey: ['agentBuild', 'preview', debounced],
    queryFn: () => api.call('agent.preview', { config: debounced }),
  });

  const set = (patch: Partial<AgentConfig>) => setConfig({ ...config, ...patch });
  const setWua = (patch: Partial<WaptWuaConfig>) => {
    const next: WaptWuaConfig = { ...config.waptwua, ...patch };
    for (const k of WAPTWUA_KEYS) if (next[k] === undefined || next[k] === '') delete next[k];
    set({ waptwua: next });
  };
  const verifyOn = config.verifyCert !== '0';
  const parsed = AgentConfig.safeParse(draft);

  const importConfig = async (file: File | undefined) => {
    if (!file) return;
    try {
      const next = AgentConfig.parse(JSON.parse(await file.text()));
      setConfig(next);
      setProfilesText(next.appendHostProfiles.join(', '));
    } catch (err) {
      setError(err);
    }
  };
  const getServerCert = async () => {
    try {
      const r = await api.call('agent.fetchServerCertificate', { url: config.serverUrl });
      set({ verifyCert: r.path });
    } catch (err) {
      setError(err);
    }
  };

  const saveConfig = () => {
    if (parsed.success)
      void api.call('agent.saveConfig', { config: parsed.data }).then((r) => {
        setSavedAt(r.savedAt);
        setBaseline(JSON.stringify(draft));
      }, setError);
  };
  const exportConfig = () =>
    parsed.success &&
    downloadText('CONFIG.json', `${JSON.stringify(parsed.data, null, 2)}\n`, 'application/json');
  // The wizard's steps and its toolbar in the command palette (renderer/src/commands/).
  const agentGroup = t('shell.tabs.agent');
  const invalid = parsed.success ? null : t('agent.invalid', { count: Math.max(1, errors.length) });
  useRegisterCommands([
    ...STEPS.map((s) => ({
      id: `agent.step.${s}`,
      label: t(`agent.step.${s}` as MessageKey),
      group: agentGroup,
      run: () => setStep(s),
    })),
    {
      id: 'agent.save',
      label: t('agent.saveConfig'),
      group: agentGroup,
      disabledReason: invalid,
      run: saveConfig,
    },
    {
      id: 'agent.export',
      label: t('agent.exportConfig'),
      group: agentGroup,
      disabledReason: invalid,
      run: exportConfig,
    },
  ]);

  return (
    <div className="agent-tab" data-testid="agent-tab">
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
        <button
          type="button"
          className="btn"
          disabled={!parsed.success}
          onClick={saveConfig}
          data-testid="agent-save"
        >
          {t('agent.saveConfig')}
        </button>
        {savedAt && <span className="hint">{t('agent.saved')}</span>}
        <button type="button" className="btn" disabled={!parsed.success} onClick={exportConfig}>
          {t('agent.exportConfig')}
        </button>
        <label className="btn">
          {t('agent.importConfig')}
          <input type="file" accept=".json" hidden onChange={(e) => void importConfig(e.target.files?.[0])} />
        </label>
      </header>
      {error !== null && <ErrorBanner error={error} t={t} onDismiss={() => setError(null)} />}
      <nav className="agent-steps toolbar">
        {STEPS.map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={step === s}
            className={step === s ? 'btn primary' : 'btn'}
            onClick={() => setStep(s)}
            data-testid={`agent-step-${s}`}
          >
            {t(`agent.step.${s}` as MessageKey)}
          </button>
        ))}
      </nav>
      <div
        className="agent-body"
        style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(0, 2fr)', gap: 16 }}
      >
        <div className="form">
          {step === 'certificates' && (
            <AgentCertificates
              rows={rows}
              includeNonCA={config.includeNonCA}
              onIncludeNonCA={(v) => set({ includeNonCA: v })}
              onAdd={(added) =>
                set({ certificates: [...new Set([...config.certificates, ...added.map((r) => r.path)])] })
              }
              onRemove={(paths) =>
                set({ certificates: config.certificates.filter((p) => !paths.includes(p)) })
              }
            />
          )}
          {step === 'certificates' && issueFor('certificates') && (
            <p className="hint error">{issueFor('certificates')}</p>
          )}
          {step === 'certificates' && certRows.error && <ErrorBanner error={certRows.error} t={t} />}
          {step === 'server' && (
            <>
              <Field label={t('agent.field.repoUrl')} error={issueFor('repoUrl')}>
                <span className="toolbar">
                  <input
                    value={config.repoUrl}
                    onChange={(e) => set({ repoUrl: e.target.value })}
                    data-testid="agent-repo-url"
                    size={50}
                  />
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={config.overwriteRepoUrl}
                      onChange={(e) => set({ overwriteRepoUrl: e.target.checked })}
                    />
                    {t('agent.field.overwrite')}
                  </label>
                </span>
              </Field>
              <Field label={t('agent.field.serverUrl')} error={issueFor('serverUrl')}>
                <span className="toolbar">
                  <input
                    value={config.serverUrl}
                    onChange={(e) => set({ serverUrl: e.target.value })}
                    data-testid="agent-server-url"
                    size={50}
                  />
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={config.overwriteServerUrl}
                      onChange={(e) => set({ overwriteServerUrl: e.target.checked })}
                    />
                    {t('agent.field.overwrite')}
                  </label>
                </span>
              </Field>
              <label className="check">
                <input
                  type="checkbox"
                  checked={verifyOn}
                  onChange={(e) => set({ verifyCert: e.target.checked ? '1' : '0' })}
                  data-testid="agent-verify-cert"
                />
                {t('agent.field.verify')}
              </label>
              {verifyOn && (
                <Field label={t('agent.field.caBundle')} error={issueFor('verifyCert')}>
                  <span className="toolbar">
                    <input
                      value={config.verifyCert === '1' ? '' : config.verifyCert}
                      onChange={(e) =>
                        set({ verifyCert: e.target.value.trim() === '' ? '1' : e.target.value })
                      }
                      size={50}
                    />
                    <button
                      type="button"
                      className="btn"
                      disabled={!config.serverUrl.startsWith('https://')}
                      onClick={() => void getServerCert()}
                    >
                      {t('agent.field.getServerCert')}
                    </button>
                  </span>
                </Field>
              )}
              <label className="check">
                <input
                  type="checkbox"
                  checked={config.useKerberos}
                  onChange={(e) => set({ useKerberos: e.target.checked })}
                />
                {t('agent.field.kerberos')}
              </label>
            </>
          )}
          {step === 'agent' && (
            <>
              <Field label={t('agent.field.prefix')} error={issueFor('prefix')}>
                <input
                  value={config.prefix}
                  onChange={(e) => set({ prefix: e.target.value })}
                  data-testid="agent-prefix"
                />
              </Field>
              <Field label={t('agent.field.organization')} error={issueFor('organization')}>
                <input
                  value={config.organization}
                  onChange={(e) => set({ organization: e.target.value })}
                  data-testid="agent-organization"
                />
              </Field>
              <fieldset>
                <legend>{t('agent.field.uuid')}</legend>
                {(['bios', 'fqdn', 'random'] as const).map((m) => (
                  <label key={m} className="check">
                    <input
                      type="radio"
                      name="uuidMode"
                      checked={config.uuidMode === m}
                      onChange={() => set({ uuidMode: m })}
                      data-testid={`agent-uuid-${m}`}
                    />
                    {t(`agent.field.uuid.${m}`)}
                  </label>
                ))}
                <p className="hint">{t('agent.field.uuidHint')}</p>
              </fieldset>
              <label className="check">
                <input
                  type="checkbox"
                  checked={config.useAdGroups}
                  onChange={(e) => set({ useAdGroups: e.target.checked })}
                />
                {t('agent.field.adGroups')}
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  checked={config.useRepoRules}
                  onChange={(e) => set({ useRepoRules: e.target.checked })}
                />
                {t('agent.field.repoRules')}
              </label>
              <Field label={t('agent.field.hostProfiles')} error={issueFor('appendHostProfiles')}>
                <input value={profilesText} onChange={(e) => setProfilesText(e.target.value)} />
              </Field>
              <Field label={t('agent.field.auditPeriod')} error={issueFor('auditPeriod')}>
                <input
                  value={config.auditPeriod}
                  onChange={(e) => set({ auditPeriod: e.target.value })}
                  data-testid="agent-audit-period"
                />
              </Field>
              <label className="check">
                <input
                  type="checkbox"
                  checked={config.dualSign}
                  onChange={(e) => set({ dualSign: e.target.checked })}
                />
                {t('agent.field.dualSign')}
              </label>
            </>
          )}
          {step === 'wua' && (
            <fieldset className="fieldset--plain" disabled={serverWithoutWua} data-testid="agent-wua-step">
              {serverWithoutWua && (
                <p className="hint" role="status" data-testid="agent-wua-not-offered">
                  {t('agent.wua.communityServer')}
                </p>
              )}
              {!enterprise && <p className="hint">{t('agent.wua.enterpriseOnly')}</p>}
              <fieldset>
                <legend>{t('agent.wua.mode')}</legend>
                {(
                  [
                    ['enabled', true],
                    ['disabled', false],
                    ['dontChange', undefined],
                  ] as const
                ).map(([k, v]) => (
                  <label key={k} className="check">
                    <input
                      type="radio"
                      name="wuaEnabled"
                      checked={(config.waptwua.enabled ?? undefined) === v}
                      onChange={() => setWua({ enabled: v })}
                      data-testid={`agent-wua-${k}`}
                    />
                    {t(`agent.wua.${k}`)}
                  </label>
                ))}
              </fieldset>
              <label className="check">
                <input
                  type="checkbox"
                  checked={config.waptwua.default_allow ?? false}
                  onChange={(e) => setWua({ default_allow: e.target.checked })}
                />
                {t('agent.wua.defaultAllow')}
              </label>
              <Field
                label={t('agent.wua.downloadScheduling')}
                error={issueFor('waptwua.download_scheduling')}
              >
                <input
                  value={config.waptwua.download_scheduling ?? ''}
                  onChange={(e) => setWua({ download_scheduling: e.target.value })}
                  data-testid="agent-wua-download-scheduling"
                />
              </Field>
              <Field label={t('agent.wua.installDelay')} error={issueFor('waptwua.install_delay')}>
                <input
                  value={config.waptwua.install_delay ?? ''}
                  onChange={(e) => setWua({ install_delay: e.target.value })}
                />
              </Field>
              <label className="check">
                <input
                  type="checkbox"
                  checked={config.waptwua.install_at_shutdown ?? false}
                  onChange={(e) => setWua({ install_at_shutdown: e.target.checked })}
                />
                {t('agent.wua.installAtShutdown')}
              </label>
              <details>
                <summary>{t('agent.wua.advanced')}</summary>
                {ADVANCED_WUA.map((k) => {
                  const v = config.waptwua[k];
                  return typeof v === 'boolean' ||
                    ['offline', 'allow_direct_download', 'include_potentially_superseded_updates'].includes(
                      k,
                    ) ? (
                    <label key={k} className="check">
                      <input
                        type="checkbox"
                        checked={v === true}
                        onChange={(e) => setWua({ [k]: e.target.checked ? true : undefined })}
                      />
                      <code>{k}</code>
                    </label>
                  ) : (
                    <Field key={k} label={k} error={issueFor(`waptwua.${k}`)}>
                      <input
                        value={(v as string | undefined) ?? ''}
                        onChange={(e) => setWua({ [k]: e.target.value })}
                      />
                    </Field>
                  );
                })}
              </details>
            </fieldset>
          )}
          {step === 'build' && (
            <AgentBuildPanel
              config={parsed.success ? parsed.data : config}
              errors={errors.length}
              serverUrl={session.data?.connected ? session.data.serverUrl : null}
            />
          )}
          <div className="toolbar">
            {step !== 'certificates' && (
              <button type="button" className="btn" onClick={() => setStep(STEPS[STEPS.indexOf(step) - 1]!)}>
                {t('agent.back')}
              </button>
            )}
            {step !== 'build' && (
              <button
                type="button"
                className="btn"
                onClick={() => setStep(STEPS[STEPS.indexOf(step) + 1]!)}
                data-testid="agent-next"
              >
                {t('agent.next')}
              </button>
            )}
          </div>
        </div>
        <aside className="agent-preview">
          <div className="toolbar">
            <button
              type="button"
              className={previewTab === 'ini' ? 'btn primary' : 'btn'}
              onClick={() => setPreviewTab('ini')}
              data-testid="agent-preview-ini-tab"
            >
              {t('agent.preview.ini')}
            </button>
            <button
              type="button"
              className={previewTab === 'iss' ? 'btn primary' : 'btn'}
              onClick={() => setPreviewTab('iss')}
              data-testid="agent-preview-iss-tab"
            >
              {t('agent.preview.iss')}
            </button>
          </div>
          {check.issues.length > 0 && (
            <ul className="agent-issues" data-testid="agent-issues">
              {check.issues.map((i) => (
                <li key={`${i.path}:${i.message}`} className={i.severity === 'error' ? 'error' : 'warning'}>
                  {issueText(i, t)}
                </li>
              ))}
            </ul>
          )}
          <pre
            className="mono agent-preview-text"
            data-testid="agent-preview"
            style={{ maxHeight: 480, overflow: 'auto' }}
          >
            {previewTab === 'ini' ? (preview.data?.ini ?? '') : (preview.data?.iss ?? '')}
          </pre>
        </aside>
      </div>
    </div>
  );
}
