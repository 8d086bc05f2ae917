import { useQuery } from '@tanstack/react-query';
import { useCallback, useState, type ReactNode } from 'react';
import type { ExplainTrace } from '../../../../common/ipc/methods/wua-rules';
import { Modal } from '../../components/modal';
import { ErrorBanner } from '../../errors/presenter';
import { formatDateTime } from '../../format';
import { statusElement, statusLabel } from '../../grids/status-labels';
import type { MessageKey } from '../../i18n/en';
import { useI18n, type Translate } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { hostQueries } from '../../queries/hosts';
import { wuaRulesQueries } from '../../queries/wua-rules';

const RULE_KEY: Record<string, MessageKey> = {
  forbidden_updates: 'wuaRules.rule.forbidden_updates',
  forbidden_kbs: 'wuaRules.rule.forbidden_kbs',
  allowed_updates: 'wuaRules.rule.allowed_updates',
  allowed_kbs: 'wuaRules.rule.allowed_kbs',
  allowed_products: 'wuaRules.rule.allowed_products',
  allowed_severities: 'wuaRules.rule.allowed_severities',
  allowed_classifications: 'wuaRules.rule.allowed_classifications',
  default_allow: 'wuaRules.rule.default_allow',
  hidden: 'wuaRules.rule.hidden',
};

export const ruleLabel = (t: Translate, kind: string): string => (RULE_KEY[kind] ? t(RULE_KEY[kind]) : kind);

/** One sentence: "Forbidden update id … in demo-waptwua-pilot (version 2)". */
export function decidedBySentence(
  t: Translate,
  d: ExplainTrace['decision']['decidedBy'],
  allowed: boolean,
): string {
  // Hidden on the host decides before any rule (common/domain/wua-rules.ts, explainUpdate).
  if (d.kind === 'hidden') return t('wuaRules.explain.byHidden');
  const rule = ruleLabel(t, d.kind);
  const verdict = t(allowed ? 'wuaRules.explain.allowed' : 'wuaRules.explain.notAllowed');
  if (d.origin === 'package' && d.package) {
    return t('wuaRules.explain.byPackage', {
      verdict,
      rule,
      value: d.value ?? '',
      package: d.package,
      version: d.version ?? '?',
    });
  }
  return t('wuaRules.explain.byAgent', { verdict, rule, value: d.value ?? '' });
}

/** Stands for the rule's value while the sentence is formatted, to place it in its own element. */
const VALUE_MARK = '\u0001';

/**
 * The decided-by sentence with the rule's value (a classification, a product, a KB, an update id)
 * in its own element: fleet data, shown as written whatever the console's language.
 */
function DecidedBy({ decision }: { decision: ExplainTrace['decision'] }) {
  const { t } = useI18n();
  const { decidedBy, allowed } = decision;
  if (!decidedBy.value) return <>{decidedBySentence(t, decidedBy, allowed)}</>;
  const [before = '', after = ''] = decidedBySentence(t, { ...decidedBy, value: VALUE_MARK }, allowed).split(
    VALUE_MARK,
  );
  return (
    <>
      {before}
      <span data-fleet-data>{decidedBy.value}</span>
      {after}
    </>
  );
}

function HostPicker({ onPick }: { onPick: (uuid: string) => void }) {
  const api = useApi();
  const { t } = useI18n();
  const [text, setText] = useState('');
  const page = useQuery(
    hostQueries.page(api, {
      offset: 0,
      limit: 20,
      sort: null,
      search: {
        text,
        scope: 'host',
        groups: [],
        not: false,
        hasErrors: false,
        needUpgrade: false,
        connectedOnly: false,
      },
    }),
  );
  return (
    <div className="form" data-testid="explain-host-picker">
      <label className="field">
        <span>{t('wuaRules.explain.pickHost')}</span>
        <input
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-label={t('wuaRules.explain.pickHost')}
        />
      </label>
      {page.error && <ErrorBanner error={page.error} t={t} />}
      <ul className="wua-pick-list">
        {(page.data?.rows ?? []).map((h) => (
          <li key={h.uuid}>
            <button type="button" className="btn btn--link" onClick={() => onPick(h.uuid)}>
              {h.computer_fqdn ?? h.uuid}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function TraceView({ trace }: { trace: ExplainTrace }) {
  const { t, language } = useI18n();
  const d = trace.decision;
  return (
    <div className="wua-explain" data-testid="explain-trace">
      <dl className="wua-panel">
        <div>
          <dt>{t('wuaRules.explain.host')}</dt>
          <dd>{trace.host.fqdn ?? trace.host.uuid}</dd>
        </div>
        <div>
          <dt>{t('upd.col.title')}</dt>
          <dd data-fleet-data>{trace.update.title}</dd>
        </div>
        <div>
          <dt>{t('upd.col.kbs')}</dt>
          <dd>{trace.update.kbids.map((k) => `KB${k}`).join(', ')}</dd>
        </div>
        <div>
          <dt>{t('upd.col.updateId')}</dt>
          <dd className="mono">{trace.update.update_id}</dd>
        </div>
        <div>
          <dt>{t('upd.col.product')}</dt>
          <dd data-fleet-data>{trace.update.product}</dd>
        </div>
        <div>
          <dt>
            {t('upd.col.severity')} / {t('upd.col.classification')}
          </dt>
          <dd>
            {trace.update.severity ? statusElement(trace.update.severity, t) : '—'} /{' '}
            <span data-fleet-data>{trace.update.classification ?? '—'}</span>
          </dd>
        </div>
      </dl>
      <p className="wua-verdict" data-testid="explain-decision">
        <strong data-status-code={d.status}>
          {t('wuaRules.explain.status', { status: statusLabel(d.status, t) })}
        </strong>{' '}
        —{' '}
        <span data-testid="explain-decided-by">
          <DecidedBy decision={d} />
        </span>
      </p>
      {d.delayed && (
        <p data-testid="explain-delay">
          {t('wuaRules.explain.delayedUntil', {
            date: formatDateTime(d.delayedUntil, language),
            delay: trace.agent.install_delay ?? '',
          })}
        </p>
      )}
      {!d.delayed && d.allowed && trace.agent.install_delay && (
        <p>{t('wuaRules.explain.delayOver', { delay: trace.agent.install_delay })}</p>
      )}
      {trace.update.downloaded_on === null && d.allowed && d.status !== 'OK' && (
        <p className="hint">{t('wuaRules.explain.notCached')}</p>
      )}
      {trace.differsFromReported && (
        <p className="error-banner" role="status">
          {t('wuaRules.explain.differs', {
            reported: trace.reported.status ? statusLabel(trace.reported.status, t) : '?',
            computed: statusLabel(d.status, t),
          })}
        </p>
      )}
      <h3 className="wu-section-title">{t('wuaRules.explain.order')}</h3>
      <table className="audit-table" data-testid="explain-steps">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('wuaRules.explain.rule')}</th>
            <th>{t('wuaRules.explain.count')}</th>
            <th>{t('wuaRules.explain.result')}</th>
            <th>{t('wuaRules.explain.source')}</th>
          </tr>
        </thead>
        <tbody>
          {trace.steps.map((s, i) => (
            <tr
              key={s.kind}
              className={s.decisive ? 'wua-step--decisive' : ''}
              data-decisive={s.decisive ? 'true' : undefined}
            >
              <td>{i + 1}</td>
              <td>{ruleLabel(t, s.kind)}</td>
              <td>{s.kind === 'default_allow' ? (s.allows ? t('yes') : t('no')) : s.ruleCount}</td>
              <td>
                {s.decisive
                  ? t('wuaRules.explain.decided')
                  : s.matched
                    ? t('wuaRules.explain.shadowed')
                    : t('wuaRules.explain.noMatch')}
              </td>
              <td>
                {s.value && <span className="mono">{s.value} </span>}
                {s.origin === 'package' && s.package
                  ? `${s.package} (${s.version ?? '?'})`
                  : s.origin === 'agent'
                    ? t('wuaRules.explain.agentIni')
                    : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 className="wu-section-title">{t('wuaRules.explain.packages')}</h3>
      <ul data-testid="explain-packages">
        {trace.packages.length === 0 && <li>{t('wuaRules.explain.noPackages')}</li>}
        {trace.packages.map((p) => (
          <li key={p.package}>
            {p.package} ({p.version}){!p.rulesFound && ` — ${t('wuaRules.explain.rulesMissing')}`}
          </li>
        ))}
      </ul>
      <p className="hint">
        {trace.agent.known
          ? t('wuaRules.explain.agent', {
              defaultAllow: trace.agent.default_allow ? t('yes') : t('no'),
              severities:
                (trace.agent.allowed_severities ?? []).map((v) => statusLabel(v, t)).join(', ') || '—',
              delay: trace.agent.install_delay ?? '—',
            })
          : t('wuaRules.explain.agentUnknown')}
      </p>
      <h3 className="wu-section-title">{t('wuaRules.explain.supersededBy')}</h3>
      <ul data-testid="explain-superseded">
        {trace.supersededBy.length === 0 && <li>{t('wuaRules.explain.notSuperseded')}</li>}
        {trace.supersededBy.map((s) => (
          <li key={s.update_id}>
            <span data-fleet-data>
              {s.kbids.map((k) => `KB${k}`).join(', ')} {s.title}
            </span>{' '}
            — {s.status ? statusElement(s.status, t) : '?'}
          </li>
        ))}
      </ul>
      <p className="hint">{t('wuaRules.explain.inferred')}</p>
    </div>
  );
}

/** "Why is this update in this state on this host?" (docs/wapt-console-features.md §3 #3). Without a host, asks for one first. */
export function ExplainDialog({
  hostUuid,
  updateId,
  onClose,
}: {
  hostUuid: string | null;
  updateId: string;
  onClose: () => void;
}) {
  const api = useApi();
  const { t } = useI18n();
  const [host, setHost] = useState<string | null>(hostUuid);
  const trace = useQuery({ ...wuaRulesQueries.explain(api, host ?? '', updateId), enabled: host !== null });
  return (
    <Modal title={t('wuaRules.explain.title')} onClose={onClose} wide testId="explain-dialog">
      {host === null ? <HostPicker onPick={setHost} /> : null}
      {trace.error && <ErrorBanner error={trace.error} t={t} onRetry={() => void trace.refetch()} />}
      {host !== null && trace.isPending && <p>{t('app.loading')}</p>}
      {trace.data && <TraceView trace={trace.data} />}
    </Modal>
  );
}

/** `open(hostUuid | null, updateId)` and the element to render. */
export function useExplain(): {
  open: (hostUuid: string | null, updateId: string) => void;
  dialog: ReactNode;
} {
  const [target, setTarget] = useState<{ hostUuid: string | null; updateId: string } | null>(null);
  const open = useCallback(
    (hostUuid: string | null, updateId: string) => setTarget({ hostUuid, updateId }),
    [],
  );
  const dialog = target ? (
    <ExplainDialog hostUuid={target.hostUuid} updateId={target.updateId} onClose={() => setTarget(null)} />
  ) : null;
  return { open, dialog };
}
