import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { createControl, type Control } from '../../common/domain/control';
import type { WuaRules, WuaRulesPackage } from '../../common/domain/wua-rules';
import { writeFileAtomic } from '../../wapt/fs/atomic-write';
import { buildPackageFromFiles } from '../../wapt/packages/index';
import {
  createKeyAndCertificate,
  createSigner,
  loadPrivateKey,
  type PackageSigner,
} from '../../wapt/signing/index';
import type { Db } from '../db/connection';
import type { DataDirs } from '../http/context';
import type { PackageRepository } from '../repo/package-repo';
import { generateCatalog } from './catalog';
import { generateFleet, type DemoPackageRef } from './generator';
import { text } from '../util';

/**
 * Demo content of an empty data directory: a demo signing key and code-signing certificate
 * (trusted by this server), a few software, group and WUA rules packages signed with it and
 * uploaded through the same checks as any upload, and the simulated fleet.
 *
 * The demo key is written unencrypted (mode 0600) to `<data>/demo/demo-signer.key`: it is a
 * throw-away key that only this demo server trusts, so the console can sign actions in demo mode.
 */
export interface DemoSigner {
  keyPath: string;
  certificatePath: string;
  signer: PackageSigner;
}

export async function createDemoSigner(dirs: DataDirs): Promise<DemoSigner> {
  await mkdir(dirs.demo, { recursive: true, mode: 0o700 });
  const created = await createKeyAndCertificate({
    commonName: 'WAPT reference server demo',
    organization: 'Demo',
    codeSigning: true,
    keyBits: 2048,
    days: 3650,
  });
  const keyPath = path.join(dirs.demo, 'demo-signer.key');
  const certificatePath = path.join(dirs.demo, 'demo-signer.crt');
  await writeFileAtomic(keyPath, created.keyPem, 0o600);
  await writeFileAtomic(certificatePath, created.certificatePem, 0o644);
  const sha1 = createHash('sha1').update(created.certificate.der).digest('hex');
  await writeFileAtomic(path.join(dirs.trusted, `${sha1}.crt`), created.certificatePem, 0o644);
  const signer = createSigner({
    key: loadPrivateKey(created.keyPem),
    certificateChain: [created.certificate],
  });
  return { keyPath, certificatePath, signer };
}

interface DemoPackageSpec {
  control: Partial<Control> & { package: string; version: string };
  files: Array<{ path: string; content: string }>;
  audience: DemoPackageRef['audience'];
  rules?: WuaRules;
}

const SETUP_PY = (name: string) =>
  `# -*- coding: utf-8 -*-\nfrom setuphelpers import *\n\ndef install():\n    print('installing ${name} (demo package of the WAPT reference server)')\n`;

function specs(forbiddenKb: string): DemoPackageSpec[] {
  const sw = (
    pkg: string,
    version: string,
    name: string,
    description: string,
    audience: DemoPackageRef['audience'],
  ): DemoPackageSpec => ({
    control: {
      package: pkg,
      version,
      architecture: 'x64',
      section: 'base',
      priority: 'optional',
      name,
      description,
      maturity: 'PROD',
      maintainer: 'Demo <demo@corp.lan>',
      target_os: 'windows',
      editor: name.split(' ')[0]!,
    },
    files: [{ path: 'setup.py', content: SETUP_PY(pkg) }],
    audience,
  });
  const rules = (
    pkg: string,
    description: string,
    r: WuaRules,
    audience: DemoPackageRef['audience'],
  ): DemoPackageSpec => {
    const json = JSON.stringify(r, null, 2);
    // Same JSON at both places until a real 1.8.2 wsus package settles the location (docs/wapt-package-format.md §12.4).
    return {
      control: {
        package: pkg,
        version: '1',
        architecture: 'all',
        section: 'wsus',
        priority: 'optional',
        name: pkg,
        description,
        maturity: 'PROD',
        maintainer: 'Demo <demo@corp.lan>',
      },
      files: [
        { path: 'WAPT/waptwua_rules.json', content: json },
        { path: 'WAPT/persistent/waptwua_rules.json', content: json },
      ],
      audience,
      rules: r,
    };
  };
  return [
    sw('demo-7zip', '19.0-12', '7-Zip', '7-Zip file archiver (demo, previous version)', 'all'),
    sw('demo-7zip', '23.01-1', '7-Zip', '7-Zip file archiver (demo)', 'all'),
    sw('demo-firefox', '126.0.1-1', 'Mozilla Firefox', 'Mozilla Firefox web browser (demo)', 'workstations'),
    {
      control: {
        package: 'demo-group-workstations',
        version: '1',
        architecture: 'all',
        section: 'group',
        priority: 'standard',
        description: 'Software of every workstation',
        depends: 'demo-7zip,demo-firefox',
        maintainer: 'Demo <demo@corp.lan>',
      },
      files: [],
      audience: 'workstations',
    },
    rules(
      'demo-waptwua-baseline',
      'Windows updates baseline: security, critical, definitions and rollups',
      {
        allowed_classifications: [
          'Security Updates',
          'Critical Updates',
          'Definition Updates',
          'Update Rollups',
        ],
        forbidden_kbs: [`KB${forbiddenKb}`],
      },
      'all',
    ),
    rules(
      'demo-waptwua-servers',
      'Servers: critical updates and Defender definitions only',
      {
        default_allow: false,
        allowed_severities: ['Critical'],
        allowed_products: ['Microsoft Defender Antivirus'],
      },
      'servers',
    ),
    rules(
      'demo-waptwua-pilot',
      'Pilot ring: Windows 11 and Edge updates, everything else allowed',
      {
        allowed_products: ['Windows 11', 'Microsoft Edge'],
        default_allow: true,
      },
      'pilot',
    ),
  ];
}

export interface SeedOptions {
  hosts: number;
  seed: number;
  now: number;
  serverUuid: string;
  repoUrl: string;
  log: (line: string) => void;
  /** Steps for a progress bar: catalogue, packages, then hosts done / total. */
  progress?: (step: 'catalog' | 'packages' | 'hosts', done?: number, total?: number) => void;
}

/** Builds and uploads the demo packages, then generates the fleet. */
export async function seedDemo(
  db: Db,
  dirs: DataDirs,
  repo: PackageRepository,
  opts: SeedOptions,
): Promise<DemoSigner> {
  const t0 = Date.now();
  opts.progress?.('catalog');
  const demo = await createDemoSigner(dirs);
  const catalog = generateCatalog({ seed: opts.seed, now: opts.now, months: 20 });
  const last = catalog.months - 1;
  const forbidden =
    catalog.updates.find((u) => u.month === last - 1 && u.title.includes('.NET Framework'))?.kbids[0] ??
    '5000000';
  const buildDir = path.join(dirs.tmp, `demo-build-${process.pid}`);
  await mkdir(buildDir, { recursive: true });
  const refs = new Map<string, DemoPackageRef>();
  opts.progress?.('packages');
  const rulesPackages: WuaRulesPackage[] = [];
  try {
    for (const s of specs(forbidden)) {
      const built = await buildPackageFromFiles({
        signer: demo.signer,
        control: createControl(s.control),
        files: s.files,
        outDir: buildDir,
      });
      const res = await repo.ingest({ path: built.path, size: built.size, md5: built.md5 }, { user: 'demo' });
      const c = res.entry;
      const prev = refs.get(s.control.package);
      refs.set(s.control.package, {
        package: s.control.package,
        name: text(c.name),
        version: s.control.version,
        ...(prev !== undefined ? { previousVersion: prev.version } : {}),
        section: text(c.section),
        architecture: text(c.architecture, 'all'),
        maturity: text(c.maturity),
        description: text(c.description),
        signer: text(c.signer),
        signer_fingerprint: text(c.signer_fingerprint),
        signature_date: text(c.signature_date),
        package_uuid: text(c.package_uuid),
        audience: s.audience,
      });
      if (s.rules)
        rulesPackages.push({ package: s.control.package, version: s.control.version, rules: s.rules });
    }
  } finally {
    await rm(buildDir, { recursive: true, force: true });
  }
  await repo.rebuildIndex();
  opts.log(`demo packages built and uploaded (${refs.size} packages)`);
  const r = generateFleet(db, {
    hosts: opts.hosts,
    seed: opts.seed,
    now: opts.now,
    serverUuid: opts.serverUuid,
    packages: [...refs.values()],
    rulesPackages,
    repoUrl: opts.repoUrl,
    months: 20,
    progress: (done, total) => {
      opts.log(`demo fleet: ${done}/${total} hosts`);
      opts.progress?.('hosts', done, total);
    },
  });
  opts.log(
    `demo fleet generated: ${r.hosts} hosts, ${r.updates} updates, ${r.hostUpdates} host update states in ${Date.now() - t0} ms`,
  );
  await writeFile(
    path.join(dirs.demo, 'README.txt'),
    'Throw-away demo signer of the WAPT reference server. Trusted only by this demo server.\n',
  );
  await chmod(demo.keyPath, 0o600);
  return demo;
}
