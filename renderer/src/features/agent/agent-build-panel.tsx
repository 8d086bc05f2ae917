import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { AgentConfig } from '../../../../common/domain/agent-config';
import type { AgentBuildOutcome } from '../../../../common/ipc/methods/agent-build';
import { ErrorBanner } from '../../errors/presenter';
import { useI18n } from '../../i18n/i18n';
import { progressText } from '../../i18n/progress-text';
import { useApi } from '../../platform/api-client';
import { agentQueries } from '../../queries/agent';
import { keyKeys, keyQueries } from '../../queries/keys';
import { useDraft } from '../../forms/draft-store';
import { Button } from '../../components/button';
import { useTabCommands } from '../../commands/command-registry';
import { CreateKeyDialog } from '../keys/create-key-dialog';
import { useJob } from './use-job';
import { KeyPathsForm } from '../keys/key-paths-form';

/** Last step: the key, then build (progress, log, cancel), then the upload with confirmation and the GPO hash. */
export function AgentBuildPanel({
  config,
  errors,
  serverUrl,
}: {
  /** Null while the wizard's form has errors: nothing to build yet. */
  config: AgentConfig | null;
  errors: number;
  serverUrl: string | null;
}) {
  const api = useApi();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const keyStatus = useQuery(keyQueries.status(api));
  // Kept in the draft store (memory only, emptied on Disconnect) so a tab switch loses nothing and
  // a running build is still followed when the person comes back.
  const [password, setPassword] = useDraft('agent.build.password', '');
  const [changingKey, setChangingKey] = useState(false);
  const [creatingKey, setCreatingKey] = useState(false);
  const [buildJob, setBuildJob] = useDraft<string | null>('agent.build.job', null);
  const [uploadJob, setUploadJob] = useDraft<string | null>('agent.build.uploadJob', null);
  const [confirming, setConfirming] = useState(false);
  const [copied, setCopied] = useState(false);
  const build = useJob(buildJob);
  const upload = useJob(uploadJob);
  const logRef = useRef<HTMLPreElement>(null);

  const start = useMutation({
    // The password goes to main in this one call; it is cleared here at once.
    mutationFn: (ready: AgentConfig) => api.call('agent.start', { config: ready, password }),
    onSuccess: (ref) => {
      setUploadJob(null);
      setBuildJob(ref.jobId);
    },
    onSettled: () => setPassword(''),
  });
  const outcome = useQuery({
    ...agentQueries.outcome(api, buildJob, build?.finished, upload?.finished),
    enabled: buildJob !== null && build?.finished === 'succeeded',
  });
  const startUpload = useMutation({
    mutationFn: () => api.call('agent.upload', { jobId: buildJob! }),
    onSuccess: (ref) => {
      setConfirming(false);
      setUploadJob(ref.jobId);
    },
  });
  useEffect(() => {
    logRef.current?.scrollTo({ top: logRef.current.scrollHeight });
  }, [build?.lines.length]);

  const o: AgentBuildOutcome | undefined = outcome.data;
  const running = build !== null && build.finished === null;
  const keyConfigured = (keyStatus.data?.configured ?? false) && !changingKey;
  const startBuild = () => {
    if (config) start.mutate(config);
  };
  // Build, cancel and upload are in the command palette while this step is on screen
  // (commands/command-catalogue.ts); the Build button is disabled by the same rule.
  const reasonOf = useTabCommands(
    'agentBuild',
    {
      keyConfigured,
      errors: errors > 0 ? errors : config === null ? 1 : 0,
      running: running || start.isPending,
      built: o?.state === 'built',
      uploading: confirming || startUpload.isPending || (upload !== null && upload.finished === null),
      connected: serverUrl !== null,
    },
    {
      'agent.build': startBuild,
      'agent.cancelBuild': () => void api.call('jobs.cancel', { jobId: buildJob! }),
      // The confirmation first, as the Upload button does.
      'agent.upload': () => setConfirming(true),
    },
  );
  return (
    <section className="agent-build" data-testid="agent-build-panel">
      <h3>{t('agent.key.title')}</h3>
      <p className="toolbar">
        <Button onClick={() => setCreatingKey(true)} data-testid="agent-key-create">
          {t('agent.key.create')}
        </Button>
      </p>
      {creatingKey && (
        <CreateKeyDialog
          useAsAdminKeyByDefault
          onClose={() => setCreatingKey(false)}
          // A key made here and chosen as the signing key is the one this step offers at once.
          onCreated={(created) => {
            if (created.adminKey.keyPath === created.keyPath) setChangingKey(false);
          }}
        />
      )}
      {!keyConfigured ? (
        <KeyPathsForm
          place="agentStep"
          draftKey="agent.build.keyPaths"
          onSaved={(status) => {
            queryClient.setQueryData(keyKeys.status, status);
            setChangingKey(false);
          }}
        />
      ) : (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            startBuild();
          }}
        >
          <p className="toolbar">
            {keyStatus.data?.certificate && (
              <span data-testid="agent-signer">
                {t('agent.key.signer', { cn: keyStatus.data.certificate.cn })}
              </span>
            )}
            <Button onClick={() => setChangingKey(true)} data-testid="agent-key-change">
              {t('agent.key.change')}
            </Button>
          </p>
          <label className="field">
            {t('agent.key.password')}
            <input
              type="password"
              autoComplete="off"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              data-testid="agent-key-password"
            />
          </label>
          {errors > 0 && <p className="hint error">{t('agent.invalid', { count: errors })}</p>}
          <p className="hint" data-testid="agent-authenticode">
            {keyStatus.data?.certificate?.codeSigning
              ? t('agent.authenticode.signed', { cn: keyStatus.data.certificate.cn })
              : t('agent.authenticode.unsigned')}
          </p>
          <div className="toolbar">
            <Button
              variant="primary"
              type="submit"
              disabled={reasonOf('agent.build') !== null}
              data-testid="agent-build"
            >
              {running ? t('agent.building') : t('agent.build')}
            </Button>
            {running && (
              <Button
                onClick={() => void api.call('jobs.cancel', { jobId: buildJob! })}
                data-testid="agent-build-cancel"
              >
                {t('agent.cancel')}
              </Button>
            )}
          </div>
          {start.error && <ErrorBanner error={start.error} t={t} />}
        </form>
      )}
      {build && (
        <>
          <progress max={100} value={build.percent ?? undefined} data-testid="agent-build-progress" />
          <span className="hint">{progressText(build, t)}</span>
          <details open={build.finished === 'failed'}>
            <summary>{t('agent.log')}</summary>
            <pre ref={logRef} className="mono agent-log" data-testid="agent-build-log">
              {build.lines.join('\n')}
            </pre>
          </details>
          {build.finished === 'failed' && <ErrorBanner error={build.error} t={t} />}
        </>
      )}
      {o && (o.state === 'built' || o.state === 'uploading' || o.state === 'uploaded') && (
        <div className="agent-result" data-testid="agent-build-result">
          <p>{t('agent.done', { package: o.packageFile ?? '', dir: o.outDir ?? '' })}</p>
          <label className="field">
            {t('agent.sha256')}
            <span className="toolbar">
              <input readOnly className="mono" value={o.sha256 ?? ''} size={70} data-testid="agent-sha256" />
              <Button
                onClick={() =>
                  void navigator.clipboard?.writeText(o.sha256 ?? '').then(() => setCopied(true))
                }
              >
                {copied ? t('agent.copied') : t('agent.copy')}
              </Button>
            </span>
          </label>
          {o.state === 'built' &&
            upload?.finished !== null &&
            !confirming &&
            (serverUrl ? (
              <Button variant="primary" onClick={() => setConfirming(true)} data-testid="agent-upload">
                {t('agent.upload', { server: serverUrl })}
              </Button>
            ) : (
              <p className="hint">{t('agent.notConnected')}</p>
            ))}
          {confirming && (
            <div className="confirm" data-testid="agent-upload-confirm">
              <p>{t('agent.uploadConfirm', { package: o.packageFile ?? '', server: serverUrl ?? '' })}</p>
              <Button variant="primary" onClick={() => startUpload.mutate()} data-testid="agent-upload-yes">
                {t('agent.uploadYes')}
              </Button>
              <Button onClick={() => setConfirming(false)}>{t('agent.cancel')}</Button>
            </div>
          )}
          {upload && upload.finished === null && <progress max={100} value={upload.percent ?? undefined} />}
          {upload?.finished === 'failed' && <ErrorBanner error={upload.error} t={t} />}
          {startUpload.error && <ErrorBanner error={startUpload.error} t={t} />}
          {o.state === 'uploaded' && (
            <p className="notice" data-testid="agent-uploaded">
              {t('agent.uploaded')} <code className="mono">{o.sha256}</code>
            </p>
          )}
        </div>
      )}
    </section>
  );
}
