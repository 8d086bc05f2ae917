import { useFormContext, useWatch } from 'react-hook-form';
import type { ConfigIssue } from '../../../../../common/domain/agent-config';
import { Button } from '../../../components/button';
import { useI18n } from '../../../i18n/i18n';
import { useApi } from '../../../platform/api-client';
import type { AgentFormValues } from '../agent-form';
import { AS_TYPED, Field, useIssueFor } from './field';

/**
 * Step 2: where agents find the repository and the server, and how they check its HTTPS
 * certificate. `verifyCert` is one value with three meanings ("0" off, "1" system CAs, else the
 * path of a CA bundle: docs/wapt-agent-build.md), shown as a checkbox and a path.
 */
export function ServerStep({
  issues,
  onError,
}: {
  issues: readonly ConfigIssue[];
  onError: (error: unknown) => void;
}) {
  const api = useApi();
  const { t } = useI18n();
  const { register, setValue, control } = useFormContext<AgentFormValues>();
  const [verifyCert, serverUrl] = useWatch({ control, name: ['verifyCert', 'serverUrl'] });
  const issueFor = useIssueFor(issues);
  const verifyOn = verifyCert !== '0';

  const getServerCert = async () => {
    try {
      const r = await api.call('agent.fetchServerCertificate', { url: serverUrl });
      setValue('verifyCert', r.path, AS_TYPED);
    } catch (err) {
      onError(err);
    }
  };

  return (
    <>
      <Field label={t('agent.field.repoUrl')} error={issueFor('repoUrl')}>
        <span className="toolbar">
          <input {...register('repoUrl')} data-testid="agent-repo-url" size={50} />
          <label className="check">
            <input type="checkbox" {...register('overwriteRepoUrl')} />
            {t('agent.field.overwrite')}
          </label>
        </span>
      </Field>
      <Field label={t('agent.field.serverUrl')} error={issueFor('serverUrl')}>
        <span className="toolbar">
          <input {...register('serverUrl')} data-testid="agent-server-url" size={50} />
          <label className="check">
            <input type="checkbox" {...register('overwriteServerUrl')} />
            {t('agent.field.overwrite')}
          </label>
        </span>
      </Field>
      <label className="check">
        <input
          type="checkbox"
          checked={verifyOn}
          onChange={(e) => setValue('verifyCert', e.target.checked ? '1' : '0', AS_TYPED)}
          data-testid="agent-verify-cert"
        />
        {t('agent.field.verify')}
      </label>
      {verifyOn && (
        <Field label={t('agent.field.caBundle')} error={issueFor('verifyCert')}>
          <span className="toolbar">
            <input
              value={verifyCert === '1' ? '' : verifyCert}
              // An empty path means the system's CAs ("1").
              onChange={(e) =>
                setValue('verifyCert', e.target.value.trim() === '' ? '1' : e.target.value, AS_TYPED)
              }
              size={50}
            />
            <Button disabled={!serverUrl.startsWith('https://')} onClick={() => void getServerCert()}>
              {t('agent.field.getServerCert')}
            </Button>
          </span>
        </Field>
      )}
      <label className="check">
        <input type="checkbox" {...register('useKerberos')} />
        {t('agent.field.kerberos')}
      </label>
    </>
  );
}
