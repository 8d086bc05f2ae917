import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

describe('zod runs jitless wherever the renderer may load it', () => {
  // The renderer's CSP has no 'unsafe-eval'; zod's JIT probe (new Function) would be reported as a
  // violation. Any common/ module that builds schemas may be the first one the renderer loads.
  it('every common/ module importing zod imports zod-setup before it', () => {
    const offenders = files('common')
      .filter((f) => !f.endsWith('zod-setup.ts'))
      .filter((f) => /from 'zod'/.test(readFileSync(f, 'utf8')))
      .filter((f) => {
        const text = readFileSync(f, 'utf8');
        const setup = text.search(/import '(\.\.?\/)+(ipc\/)?zod-setup';/);
        return setup < 0 || setup > text.indexOf("from 'zod'");
      });
    expect(offenders).toEqual([]);
  });
});
