/**
 * The `Packages` text inside the repository index zip (docs/wapt-package-format.md §11): every control
 * written with its repository attributes, records separated by one empty line, final newline.
 */
import { ConsoleError } from '../errors';
import { parseControl, serializeControl, splitControlRecords, type Control } from './control';

export function parsePackagesText(text: string): Control[] {
  return splitControlRecords(text.replace(/^\ufeff/, '')).map((record, i) => {
    try {
      return parseControl(record);
    } catch (err) {
      if (err instanceof ConsoleError) {
        throw new ConsoleError(err.code, `Packages index entry ${i + 1}: ${err.message}`, {
          details: { ...err.details, context: 'INDEX_ENTRY', entry: i + 1 },
          cause: err,
        });
      }
      throw err;
    }
  });
}

export function serializePackagesText(controls: readonly Control[]): string {
  if (controls.length === 0) return '';
  return `${controls.map((c) => serializeControl(c, { withRepositoryAttributes: true })).join('\n\n')}\n`;
}
