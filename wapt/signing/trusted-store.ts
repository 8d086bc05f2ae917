/**
 * Reads trusted certificates as an agent builds its bundle (docs/wapt-package-format.md §10.5): a file,
 * or every `*.crt` / `*.pem` of a directory, not recursive.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConsoleError } from '../../common/errors';
import { loadCertificates, type Certificate } from './certificate';

export async function loadTrustedCertificates(paths: readonly string[]): Promise<Certificate[]> {
  const out: Certificate[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch (err) {
      throw new ConsoleError(
        'IO',
        `cannot read trusted certificates at ${p}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
        { details: { reason: 'TRUSTED_PATH', file: p } },
      );
    }
    if (st.isDirectory()) {
      const names = (await readdir(p)).filter((n) => /\.(crt|pem)$/i.test(n)).sort();
      for (const n of names) {
        const file = path.join(p, n);
        if (!(await stat(file)).isFile()) continue;
        const text = await readFile(file, 'utf8');
        // A bundle folder may hold keys or other PEM files; only certificate blocks matter.
        if (text.includes('-----BEGIN CERTIFICATE-----')) out.push(...loadCertificates(text));
      }
    } else out.push(...loadCertificates(await readFile(p)));
  }
  return out;
}
