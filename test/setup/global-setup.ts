import { mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Runs once per `vitest run`. Suites that need expensive shared material (RSA keys, a demo
 * fleet database) create it lazily through test/setup/shared-*.ts helpers under this directory,
 * so the cost is paid once per run rather than once per file.
 */
export default function setup(): void {
  const dir = path.resolve('.tsbuild', 'test-shared');
  mkdirSync(dir, { recursive: true });
  process.env.WAPT_TEST_SHARED_DIR = dir;
}
