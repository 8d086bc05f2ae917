import { formatPercent, type ComplianceGroup } from '../../../../common/domain/compliance';
import { useI18n } from '../../i18n/i18n';

const ROW_H = 28;
const LABEL_W = 260;
const BAR_W = 420;
const VALUE_W = 80;
const WIDTH = LABEL_W + BAR_W + VALUE_W;

/** Long group names are shortened in the chart (the full name is in the aria-label, the tooltip and the table). */
function shortName(name: string): string {
  return name.length > 30 ? `${name.slice(0, 29)}…` : name;
}

/** Bar colour class by level: the thresholds are display only (no policy). */
export function levelClass(percent: number | null): string {
  if (percent === null) return 'audit-bar--na';
  if (percent >= 95) return 'audit-bar--ok';
  if (percent >= 80) return 'audit-bar--warn';
  return 'audit-bar--bad';
}

/**
 * Horizontal bar chart in plain SVG (no chart library): one bar per group with its name and
 * percentage as text, and an aria-label carrying the exact numbers. The same numbers are in the
 * table below it, for screen readers and for copying.
 */
export function ComplianceChart({
  title,
  groups,
  nameOf,
  testId,
}: {
  title: string;
  groups: readonly ComplianceGroup[];
  nameOf: (key: string) => string;
  testId: string;
}) {
  const { t, language } = useI18n();
  const height = Math.max(1, groups.length) * ROW_H + 8;
  const titleId = `${testId}-title`;
  const describe = (g: ComplianceGroup) =>
    g.percent === null
      ? t('audit.chart.barNa', { name: nameOf(g.key) })
      : t('audit.chart.bar', {
          name: nameOf(g.key),
          percent: formatPercent(g.percent, language),
          ok: g.ok,
          applicable: g.applicable,
        });
  return (
    <figure className="audit-chart" data-testid={testId}>
      <figcaption id={titleId} className="audit-chart__title">
        {title}
      </figcaption>
      <svg
        className="audit-chart__svg"
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="group"
        aria-labelledby={titleId}
        preserveAspectRatio="xMinYMin meet"
      >
        {groups.map((g, i) => {
          const y = 4 + i * ROW_H;
          const w = g.percent === null ? 0 : (BAR_W * g.percent) / 100;
          const label = describe(g);
          return (
            <g
              key={g.key}
              role="img"
              aria-label={label}
              data-key={g.key}
              data-percent={g.percent ?? ''}
              // Product names come from the update catalogue: fleet data, not interface text.
              data-fleet-data=""
              className="audit-chart__bar"
            >
              <title>{label}</title>
              <text
                x={LABEL_W - 8}
                y={y + ROW_H / 2}
                className="audit-chart__label"
                textAnchor="end"
                dominantBaseline="middle"
              >
                {shortName(nameOf(g.key))}
              </text>
              <rect
                x={LABEL_W}
                y={y + 4}
                width={BAR_W}
                height={ROW_H - 8}
                rx={3}
                className="audit-bar-track"
              />
              <rect
                x={LABEL_W}
                y={y + 4}
                width={w}
                height={ROW_H - 8}
                rx={3}
                className={levelClass(g.percent)}
              />
              <text
                x={LABEL_W + BAR_W + 8}
                y={y + ROW_H / 2}
                className="audit-chart__value"
                dominantBaseline="middle"
              >
                {g.percent === null ? t('audit.na') : formatPercent(g.percent, language)}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="audit-table" data-testid={`${testId}-table`}>
        <caption className="sr-only">{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.col.group')}</th>
            <th scope="col">{t('audit.col.updates')}</th>
            <th scope="col">{t('audit.col.ok')}</th>
            <th scope="col">{t('audit.col.pending')}</th>
            <th scope="col">{t('audit.col.missing')}</th>
            <th scope="col">{t('audit.col.error')}</th>
            <th scope="col">{t('audit.col.discarded')}</th>
            <th scope="col">{t('audit.col.applicable')}</th>
            <th scope="col">{t('audit.col.compliance')}</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.key} data-key={g.key}>
              <th scope="row" data-fleet-data="">
                {nameOf(g.key)}
              </th>
              <td>{g.updates}</td>
              <td>{g.ok}</td>
              <td>{g.pending}</td>
              <td>{g.missing}</td>
              <td>{g.error}</td>
              <td>{g.discarded}</td>
              <td>{g.applicable}</td>
              <td>{g.percent === null ? t('audit.na') : formatPercent(g.percent, language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
