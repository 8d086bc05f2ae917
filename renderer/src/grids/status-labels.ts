import type { ICellRendererParams } from 'ag-grid-community';
import { createElement, type ReactElement } from 'react';
import type { MessageKey } from '../i18n/en';
import { hasMessage, type Translate } from '../i18n/i18n';

/**
 * Status codes (WAPT's host, package, update, task and audit statuses, Windows Update's result codes
 * and MSRC severities) are shown as translated labels: "TO-UPGRADE" reads "To upgrade" / "À mettre
 * à jour". The code itself is what the server sent and stays available: in the cell's tooltip, in
 * CSV exports (a stable value for spreadsheets and scripts) and for the quick filter. A code the
 * catalogues do not know is shown as it is.
 */

/** The catalogue key of a code's label, when there is one. */
export function statusLabelKey(code: string): MessageKey | undefined {
  const key = `status.${code}`;
  return hasMessage(key) ? key : undefined;
}

/** The label of a status code in the user's language (the code itself when unknown). */
export function statusLabel(code: unknown, t: Translate): string {
  if (typeof code !== 'string' && typeof code !== 'number') return '';
  const text = String(code);
  const key = statusLabelKey(text);
  return key ? t(key) : text;
}

/** The tooltip of a status cell: the raw code. */
export function statusTooltip(code: unknown, t: Translate): string {
  if ((typeof code !== 'string' && typeof code !== 'number') || code === '') return '';
  return t('status.tooltip', { code: String(code) });
}

/**
 * The cell of a status column: the label, with the raw code as the element's title (a native
 * tooltip, also read by screen readers) and in `data-status-code` for tests and styling.
 */
export function statusCellRenderer(t: Translate) {
  return (p: ICellRendererParams): ReactElement | string => {
    if (p.value === null || p.value === undefined || p.value === '') return '';
    return statusElement(String(p.value), t, p.valueFormatted ?? undefined);
  };
}

/**
 * A status as a person reads it, in a grid cell or outside one (a details panel, a summary
 * table): its label (or `label`), the raw code as the tooltip and in `data-status-code`.
 */
export function statusElement(code: string, t: Translate, label = statusLabel(code, t)): ReactElement {
  return createElement('span', { title: statusTooltip(code, t), 'data-status-code': code }, label);
}
