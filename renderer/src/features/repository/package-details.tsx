import { useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import type { SignatureCheck } from '../../../../common/ipc/methods/host-packages';
import { Modal } from '../../components/modal';
import { ErrorBanner, reportedErrorDetail } from '../../errors/presenter';
import { formatBytes, formatDateTime } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { repositoryQueries } from '../../queries/repository';

/** Attributes shown first; the rest of the control follows in WAPT's order. */
const FIRST = [
  'package',
  'version',
  'section',
  'maturity',
  'architecture',
  'description',
  'depends',
  'conflicts',
];

function SignatureStatus({ check }: { check: SignatureCheck }) {
  const { t, language } = useI18n();
  const state = !check.valid ? 'invalid' : check.trusted ? 'trusted' : 'untrusted';
  return (
    <section className="form" data-testid="signature-check" data-state={state}>
      <p
        className={`badge ${state === 'trusted' ? 'badge--ok' : 'badge--warn'}`}
        role="status"
        data-testid="signature-state"
      >
        {t(`repo.sig.${state}`)}
      </p>
      <dl className="kv-list">
        <dt>{t('repo.sig.signer')}</dt>
        <dd data-testid="signature-signer">{check.signer?.cn ?? '—'}</dd>
        <dt>{t('repo.sig.fingerprint')}</dt>
        <dd className="mono" data-testid="signature-fingerprint">
          {check.signer?.fingerprintSha256 ?? '—'}
        </dd>
        <dt>{t('repo.sig.issuer')}</dt>
        <dd>{check.signer?.issuer ?? '—'}</dd>
        <dt>{t('repo.sig.expires')}</dt>
        <dd>{check.signer ? formatDateTime(check.signer.notAfter, language) : '—'}</dd>
        <dt>{t('repo.sig.trustedBy')}</dt>
        <dd data-testid="signature-trusted-by">
          {check.trustedBy
            ? `${check.trustedBy.cn} (${check.trustedBy.fingerprintSha256.slice(0, 16)}…)`
            : t('repo.sig.noAnchor', { count: check.trustedCount })}
        </dd>
        {check.chain && check.chain.length > 0 && (
          <>
            <dt>{t('sig.chainLabel')}</dt>
            <dd data-testid="signature-chain">
              <ol className="chain-list">
                {check.chain.map((c, i) => (
                  <li key={`${c.fingerprintSha256}-${i}`} title={c.fingerprintSha256}>
                    {c.cn}
                    {i === check.chain!.length - 1 && check.trusted ? ` (${t('sig.anchor')})` : ''}
                  </li>
                ))}
              </ol>
            </dd>
          </>
        )}
      </dl>
      {check.problem && (
        <p className="error-banner" role="alert" data-testid="signature-problem">
          {check.problem.code}
          {check.problem.reason ? `/${check.problem.reason}` : ''}: {reportedErrorDetail(check.problem, t)}
        </p>
      )}
    </section>
  );
}

/** Package details (double-click or Enter): every attribute, the files, and the signature check as an agent does it. */
export function PackageDetails({ filename, onClose }: { filename: string; onClose: () => void }) {
  const api = useApi();
  const { t, language } = useI18n();
  const q = useQuery(repositoryQueries.details(api, filename));
  const row = q.data?.row ?? {};
  // Empty attributes are left out: a control lists every attribute, most of them blank.
  const filled = (k: string) => row[k] !== null && row[k] !== undefined && row[k] !== '';
  const keys = [...FIRST, ...Object.keys(row).filter((k) => !FIRST.includes(k))].filter(
    (k, i, all) => filled(k) && all.indexOf(k) === i,
  );
  return (
    <Modal
      title={t('repo.details.title', { name: filename })}
      onClose={onClose}
      wide
      testId="package-details"
    >
      {q.isPending && <p>{t('grid.loading')}</p>}
      {q.error && <ErrorBanner error={q.error} t={t} />}
      {q.data && (
        <>
          <SignatureStatus check={q.data.check} />
          <h3 className="wu-section-title">{t('repo.details.attributes')}</h3>
          <dl className="kv-list" data-testid="package-attributes">
            {keys.map((k) => (
              <Fragment key={k}>
                <dt>{k}</dt>
                <dd className={k === 'signature' || k.endsWith('fingerprint') ? 'mono' : undefined}>
                  {k === 'signature_date'
                    ? formatDateTime(String(row[k] ?? ''), language)
                    : k === 'size'
                      ? formatBytes(Number(row[k]), language)
                      : String(row[k] ?? '')}
                </dd>
              </Fragment>
            ))}
          </dl>
          <h3 className="wu-section-title">{t('repo.details.files', { count: q.data.files.length })}</h3>
          <ul data-testid="package-files">
            {q.data.files.map((f) => (
              <li key={f.path}>
                <span className="mono">{f.path}</span> · {formatBytes(f.size, language)}
              </li>
            ))}
          </ul>
        </>
      )}
    </Modal>
  );
}
