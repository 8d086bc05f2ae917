import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import { checkAgentConfig, type AgentConfig } from '../../../../common/domain/agent-config';
import type { Out } from '../../../../common/ipc/contract';
import { useTabCommands } from '../../commands/command-registry';
import { Button } from '../../components/button';
import { downloadText } from '../../download';
import { ErrorBanner } from '../../errors/presenter';
import { useDraft, useUnsavedChanges } from '../../forms/draft-store';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { coreQueries } from '../../queries/core';
import {
  agentFormResolver,
  BuildRequestConfig,
  toConfigDraft,
  toFormValues,
  type AgentFormValues,
} from './agent-form';
import { AgentPreview } from './agent-preview';
import { AgentWizardHeader } from './agent-wizard-header';
import { AgentOptionsStep } from './steps/agent-options-step';
import { BuildStep } from './steps/build-step';
import { CertificatesStep } from './steps/certificates-step';
import { ServerStep } from './steps/server-step';
import { STEPS, stepLabel, type Step } from './steps/steps';
import { WuaStep } from './steps/wua-step';

/**
 * The wizard's shell: the form (react-hook-form over the build request's schema, agent-form.ts),
 * the step buttons, the step on screen, and the preview beside it.
 *
 * The form's values are mirrored into the draft store (renderer/src/forms/draft-store.tsx, memory
 * only): a tab switch (Ctrl+1…6) unmounts the wizard, and the next mount starts the form from the
 * draft, so nothing typed is lost; language and theme changes only re-render it.
 */
export function AgentWizard({ loaded }: { loaded: Out<'agent.loadConfig'> }) {
  const api = useApi();
  const { t } = useI18n();
  const session = useQuery({
    ...coreQueries.session(api),
    // The wizard shows the connected server's URL: read it afresh when the tab opens.
    staleTime: 0,
  });
  const [values, setValues] = useDraft<AgentFormValues>('agent.form', () => toFormValues(loaded.config));
  const [step, setStep] = useDraft<Step>('agent.step', 'certificates');
  const [savedAt, setSavedAt] = useDraft<string | null>('agent.savedAt', null);
  // The form's values as last loaded or saved: the draft differs from them = unsaved changes.
  const [baseline, setBaseline] = useDraft('agent.baseline', () =>
    JSON.stringify(toFormValues(loaded.config)),
  );
  const [error, setError] = useState<unknown>(null);
  const importInput = useRef<HTMLInputElement>(null);

  // The draft as it was when this mount began: react-hook-form reads its defaults once.
  const [startValues] = useState(values);
  const form = useForm<AgentFormValues, unknown, AgentConfig>({
    defaultValues: startValues,
    resolver: agentFormResolver,
    mode: 'onChange',
  });
  useEffect(
    () =>
      form.subscribe({
        formState: { values: true },
        // A copy: react-hook-form changes its own object in place, the store needs a new value.
        callback: ({ values: next }) => setValues(structuredClone(next)),
      }),
    [form, setValues],
  );
  // A draft brought back from the store may hold errors: show them at once, as while typing.
  useEffect(() => {
    void form.trigger();
  }, [form]);

  useUnsavedChanges('agent', 'unsaved.form.agent', JSON.stringify(values) !== baseline);
  const enterprise = loaded.baseDir.enterprise;
  // A server without Windows updates (community edition) cannot use the [waptwua] section.
  const serverWithoutWua = session.data?.capabilities?.wua === false;
  const draft = useMemo(() => toConfigDraft(values), [values]);
  // The schema's issues plus the warnings a whole configuration raises (plain http, Enterprise-only
  // options, no certificate), with codes errors/issues.ts translates.
  const check = useMemo(() => checkAgentConfig(draft, { enterprise }), [draft, enterprise]);
  const errors = check.issues.filter((i) => i.severity === 'error');
  const valid = form.formState.isValid;

  const importConfig = async (file: File | undefined) => {
    if (!file) return;
    try {
      const next = toFormValues(BuildRequestConfig.parse(JSON.parse(await file.text())));
      form.reset(next);
      setValues(structuredClone(next));
      void form.trigger();
    } catch (err) {
      setError(err);
    }
  };
  const saveConfig = form.handleSubmit(async (config) => {
    try {
      const r = await api.call('agent.saveConfig', { config });
      setSavedAt(r.savedAt);
      setBaseline(JSON.stringify(form.getValues()));
    } catch (err) {
      setError(err);
    }
  });
  const exportConfig = form.handleSubmit((config) =>
    downloadText('CONFIG.json', `${JSON.stringify(config, null, 2)}\n`, 'application/json'),
  );
  // The palette lists the steps, save, export and import wherever the user is
  // (commands/command-catalogue.ts: labels and enable rules; this form is on screen once the saved
  // configuration is read). The build step's own commands come from the build panel.
  useTabCommands(
    'agent',
    { loaded: true, issues: valid ? 0 : Math.max(1, errors.length) },
    {
      ...Object.fromEntries(STEPS.map((s) => [`agent.step.${s}`, () => setStep(s)])),
      'agent.save': () => void saveConfig(),
      'agent.export': () => void exportConfig(),
      // The file chooser, as the header's Import button opens it.
      'agent.import': () => importInput.current?.click(),
    },
  );

  const index = STEPS.indexOf(step);
  return (
    <FormProvider {...form}>
      <div className="agent-tab" data-testid="agent-tab">
        <AgentWizardHeader
          loaded={loaded}
          valid={valid}
          saved={savedAt !== null}
          onSave={() => void saveConfig()}
          onExport={() => void exportConfig()}
          onImport={(file) => void importConfig(file)}
          importInput={importInput}
        />
        {error !== null && <ErrorBanner error={error} t={t} onDismiss={() => setError(null)} />}
        <nav className="agent-steps toolbar">
          {STEPS.map((s) => (
            <Button
              key={s}
              variant={step === s ? 'primary' : 'default'}
              aria-pressed={step === s}
              onClick={() => setStep(s)}
              data-testid={`agent-step-${s}`}
            >
              {t(stepLabel(s))}
            </Button>
          ))}
        </nav>
        <div
          className="agent-body"
          style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(0, 2fr)', gap: 16 }}
        >
          <div className="form">
            {step === 'certificates' && <CertificatesStep issues={check.issues} />}
            {step === 'server' && <ServerStep issues={check.issues} onError={setError} />}
            {step === 'agent' && <AgentOptionsStep issues={check.issues} />}
            {step === 'wua' && (
              <WuaStep issues={check.issues} enterprise={enterprise} serverWithoutWua={serverWithoutWua} />
            )}
            {step === 'build' && (
              <BuildStep
                config={check.config ?? null}
                errors={errors.length}
                serverUrl={session.data?.connected ? session.data.serverUrl : null}
              />
            )}
            <div className="toolbar">
              {index > 0 && <Button onClick={() => setStep(STEPS[index - 1]!)}>{t('agent.back')}</Button>}
              {index < STEPS.length - 1 && (
                <Button onClick={() => setStep(STEPS[index + 1]!)} data-testid="agent-next">
                  {t('agent.next')}
                </Button>
              )}
            </div>
          </div>
          <AgentPreview draft={draft} issues={check.issues} />
        </div>
      </div>
    </FormProvider>
  );
}
