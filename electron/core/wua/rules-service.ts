/**
 * WUA rule packages against a WAPT server: list (from the repository `Packages` index, every
 * version), read a package's rules, hosts carrying it, impact preview + diff before signing, save
 * (build, sign with the admin key, upload) with concurrent-edit detection, and the per-host /
 * per-update decision trace. Decisions are computed by common/domain/wua-rules.ts, the code the
 * reference server's simulated agents run.
 *
 * Inferred (marked in docs/wua-rules.md): the merge order of a host's rule packages (by package
 * name, as the reference server does), that a scan makes the host use the NEWEST version of each
 * rules package it carries (the impact preview models "after the next scan"), the shape of
 * `hosts.waptwua_rules` (reference-server extension; absent on a real 1.8.2 server, then the agent
 * settings are unknown and `default_allow` is taken as true, the agent's documented default).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { requireWua, type CapabilitiesSource } from '../session/feature-guard';
import type { Control } from '../../../common/domain/control';
import { compareVersions } from '../../../common/domain/version';
import {
  decideUpdate,
  explainUpdate,
  findSuperseding,
  mergeRules,
  updateGuid,
  type WuaAgentSettings,
  type WuaRules,
  type WuaRulesPackage,
} from '../../../common/domain/wua-rules';
import {
  cleanRules,
  diffRulesPackages,
  guessPackagePrefix,
  nextRulesVersion,
  validateRulesSpec,
  type RulesPackageSpec,
} from '../../../common/domain/wua-rules-edit';
import { ConsoleError } from '../../../common/errors';
import type {
  ExplainTrace,
  HostCarryingRow,
  ImpactPreview,
  RulePackageDetails,
  RulePackageRow,
  RulePackagesList,
  SavePreview,
} from '../../../common/ipc/methods/wua-rules';
import type { RulesDraftInput } from '../../../common/ipc/methods/wua-rules';
import { uploadPackageFile } from '../api/uploads';
import type { WaptClient } from '../api/wapt-client';
import { readPackagesIndex } from '../../../wapt/packages/index';
import type { PackageSigner } from '../../../wapt/signing/index';
import { buildRulesPackage, readRulesFromPackage } from './rules-package';
import { confirmVersionClaim, versionTaken, type ClaimDeps, type ClaimOptions } from './version-claim';
import { lenientText as str, lenientBoolean as bool, lenientList as list } from '../api/lenient-fields';

export type DraftInput = z.output<typeof RulesDraftInput>;

const HostUpdate = z
  .object({
    update_id: z.string(),
    title: str,
    kbids: list,
    product: str,
    classification: str,
    severity: str,
    changetime: str,
    downloaded_on: str,
    superseded_update_ids: list,
    local_status_status: str,
    local_status_allowed: bool,
    local_status_installed: bool,
    local_status_downloaded: bool,
    local_status_hidden: bool,
    local_status_delayed: bool.optional(),
  })
  .passthrough();
type HostUpdate = z.infer<typeof HostUpdate>;

/** `hosts.waptwua_rules` as the reference server fills it (docs/server-api-extensions.md); every part optional. */
const WaptwuaRulesColumn = z
  .object({
    packages: z.array(z.object({ package: z.string(), version: z.string() }).passthrough()).optional(),
    agent: z
      .object({
        default_allow: z.boolean().nullable().optional(),
        allowed_severities: z.array(z.string()).nullable().optional(),
        install_delay: z.union([z.string(), z.number()]).nullable().optional(),
      })
      .passthrough()
      .nullable()
      .optional(),
  })
  .passthrough();

const HostRulesRow = z
  .object({
    uuid: z.string(),
    computer_fqdn: str,
    waptwua_rules: z.preprocess((v) => {
      if (typeof v === 'string') {
        try {
          return JSON.parse(v) as unknown;
        } catch {
          return null;
        }
      }
      return v ?? null;
    }, WaptwuaRulesColumn.nullable().catch(null)),
  })
  .passthrough();

const HostForPackage = z
  .object({ host: z.string(), host_computer_fqdn: str, version: str, install_status: str, reachable: str })
  .passthrough();

interface HostContext {
  uuid: string;
  fqdn: string | null;
  packages: { package: string; version: string }[];
  settings: WuaAgentSettings;
  settingsKnown: boolean;
  agent: { default_allow: boolean | null; allowed_severities: string[] | null; install_delay: string | null };
}

/** Hosts evaluated at most by one impact preview (beyond: a sample, flagged). */
export const IMPACT_HOST_CAP = 400;
const IMPACT_CONCURRENCY = 6;

async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

const text = (v: string | number | undefined | null): string =>
  v === undefined || v === null ? '' : String(v);

export class WuaRulesService {
  /** Rules by repository file name: names carry the file's md5 (§4), so an entry never goes stale. */
  private readonly rulesCache = new Map<string, WuaRules>();

  constructor(
    private readonly client: () => WaptClient,
    private readonly signer: () => PackageSigner,
    private readonly signerInfo: () => Promise<{ cn: string; fingerprint: string } | null>,
    private readonly now: () => Date = () => new Date(),
    /** The server's capabilities; absent = an Enterprise server (tests of the reference server). */
    private readonly caps?: CapabilitiesSource,
  ) {}

  /** WUA rule packages only make sense where agents run WAPT WUA: an Enterprise server. */
  private wua(): void {
    if (this.caps) requireWua(this.caps());
  }

  /** Every package of the repository index (all versions). */
  private async index(): Promise<Control[]> {
    const bytes = await this.client().getBytes('/wapt/Packages', 256 * 1024 * 1024);
    return (await readPackagesIndex(bytes)).packages;
  }

  private static wsus(index: readonly Control[]): Control[] {
    return index.filter((c) => text(c.section) === 'wsus');
  }

  private static versionsOf(index: readonly Control[], pkg: string): Control[] {
    return index
      .filter((c) => c.package === pkg && text(c.section) === 'wsus')
      .sort((a, b) => compareVersions(a.version, b.version));
  }

  async list(q: { lastVersionOnly: boolean; search: string }): Promise<RulePackagesList> {
    this.wua();
    const index = await this.index();
    let rows = WuaRulesService.wsus(index);
    if (q.lastVersionOnly) {
      const newest = new Map<string, Control>();
      for (const c of rows) {
        const cur = newest.get(c.package);
        if (!cur || compareVersions(c.version, cur.version) > 0) newest.set(c.package, c);
      }
      rows = [...newest.values()];
    }
    const words = q.search.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length > 0)
      rows = rows.filter((c) =>
        words.every((w) => `${c.package} ${text(c.description)}`.toLowerCase().includes(w)),
      );
    rows.sort((a, b) => a.package.localeCompare(b.package) || compareVersions(b.version, a.version));
    const out: RulePackageRow[] = rows.map((c) => {
      const r: RulePackageRow = {};
      for (const [k, v] of Object.entries(c)) r[k] = v ?? null;
      return r;
    });
    return {
      rows: out,
      prefix: guessPackagePrefix(index.map((c) => c.package)),
      asOf: this.now().toISOString(),
    };
  }

  /** Rules of one indexed package version (downloaded once, md5-checked against the index). */
  private async rulesOf(c: Control): Promise<WuaRules> {
    const filename = text(c.filename);
    if (filename === '')
      throw new ConsoleError(
        'NOT_FOUND',
        `${c.package} ${c.version} has no file name in the repository index`,
        { details: { reason: 'NO_FILENAME' } },
      );
    const cached = this.rulesCache.get(filename);
    if (cached) return cached;
    const bytes = await this.client().getBytes(`/wapt/${encodeURIComponent(filename)}`);
    const md5 = text(c.md5sum);
    if (md5 !== '' && createHash('md5').update(bytes).digest('hex') !== md5.toLowerCase()) {
      throw new ConsoleError(
        'PACKAGE_INVALID',
        `${filename}: the downloaded file does not match the md5 of the repository index`,
        { details: { reason: 'MD5_MISMATCH' } },
      );
    }
    const { rules } = await readRulesFromPackage(bytes);
    this.rulesCache.set(filename, rules);
    return rules;
  }

  async get(pkg: string, version: string | null): Promise<RulePackageDetails> {
    this.wua();
    const versions = WuaRulesService.versionsOf(await this.index(), pkg);
    const c = version === null ? versions.at(-1) : versions.find((v) => v.version === version);
    if (!c)
      throw new ConsoleError(
        'NOT_FOUND',
        `no rules package ${pkg}${version ? ` version ${version}` : ''} on the server`,
        { details: { reason: 'UNKNOWN_PACKAGE' } },
      );
    return {
      package: c.package,
      version: c.version,
      description: text(c.description),
      maturity: text(c.maturity),
      signer: text(c.signer) || null,
      signerFingerprint: text(c.signer_fingerprint) || null,
      signatureDate: text(c.signature_date) || null,
      filename: text(c.filename) || null,
      rules: cleanRules(await this.rulesOf(c)),
      serverVersions: versions.map((v) => v.version),
    };
  }

  async hosts(pkg: string): Promise<HostCarryingRow[]> {
    this.wua();
    const rows = await this.client().request('/api/v3/hosts_for_package', z.array(HostForPackage), {
      params: { package: pkg, limit: '100000' },
    });
    return rows.map((r) => ({
      uuid: r.host,
      computer_fqdn: r.host_computer_fqdn,
      version: r.version,
      install_status: r.install_status,
      reachable: r.reachable,
    }));
  }

  private async hostContexts(uuids: readonly string[]): Promise<Map<string, HostContext>> {
    const out = new Map<string, HostContext>();
    for (let i = 0; i < uuids.length; i += 200) {
      const chunk = uuids.slice(i, i + 200);
      const rows = await this.client().request('/api/v1/hosts', z.array(HostRulesRow), {
        params: {
          uuid: chunk.join(','),
          columns: 'uuid,computer_fqdn,waptwua_rules',
          limit: String(chunk.length),
        },
      });
      for (const r of rows) {
        const col = r.waptwua_rules;
        const a = col?.agent ?? null;
        const delay = a?.install_delay ?? null;
        const settings: WuaAgentSettings = {
          // Unknown agent ini: WAPT's documented default_allow is true (inferred for 1.8.2 Enterprise).
          default_allow: a?.default_allow ?? true,
          allowed_severities: a?.allowed_severities ?? null,
          install_delay: delay,
        };
        out.set(r.uuid, {
          uuid: r.uuid,
          fqdn: r.computer_fqdn,
          packages: (col?.packages ?? []).map((p) => ({ package: p.package, version: p.version })),
          settings,
          settingsKnown: a !== null,
          agent: {
            default_allow: a?.default_allow ?? null,
            allowed_severities: a?.allowed_severities ?? null,
            install_delay: delay === null ? null : String(delay),
          },
        });
      }
    }
    return out;
  }

  private async hostUpdates(uuid: string): Promise<HostUpdate[] | null> {
    try {
      return await this.client().request('/api/v1/host_data', z.array(HostUpdate), {
        params: { uuid, field: 'wsusupdates' },
      });
    } catch (err) {
      if (err instanceof ConsoleError && err.details?.waptErrorCode === 'empty_data') return null;
      throw err;
    }
  }

  private static facts(u: HostUpdate) {
    return {
      update_id: u.update_id,
      kbids: u.kbids,
      product: u.product,
      classification: u.classification,
      severity: u.severity,
      changetime: u.changetime,
    };
  }

  private static local(u: HostUpdate) {
    return {
      installed: u.local_status_installed === true,
      hidden: u.local_status_hidden === true,
      downloaded: u.local_status_downloaded === true,
      // host_data has no "last install failed" flag: a reported ERROR status stands for it (inferred).
      lastInstallFailed: u.local_status_status === 'ERROR',
    };
  }

  /**
   * What the save would change on the hosts carrying the package, after their next scan: the same
   * merge + decision code run twice per host and update, with the server's newest version of the
   * package (today) and with the draft.
   */
  async impact(pkg: string, draftRules: WuaRules, index?: Control[]): Promise<ImpactPreview> {
    this.wua();
    const idx = index ?? (await this.index());
    const carriers = [
      ...new Map(
        (await this.hosts(pkg).catch(() => [] as HostCarryingRow[])).map((h) => [h.uuid, h]),
      ).values(),
    ];
    const evaluated = carriers.slice(0, IMPACT_HOST_CAP);
    const contexts = await this.hostContexts(evaluated.map((h) => h.uuid));
    const newestRules = new Map<string, WuaRules>();
    const rulesNewest = async (name: string): Promise<WuaRules> => {
      const hit = newestRules.get(name);
      if (hit) return hit;
      const newest = WuaRulesService.versionsOf(idx, name).at(-1);
      const r = newest ? await this.rulesOf(newest).catch(() => ({})) : {};
      newestRules.set(name, r);
      return r;
    };
    const now = this.now().getTime();
    const transitions = new Map<string, number>();
    const examples: ImpactPreview['examples'] = [];
    let hostsChanged = 0;
    let updatesChanged = 0;
    let skipped = 0;
    await pool(evaluated, IMPACT_CONCURRENCY, async (h) => {
      const ctx = contexts.get(h.uuid);
      const updates = ctx ? await this.hostUpdates(h.uuid).catch(() => null) : null;
      if (!ctx || updates === null) {
        skipped++;
        return;
      }
      const names = [...new Set([...ctx.packages.map((p) => p.package), pkg])].sort();
      const before: WuaRulesPackage[] = [];
      const after: WuaRulesPackage[] = [];
      for (const name of names) {
        const current = await rulesNewest(name);
        before.push({ package: name, version: 'current', rules: current });
        after.push({
          package: name,
          version: name === pkg ? 'draft' : 'current',
          rules: name === pkg ? draftRules : current,
        });
      }
      // A host that never carried the package yet (new dependency, not scanned) gets it only after.
      if (!ctx.packages.some((p) => p.package === pkg))
        before.splice(
          before.findIndex((p) => p.package === pkg),
          1,
        );
      const mb = mergeRules(before);
      const ma = mergeRules(after);
      let changed = 0;
      for (const u of updates) {
        const f = WuaRulesService.facts(u);
        const l = WuaRulesService.local(u);
        const sb = decideUpdate(f, mb, ctx.settings, now, l).status;
        const sa = decideUpdate(f, ma, ctx.settings, now, l).status;
        if (sb === sa) continue;
        changed++;
        const key = `${sb}>${sa}`;
        transitions.set(key, (transitions.get(key) ?? 0) + 1);
        if (examples.length < 25)
          examples.push({
            uuid: h.uuid,
            host: ctx.fqdn ?? h.uuid,
            updateId: u.update_id,
            title: u.title ?? '',
            from: sb,
            to: sa,
          });
      }
      if (changed > 0) hostsChanged++;
      updatesChanged += changed;
    });
    return {
      hostsCarrying: carriers.length,
      hostsEvaluated: evaluated.length - skipped,
      sampled: carriers.length > evaluated.length,
      hostsChanged,
      updatesChanged,
      transitions: [...transitions]
        .map(([k, count]) => {
          const [from, to] = k.split('>') as [string, string];
          return { from, to, count };
        })
        .sort((a, b) => b.count - a.count),
      examples,
      hostsSkipped: skipped,
    };
  }

  private static conflictOf(base: string | null, serverVersion: string | null): boolean {
    if (serverVersion === null) return false;
    if (base === null) return true;
    return compareVersions(serverVersion, base) > 0;
  }

  async preview(d: DraftInput): Promise<SavePreview> {
    this.wua();
    const index = await this.index();
    const versions = WuaRulesService.versionsOf(index, d.package);
    const server = versions.at(-1) ?? null;
    const serverVersion = server?.version ?? null;
    const conflict = WuaRulesService.conflictOf(d.baseVersion, serverVersion);
    const nextVersion = conflict
      ? nextRulesVersion(serverVersion)
      : nextRulesVersion(d.baseVersion, serverVersion);
    const rules = cleanRules(d.rules);
    const signer = await this.signerInfo();
    const serverRules = server ? await this.rulesOf(server) : null;
    const diff = diffRulesPackages(
      server && serverRules
        ? {
            rules: serverRules,
            description: text(server.description),
            maturity: text(server.maturity),
            signer: text(server.signer) || null,
            signerFingerprint: text(server.signer_fingerprint) || null,
          }
        : null,
      {
        rules,
        description: d.description,
        maturity: d.maturity,
        signer: signer?.cn ?? null,
        signerFingerprint: signer?.fingerprint ?? null,
      },
    );
    const spec: RulesPackageSpec = {
      package: d.package,
      version: nextVersion,
      description: d.description,
      maturity: d.maturity,
      rules,
    };
    return {
      nextVersion,
      serverVersion,
      conflict,
      diff,
      diffAgainst: serverVersion,
      impact: await this.impact(d.package, rules, index),
      signer,
      issues: validateRulesSpec(spec),
    };
  }

  /**
   * Build → sign → upload → confirm: a compare-and-swap on (name, version). A server version past
   * `baseVersion` is a CONFLICT before anything is built (unless asked for a new version); a
   * concurrent save of the same version is a CONFLICT / VERSION_TAKEN after the upload, from the
   * server's 409 or from the repository index (./version-claim.ts). Never a silent overwrite.
   */
  async save(
    d: DraftInput & { onConflict: 'fail' | 'newVersion' },
  ): Promise<{ package: string; version: string; filename: string | null }> {
    this.wua();
    const signer = this.signer(); // KEY_LOCKED before any work: the renderer asks for the password and retries.
    const versions = WuaRulesService.versionsOf(await this.index(), d.package);
    const serverVersion = versions.at(-1)?.version ?? null;
    const conflict = WuaRulesService.conflictOf(d.baseVersion, serverVersion);
    if (conflict && d.onConflict === 'fail') {
      throw new ConsoleError(
        'CONFLICT',
        d.baseVersion === null
          ? `a rules package named ${d.package} already exists on the server (version ${serverVersion})`
          : `${d.package} was changed on the server (version ${serverVersion}) since version ${d.baseVersion} was opened`,
        d.baseVersion === null
          ? { details: { reason: 'NAME_ON_SERVER', serverVersion } }
          : { details: { reason: 'VERSION_ON_SERVER', serverVersion, baseVersion: d.baseVersion } },
      );
    }
    const version = conflict
      ? nextRulesVersion(serverVersion)
      : nextRulesVersion(d.baseVersion, serverVersion);
    const spec: RulesPackageSpec = {
      package: d.package,
      version,
      description: d.description,
      maturity: d.maturity,
      rules: cleanRules(d.rules),
    };
    const issues = validateRulesSpec(spec);
    if (issues.length > 0)
      throw new ConsoleError('VALIDATION', issues.map((i) => i.message).join('; '), {
        details: { reason: 'RULES_INVALID', issues },
      });
    const dir = await mkdtemp(path.join(tmpdir(), 'wapt-wua-rules-'));
    try {
      const built = await buildRulesPackage({ spec, signer, outDir: dir, now: this.now() });
      const own = {
        package: spec.package,
        version,
        md5: built.md5,
        sha256: built.sha256,
        signature: text(built.control.signature),
      };
      try {
        await uploadPackageFile(this.client(), built.path);
      } catch (err) {
        // The reference server refuses a second package under an existing name+version (409).
        if (err instanceof ConsoleError && err.reason === 'HTTP_409')
          throw versionTaken(own, null, { baseVersion: d.baseVersion, via: 'HTTP_409' });
        throw err;
      }
      // A genuine server accepts it silently: confirm that the repository now serves OUR file.
      const { filename } = await confirmVersionClaim(own, this.claimDeps(), {
        baseVersion: d.baseVersion,
        ...this.claimOptions,
      });
      return { package: spec.package, version, filename };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Tuning of the post-upload check (tests shorten the waits). */
  claimOptions: ClaimOptions = {};

  private claimDeps(): ClaimDeps {
    return {
      readIndex: () => this.index(),
      fetchFile: (filename) => this.client().getBytes(`/wapt/${encodeURIComponent(filename)}`),
      withdraw: async (filename) => {
        try {
          await this.client().request('/api/v3/packages_delete', z.unknown(), {
            method: 'POST',
            data: [filename],
          });
          return true;
        } catch {
          return false;
        }
      },
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      now: () => Date.now(),
    };
  }

  /** The decision trace of one update on one host (docs/wapt-console-features.md §3 #3). */
  async explain(hostUuid: string, updateId: string): Promise<ExplainTrace> {
    this.wua();
    const [contexts, updates, index] = await Promise.all([
      this.hostContexts([hostUuid]),
      this.hostUpdates(hostUuid),
      this.index(),
    ]);
    const ctx = contexts.get(hostUuid);
    if (!ctx)
      throw new ConsoleError('NOT_FOUND', `no host with uuid ${hostUuid} on the server`, {
        details: { reason: 'UNKNOWN_HOST' },
      });
    const all = updates ?? [];
    const wanted = updateId.toLowerCase();
    const u =
      all.find((x) => x.update_id.toLowerCase() === wanted) ??
      all.find((x) => updateGuid(x.update_id) === updateGuid(wanted));
    if (!u)
      throw new ConsoleError('NOT_FOUND', `host ${ctx.fqdn ?? hostUuid} did not report update ${updateId}`, {
        details: { reason: 'UNKNOWN_UPDATE' },
      });
    // The versions the host carried at its last scan (what decided its reported state).
    const packages: ExplainTrace['packages'] = [];
    const rp: WuaRulesPackage[] = [];
    for (const p of [...ctx.packages].sort((a, b) => a.package.localeCompare(b.package))) {
      const versions = WuaRulesService.versionsOf(index, p.package);
      const exact = versions.find((v) => v.version === p.version);
      const chosen = exact ?? versions.at(-1);
      const rules = chosen ? await this.rulesOf(chosen).catch(() => null) : null;
      packages.push({
        package: p.package,
        version: p.version,
        rulesFound: exact !== undefined && rules !== null,
      });
      rp.push({ package: p.package, version: p.version, rules: rules ?? {} });
    }
    const merged = mergeRules(rp);
    const facts = WuaRulesService.facts(u);
    // Decision and steps from one call, so they never contradict each other (hidden updates).
    const { decision: d, steps } = explainUpdate(
      facts,
      merged,
      ctx.settings,
      this.now(),
      WuaRulesService.local(u),
    );
    const superseding = findSuperseding(u.update_id, all);
    return {
      host: { uuid: hostUuid, fqdn: ctx.fqdn },
      update: {
        update_id: u.update_id,
        title: u.title ?? '',
        kbids: u.kbids,
        product: u.product,
        classification: u.classification,
        severity: u.severity,
        changetime: u.changetime,
        downloaded_on: u.downloaded_on,
      },
      packages,
      agent: { ...ctx.agent, known: ctx.settingsKnown },
      steps,
      decision: {
        status: d.status,
        allowed: d.allowed,
        delayed: d.delayed,
        delayedUntil: d.delayedUntil ?? null,
        decidedBy: {
          kind: d.decidedBy.kind,
          origin: d.decidedBy.origin,
          package: d.decidedBy.package ?? null,
          version: d.decidedBy.version ?? null,
          value: d.decidedBy.value ?? null,
        },
      },
      reported: {
        status: u.local_status_status,
        allowed: u.local_status_allowed,
        delayed: u.local_status_delayed ?? null,
        installed: u.local_status_installed,
        downloaded: u.local_status_downloaded,
        hidden: u.local_status_hidden,
      },
      differsFromReported: u.local_status_status !== null && u.local_status_status !== d.status,
      supersededBy: superseding.map((s) => ({
        update_id: s.update_id,
        title: s.title ?? '',
        kbids: s.kbids,
        status: s.local_status_status,
      })),
      asOf: this.now().toISOString(),
    };
  }
}
