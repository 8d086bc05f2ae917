/**
 * The canonical `.wapt` file name (docs/wapt-package-format.md §4, make_package_filename).
 */
import { controlList, type Control } from '../../common/domain/control';
import { md5Hex } from './md5';

/** Python 2 `unicode.isalnum()` or one of `- _ ~ .` [Unicode-version details inferred]. */
const FILENAME_SAFE = /^[\p{L}\p{N}\-_~.]*$/u;
const DELETED_CHARS = /[@|():%/,\\[\]<>*?;`\n]/g;

export interface PackageFileNameOptions {
  /** Appended as the last part (the server appends the MD5 of the uploaded file). */
  md5?: string;
}

export function packageFileName(control: Control, options: PackageFileNameOptions = {}): string {
  const pkg = control.package;
  const name = FILENAME_SAFE.test(pkg) ? pkg : md5Hex(pkg);
  const str = (v: string | number | undefined) => (v === undefined ? '' : String(v));
  let parts: string[];
  if (str(control.section) === 'host') parts = [name];
  else {
    parts = [name, str(control.version)];
    const arch = str(control.architecture);
    const maturity = str(control.maturity);
    if (name.toLowerCase().endsWith('-waptupgrade')) {
      for (const p of [arch, maturity, str(control.locale)]) if (p !== '') parts.push(p);
    } else {
      const locales = controlList(control.locale).join('-');
      for (const p of [arch, maturity, locales]) if (p !== '' && p !== 'all') parts.push(p);
    }
    if (options.md5 !== undefined && options.md5 !== '') parts.push(options.md5);
  }
  return `${parts.join('_')}.wapt`.replace(/\.\./g, '_').replace(DELETED_CHARS, '').trim();
}
