import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ConsoleError } from '../../../../common/errors';
import { describeUpdateId, type UpdateLabel } from '../../../../common/domain/wua-rule-edits';
import { mergeRulesThreeWay } from '../../../../common/domain/wua-rules-edit';
import { WUA_LIST_KEYS } from '../../../../common/domain/wua-rules';
import type { SavePreview, WuaRulesInput } from '../../../../common/ipc/methods/wua-rules';
import { Modal } from '../../components/modal';
import { ErrorBanner, presentError } from '../../errors/presenter';
import { issueText } from '../../errors/issues';
import { statusElement } from '../../grids/status-labels';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { keyKeys } from '../../queries/keys';
import { wuaRulesKeys, wuaRulesQueries } from '../../queries/wua-rules';
import { useRefresh } from '../../refresh';
import { UnlockKeyDialog } from '../keys/unlock-key-dialog';
import { ruleLabel } from './explain-dialog';
import type { Draft } from './rules-editor/editor-state';

const ID_KEYS: ReadonlySet<string> = new Set(['allowed_updates', 'forbidden_updates']);

/**
 * Titles and KBs of the update ids a diff names (issue 15: raw GUIDs alone say nothing): those the
 * editor already knows, else the server catalogue, read once.
 */
function useUpdateLabels(preview: SavePreview | undefined, known: ReadonlyMap<string, UpdateLabel>) {
  const api = useApi();
  const ids = preview
    ? [...ID_KEYS].flatMap((k) => {
        const l = preview.diff.lists[k as (typeof WUA_LIST_KEYS)[number]];
        return l ? [...l.added, ...l.removed] : [];
      })
    : [];
  const missing = ids.filter((id) => describeUpdateId(id, known) === '');
  const catalogue = useQuery({ ...wuaRulesQueries.diffLabels(api, missing), enabled: missing.length > 0 });
  const all = new Map(known);
  for (const r of catalogue.data?.rows ?? []) {
    const key = r.update_id.toLowerCase();
    if (!all.has(key)) all.set(key, r);
    const guid = key.split('_')[0]!;
    if (!all.has(guid)) all.set(guid, r);
  }
  return all;
}

function DiffView({ preview, known }: { preview: SavePreview; known: ReadonlyMap<string, UpdateLabel> }) {
  const { t } = useI18n();
  const d = preview.diff;
  const labels = useUpdateLabels(preview, known);
  const line = (k: string, v: string) => {
    const label = ID_KEYS.has(k) ? describeUpdateId(v, labels) : '';
    return (
      <>
        <span className="mono">{v}</span>
        {/* The update's KB and catalogue title: fleet data, as the server wrote it. */}
        {label && (
          <span className="wua-diff__label" data-fleet-data>
            {' '}
            {label}
          </span>
        )}
      </>
    );
  };
  const yn = (v: boolean | null) => (v === null ? t('wuaRules.editor.defaultAgent') : v ? t('yes') : t('no'));
  return (
    <div data-testid="save-diff">
      <h3 className="wu-section-title">
        {preview.diffAgainst
          ? t('wuaRules.save.diffAgainst', { version: preview.diffAgainst })
          : t('wuaRules.save.diffNew')}
      </h3>
      {d.empty && <p>{t('wuaRules.save.noChange')}</p>}
      <ul className="wua-diff">
        {WUA_LIST_KEYS.map((k) => {
          const l = d.lists[k];
          if (!l || (l.added.length === 0 && l.removed.length === 0)) return null;
          return (
            <li key={k} data-testid={`diff-${k}`}>
              <strong>{ruleLabel(t, k)}</strong>
              {l.added.map((v) => (
                <div key={`+${v}`} className="cell-ok" data-diff="added">
                  + {line(k, v)}
                </div>
              ))}
              {l.removed.map((v) => (
                <div key={`-${v}`} className="cell-error" data-diff="removed">
                  − {line(k, v)}
                </div>
              ))}
            </li>
          );
        })}
        {d.default_allow && (
          <li>
            <strong>{ruleLabel(t, 'default_allow')}</strong>: {yn(d.default_allow.from)} →{' '}
            {yn(d.default_allow.to)}
          </li>
        )}
        {d.include_potentially_superseded_updates && (
          <li>
            <strong>include_potentially_superseded_updates</strong>:{' '}
            {yn(d.include_potentially_superseded_updates.from)} →{' '}
            {yn(d.include_potentially_superseded_updates.to)}
          </li>
        )}
        {d.description && (
          <li>
            <strong>{t('wuaRules.col.description')}</strong>: “{d.description.from}” → “{d.description.to}”
          </li>
        )}
        {d.maturity && (
          <li>
            <strong>{t('wuaRules.col.maturity')}</strong>: {d.maturity.from || '—'} → {d.maturity.to || '—'}
          </li>
        )}
        {d.signer && (
          <li className="cell-warn" data-testid="diff-signer">
            <strong>{t('wuaRules.col.signer')}</strong>: {d.signer.from ?? '—'} → {d.signer.to ?? '—'}
            <div className="mono">
              {d.signer.fromFingerprint ?? '—'} → {d.signer.toFingerprint ?? '—'}
            </div>
          </li>
        )}
      </ul>
    </div>
  );
}

function ImpactView({ preview }: { preview: SavePreview }) {
  const { t } = useI18n();
  const i = preview.impact;
  return (
    <div data-testid="save-impact">
      <h3 className="wu-section-title">{t('wuaRules.save.impact')}</h3>
      <p data-testid="impact-summary">
        {i.hostsCarrying === 0
          ? t('wuaRules.save.noCarrier')
          : t('wuaRules.save.impactSummary', {
              changed: i.hostsChanged,
              evaluated: i.hostsEvaluated,
              carrying: i.hostsCarrying,
              updates: i.updatesChanged,
            })}
        {i.sampled && ` ${t('wuaRules.save.sampled')}`}
        {i.hostsSkipped > 0 && ` ${t('wuaRules.save.skipped', { count: i.hostsSkipped })}`}
      </p>
      {i.transitions.length > 0 && (
        <table className="audit-table">
          <thead>
            <tr>
              <th>{t('wuaRules.save.from')}</th>
              <th>{t('wuaRules.save.to')}</th>
              <th>{t('wuaRules.save.count')}</th>
            </tr>
          </thead>
          <tbody>
            {i.transitions.map((tr) => (
              <tr key={`${tr.from}>${tr.to}`}>
                <td>{statusElement(tr.from, t)}</td>
                <td>{statusElement(tr.to, t)}</td>
                <td>{tr.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {i.examples.length > 0 && (
        <details data-testid="impact-examples">
          <summary>{t('wuaRules.save.examples', { count: i.examples.length })}</summary>
          <ul>
            {i.examples.map((e) => (
              <li key={`${e.uuid}/${e.updateId}`}>
                <span data-fleet-data>
                  {e.host}: {e.title || e.updateId}
                </span>{' '}
                — {statusElement(e.from, t)} → {statusElement(e.to, t)}
              </li>
            ))}
          </ul>
        </details>
      )}
      <p className="hint">{t('wuaRules.save.impactHint')}</p>
    </div>
  );
}

/**
 * Before signing (docs/wapt-console-features.md §3 #3–#4): the diff against the server's newest version, the
 * impact on the hosts carrying the package (same merge code as the agents), the signer, and the
 * concurrent-edit check. Save = build + sign with the admin key + upload; a locked key opens the
 * unlock dialog and retries; a version already on the server offers merge or a new version.
 */
export function SaveDialog({
  draft,
  onClose,
  onSaved,
  onMerged,
  known = new Map(),
}: {
  draft: Draft;
  /** Titles and KBs the editor already holds, by lower-case update id. */
  known?: ReadonlyMap<string, UpdateLabel>;
  onClose: () => void;
  onSaved: (r: { package: string; version: string }) => void;
  onMerged: (rules: WuaRulesInput, serverVersion: string, conflicts: string[]) => void;
}) {
  const api = useApi();
  const { t } = useI18n();
  const refresh = useRefresh();
  const preview = useQuery(wuaRulesQueries.preview(api, draft));
  const [unlocking, setUnlocking] = useState<'fail' | 'newVersion' | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** Another console published the same version at the same moment (CONFLICT / VERSION_TAKEN). */
  const [raceLost, setRaceLost] = useState<{ version: string; kept: boolean } | null>(null);

  const save = async (onConflict: 'fail' | 'newVersion') => {
    setSaving(true);
    setError(null);
    setRaceLost(null);
    try {
      const r = await api.call('wuaRules.save', { ...draft, onConflict });
      void refresh([wuaRulesKeys.all, keyKeys.status]);
      onSaved(r);
    } catch (err) {
      const p = presentError(err, t);
      if (p.code === 'KEY_LOCKED') setUnlocking(onConflict);
      else if (err instanceof ConsoleError && err.reason === 'VERSION_TAKEN') {
        setRaceLost({
          version: typeof err.details?.serverVersion === 'string' ? err.details.serverVersion : '',
          kept: err.details?.withdrawn === false,
        });
        // The preview now sees the other version: its conflict choices (merge, new version) appear.
        void preview.refetch();
      } else {
        setError(err);
        // Someone saved meanwhile: re-read so the conflict choices appear.
        if (p.code === 'CONFLICT') void preview.refetch();
      }
    } finally {
      setSaving(false);
    }
  };

  const merge = async () => {
    setSaving(true);
    setError(null);
    try {
      const theirs = await api.call('wuaRules.get', { package: draft.package, version: null });
      const base =
        draft.baseVersion === null
          ? null
          : await api
              .call('wuaRules.get', { package: draft.package, version: draft.baseVersion })
              .catch(() => null);
      const m = mergeRulesThreeWay(base?.rules ?? {}, draft.rules, theirs.rules);
      onMerged(m.rules, theirs.version, m.conflicts);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  const p = preview.data;
  const blocked = !p || p.issues.length > 0 || saving;
  return (
    <>
      <Modal
        title={t('wuaRules.save.title', { name: draft.package })}
        onClose={onClose}
        wide
        testId="save-dialog"
        footer={
          <>
            <button type="button" className="btn" onClick={onClose}>
              {t('actions.cancelDialog')}
            </button>
            {p?.conflict ? (
              <>
                <button
                  type="button"
                  className="btn"
                  disabled={blocked || draft.baseVersion === null}
                  onClick={() => void merge()}
                  data-testid="save-merge"
                >
                  {t('wuaRules.save.merge', { version: p.serverVersion ?? '' })}
                </button>
                <button
                  type="button"
                  className="btn btn--primary"
                  disabled={blocked}
                  onClick={() => void save('newVersion')}
                  data-testid="save-new-version"
                >
                  {t('wuaRules.save.asNewVersion', { version: p.nextVersion })}
                </button>
              </>
            ) : (
              <button
                type="button"
                className="btn btn--primary"
                disabled={blocked}
                onClick={() => void save('fail')}
                data-testid="save-sign-upload"
              >
                {t('wuaRules.save.signUpload', { version: p?.nextVersion ?? '…' })}
              </button>
            )}
          </>
        }
      >
        {preview.isPending && <p>{t('wuaRules.save.computing')}</p>}
        {preview.error && <ErrorBanner error={preview.error} t={t} onRetry={() => void preview.refetch()} />}
        {error !== null && <ErrorBanner error={error} t={t} onDismiss={() => setError(null)} />}
        {raceLost && (
          <p className="error-banner" role="alert" data-testid="save-race-lost">
            {t(raceLost.kept ? 'wuaRules.save.raceLostKept' : 'wuaRules.save.raceLost', {
              version: raceLost.version,
            })}
          </p>
        )}
        {p && (
          <>
            <p data-testid="save-version">
              {t('wuaRules.save.version', {
                name: draft.package,
                from: draft.baseVersion ?? '—',
                to: p.nextVersion,
              })}
              {' · '}
              {p.signer ? t('wuaRules.save.signer', { cn: p.signer.cn }) : t('wuaRules.save.noSigner')}
            </p>
            {p.conflict && (
              <p className="error-banner" role="alert" data-testid="save-conflict">
                {draft.baseVersion === null
                  ? t('wuaRules.save.conflictNew', { version: p.serverVersion ?? '' })
                  : t('wuaRules.save.conflict', { version: p.serverVersion ?? '', base: draft.baseVersion })}
              </p>
            )}
            {p.issues.map((i) => (
              <p
                key={`${i.field}:${i.message}`}
                className="error-banner"
                role="alert"
                data-testid="save-issue"
              >
                {issueText(i, t)}
              </p>
            ))}
            <ImpactView preview={p} />
            <DiffView preview={p} known={known} />
          </>
        )}
      </Modal>
      {unlocking && (
        <UnlockKeyDialog
          onClose={() => setUnlocking(null)}
          onUnlocked={() => {
            const mode = unlocking;
            setUnlocking(null);
            void save(mode);
          }}
        />
      )}
    </>
  );
}
