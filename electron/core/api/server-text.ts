/**
 * Server-provided text shown to a person (an envelope `msg`, upload `errors`): the server's own
 * file system paths (its temporary upload files, its repository folder) mean nothing to the
 * reader and disclose the server's layout, so each absolute path is reduced to its last name.
 * A genuine 1.8.2 server puts such paths in `upload_packages` errors (docs/server-api-extensions.md).
 */
const ABSOLUTE_PATH = /(?<![\w:/.~-])(?:\b[A-Za-z]:)?(?:[\\/][^\s\\/:;,'"()<>[\]]+){2,}[\\/]?/g;

export function withoutServerPaths(text: string): string {
  return text
    .replace(ABSOLUTE_PATH, (p) => {
      const parts = p.split(/[\\/]/).filter(Boolean);
      return parts.at(-1) ?? '';
    })
    .replace(/\s+/g, ' ')
    .trim();
}
