import { useFormContext } from 'react-hook-form';
import type { ConfigIssue } from '../../../../../common/domain/agent-config';
import { useI18n } from '../../../i18n/i18n';
import type { AgentFormValues } from '../agent-form';
import { Field, useIssueFor } from './field';

const UUID_MODES = ['bios', 'fqdn', 'random'] as const;

/** Step 3: the agent's options (package prefix, host identifier, AD groups, profiles, audit, signing). */
export function AgentOptionsStep({ issues }: { issues: readonly ConfigIssue[] }) {
  const { t } = useI18n();
  const { register } = useFormContext<AgentFormValues>();
  const issueFor = useIssueFor(issues);
  return (
    <>
      <Field label={t('agent.field.prefix')} error={issueFor('prefix')}>
        <input {...register('prefix')} data-testid="agent-prefix" />
      </Field>
      <Field label={t('agent.field.organization')} error={issueFor('organization')}>
        <input {...register('organization')} data-testid="agent-organization" />
      </Field>
      <fieldset>
        <legend>{t('agent.field.uuid')}</legend>
        {UUID_MODES.map((m) => (
          <label key={m} className="check">
            <input type="radio" value={m} {...register('uuidMode')} data-testid={`agent-uuid-${m}`} />
            {t(`agent.field.uuid.${m}`)}
          </label>
        ))}
        <p className="hint">{t('agent.field.uuidHint')}</p>
      </fieldset>
      <label className="check">
        <input type="checkbox" {...register('useAdGroups')} />
        {t('agent.field.adGroups')}
      </label>
      <label className="check">
        <input type="checkbox" {...register('useRepoRules')} />
        {t('agent.field.repoRules')}
      </label>
      <Field label={t('agent.field.hostProfiles')} error={issueFor('appendHostProfiles')}>
        <input {...register('appendHostProfiles')} data-testid="agent-host-profiles" />
      </Field>
      <Field label={t('agent.field.auditPeriod')} error={issueFor('auditPeriod')}>
        <input {...register('auditPeriod')} data-testid="agent-audit-period" />
      </Field>
      <label className="check">
        <input type="checkbox" {...register('dualSign')} />
        {t('agent.field.dualSign')}
      </label>
    </>
  );
}
