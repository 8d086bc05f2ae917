/**
 * Provenance preamble of the console's CSV exports (docs/wapt-console-features.md §3 #5): who produced the
 * file, from which server, for which query, with data as of which server time, and how many rows.
 * Each line starts with '#', is one CSV cell, and is written before the header row, so a
 * spreadsheet shows it and a script can skip the lines starting with '#'.
 *
 * The console also shows the SHA-256 of the whole file (these lines included, UTF-8 with its BOM:
 * what `sha256sum file.csv` prints) so an auditor can record it and later check the file.
 */
export interface Provenance {
  /** e.g. "WAPT Console 0.1.0". */
  generator: string;
  /** What was exported, e.g. "Windows updates". */
  title: string;
  serverUrl: string | null;
  /** The filters / query, as sent (JSON text or a short description). */
  query: string;
  /** Server time of the data (HTTP Date of the answer), ISO. */
  asOf: string;
  /** Workstation time of the export, ISO. */
  exportedAt: string;
  rowCount: number;
  /** Extra lines (definitions…), without the leading '#'. */
  notes?: readonly string[];
}

export function provenancePreamble(p: Provenance): string[] {
  return [
    `# ${p.title}`,
    `# Generator: ${p.generator}`,
    `# Server: ${p.serverUrl ?? '(not connected)'}`,
    `# Query: ${p.query}`,
    `# Data as of: ${p.asOf} (server time)`,
    `# Exported at: ${p.exportedAt} (workstation time)`,
    `# Rows: ${p.rowCount}`,
    ...(p.notes ?? []).map((n) => `# ${n}`),
  ];
}

/** Hex of a digest (ArrayBuffer from crypto.subtle.digest). */
export function toHex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
