import { useFormContext, useWatch } from 'react-hook-form';
import {
  WAPTWUA_KEYS,
  type ConfigIssue,
  type WaptWuaConfig,
} from '../../../../../common/domain/agent-config';
import { useI18n } from '../../../i18n/i18n';
import type { AgentFormValues } from '../agent-form';
import { AS_TYPED, Field, useIssueFor } from './field';

/** The [waptwua] keys WAPT's dialog does not show (docs/wapt-agent-build.md §8.3): under "Advanced". */
const ADVANCED_WUA = WAPTWUA_KEYS.filter(
  (k) =>
    !['enabled', 'default_allow', 'download_scheduling', 'install_delay', 'install_at_shutdown'].includes(k),
);
/** Advanced keys that are switches: ticked writes `1`, unticked leaves the host's value. */
const ADVANCED_SWITCHES: readonly string[] = [
  'offline',
  'allow_direct_download',
  'include_potentially_superseded_updates',
];
const WUA_MODES = [
  ['enabled', true],
  ['disabled', false],
  ['dontChange', undefined],
] as const;

/**
 * Step 4: the `[waptwua]` section. A key left empty is not written at all (the host keeps its
 * value), so empty values are removed from the section rather than kept as "".
 */
export function WuaStep({
  issues,
  enterprise,
  serverWithoutWua,
}: {
  issues: readonly ConfigIssue[];
  enterprise: boolean;
  serverWithoutWua: boolean;
}) {
  const { t } = useI18n();
  const { setValue, control } = useFormContext<AgentFormValues>();
  const waptwua = useWatch({ control, name: 'waptwua' });
  const issueFor = useIssueFor(issues);
  const setWua = (patch: Partial<WaptWuaConfig>) => {
    const next: WaptWuaConfig = { ...waptwua, ...patch };
    for (const k of WAPTWUA_KEYS) if (next[k] === undefined || next[k] === '') delete next[k];
    setValue('waptwua', next, AS_TYPED);
  };
  return (
    <fieldset className="fieldset--plain" disabled={serverWithoutWua} data-testid="agent-wua-step">
      {serverWithoutWua && (
        <p className="hint" role="status" data-testid="agent-wua-not-offered">
          {t('agent.wua.communityServer')}
        </p>
      )}
      {!enterprise && <p className="hint">{t('agent.wua.enterpriseOnly')}</p>}
      <fieldset>
        <legend>{t('agent.wua.mode')}</legend>
        {WUA_MODES.map(([k, v]) => (
          <label key={k} className="check">
            <input
              type="radio"
              name="wuaEnabled"
              checked={(waptwua.enabled ?? undefined) === v}
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
          checked={waptwua.default_allow ?? false}
          onChange={(e) => setWua({ default_allow: e.target.checked })}
        />
        {t('agent.wua.defaultAllow')}
      </label>
      <Field label={t('agent.wua.downloadScheduling')} error={issueFor('waptwua.download_scheduling')}>
        <input
          value={waptwua.download_scheduling ?? ''}
          onChange={(e) => setWua({ download_scheduling: e.target.value })}
          data-testid="agent-wua-download-scheduling"
        />
      </Field>
      <Field label={t('agent.wua.installDelay')} error={issueFor('waptwua.install_delay')}>
        <input
          value={waptwua.install_delay ?? ''}
          onChange={(e) => setWua({ install_delay: e.target.value })}
        />
      </Field>
      <label className="check">
        <input
          type="checkbox"
          checked={waptwua.install_at_shutdown ?? false}
          onChange={(e) => setWua({ install_at_shutdown: e.target.checked })}
        />
        {t('agent.wua.installAtShutdown')}
      </label>
      <details>
        <summary>{t('agent.wua.advanced')}</summary>
        {ADVANCED_WUA.map((k) => {
          const v = waptwua[k];
          return typeof v === 'boolean' || ADVANCED_SWITCHES.includes(k) ? (
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
  );
}
