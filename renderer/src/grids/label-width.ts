/**
 * Column widths sized for the longest label a column can show, so a status is never cut
 * ("TO-UPGRA…", "Skipped (not …": issue 15). Measured with the grid's own font on a canvas; where
 * no canvas exists (unit tests in Node) an average glyph width stands in.
 */

/** The grids' font size (renderer/src/grid-theme.ts sets fontSize 13). */
const GRID_FONT_PX = 13;
/** Left and right cell padding of the quartz theme at spacing 6, plus room for a sort arrow. */
const CELL_CHROME_PX = 40;
/** Average advance of an upper-case or mixed label at 13 px, when nothing can measure. */
const FALLBACK_EM = 0.68;

let context: CanvasRenderingContext2D | null | undefined;

function measure(text: string): number {
  if (context === undefined) {
    context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    if (context) {
      const family = getComputedStyle(document.body).fontFamily || 'sans-serif';
      context.font = `600 ${GRID_FONT_PX}px ${family}`;
    }
  }
  // Measured in the bold weight so a bold error cell (cell-error) fits too.
  return context ? context.measureText(text).width : text.length * GRID_FONT_PX * FALLBACK_EM;
}

/** Width (px) of a column whose cells show one of `labels` and whose header is `header`. */
export function labelColumnWidth(labels: readonly string[], header = '', min = 80): number {
  const widest = Math.max(0, ...labels.map(measure), measure(header));
  return Math.max(min, Math.ceil(widest + CELL_CHROME_PX));
}

/**
 * Width of a `status` column (grids/column-types.ts): wide enough for each status code and for
 * the label `display` shows for it (grids/status-labels.ts: "Mises à jour en attente" is wider
 * than PENDING_UPDATES).
 */
export function statusColumnWidth(
  codes: readonly string[],
  header: string,
  display: (code: string) => string = (code) => code,
): number {
  return labelColumnWidth(
    codes.flatMap((c) => [c, display(c)]),
    header,
  );
}
