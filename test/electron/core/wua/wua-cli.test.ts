import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../electron/cli/run';
import type { CliIo } from '../../../../electron/cli/types';
import { inspectPackage, openPackageZip, verifyPackage } from '../../../../wapt/packages/index';
import { readRulesFromPackage, RULES_MEMBERS } from '../../../../electron/core/wua/rules-package';
import { makeIdentity, tempDir } from '../../../wapt/packages/helpers';

const tmp = tempDir('wapt-wua-cli-');
afterAll(() => tmp.cleanup());

function io(): { io: CliIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      interactive: false,
      cwd: tmp.dir,
      env: {},
      interrupted: new AbortController().signal,
      promptSecret: async () => '',
    },
  };
}

describe('CLI: wua rules build', () => {
  it('builds a signed wsus package that the package core verifies, rules JSON at both §12.4 locations, path printed last', async () => {
    const id = await makeIdentity({ cn: 'Rules Admin' });
    writeFileSync(path.join(tmp.dir, 'k.pem'), id.keyPem);
    writeFileSync(path.join(tmp.dir, 'c.crt'), id.certPem);
    const rules = {
      package: 'tis-waptwua-pilot',
      version: '4',
      description: 'Pilot ring',
      maturity: 'PREPROD',
      allowed_updates: ['0f5a2b8e-1111-4c3d-9e2f-aaaaaaaaaaaa_200'],
      forbidden_kbs: ['5034441'],
      allowed_products: ['Windows 11'],
      allowed_classifications: ['Security Updates'],
      allowed_severities: ['Critical'],
      default_allow: false,
    };
    writeFileSync(path.join(tmp.dir, 'rules.json'), JSON.stringify(rules));
    const m = io();
    const code = await runCli(
      ['wua', 'rules', 'build', 'rules.json', '--key', 'k.pem', '--cert', 'c.crt', '--out', 'out'],
      m.io,
    );
    expect(code, m.err.join('\n')).toBe(0);
    const file = m.out.at(-1)!;
    expect(path.basename(file)).toBe('tis-waptwua-pilot_4_PREPROD.wapt');

    const v = await verifyPackage(file, { trusted: [id.certPem] });
    expect(v.trusted).toBe(true);
    expect(v.control).toMatchObject({
      package: 'tis-waptwua-pilot',
      version: '4',
      section: 'wsus',
      architecture: 'all',
      maturity: 'PREPROD',
      description: 'Pilot ring',
      signer: 'Rules Admin',
    });
    expect(v.files.map((f) => f.path).sort()).toEqual(expect.arrayContaining([...RULES_MEMBERS]));
    expect(v.files.some((f) => f.path === 'setup.py')).toBe(false);

    const zip = await openPackageZip(file);
    const texts = await Promise.all(
      RULES_MEMBERS.map(async (n) => (await zip.readBuffer(zip.get(n)!)).toString('utf8')),
    );
    zip.close();
    expect(texts[0]).toBe(texts[1]);
    expect(JSON.parse(texts[0]!)).toEqual({
      allowed_updates: rules.allowed_updates,
      forbidden_kbs: ['KB5034441'],
      allowed_products: ['Windows 11'],
      allowed_classifications: ['Security Updates'],
      allowed_severities: ['Critical'],
      default_allow: false,
    });
    expect((await readRulesFromPackage(file)).member).toBe('WAPT/persistent/waptwua_rules.json');
    expect((await inspectPackage(file)).control.section).toBe('wsus');
  });

  it('refuses a RULES.json with an unknown key (exit 2 or 1, nothing written)', async () => {
    writeFileSync(
      path.join(tmp.dir, 'bad.json'),
      JSON.stringify({ package: 'tis-waptwua-x', allowed_kb: ['KB1'] }),
    );
    const m = io();
    const code = await runCli(
      ['wua', 'rules', 'build', 'bad.json', '--key', 'k.pem', '--cert', 'c.crt', '--out', 'out2'],
      m.io,
    );
    expect(code).not.toBe(0);
    expect(m.err.join('\n')).toMatch(/unknown key/);
    expect(m.out).toEqual([]);
  });
});
