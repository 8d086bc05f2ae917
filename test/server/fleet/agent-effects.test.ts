import { describe, expect, it } from 'vitest';
import { mergeRules } from '../../../common/domain/wua-rules';
import {
  hostPackageRequirements,
  hostStatusOf,
  newestVersions,
  packageIdOf,
  packagesUpdateEffect,
  rulesVersionFor,
  simSettingsOf,
  wuaAgentStatus,
  wuaOperationEffect,
  wuaSummary,
  type SimSettings,
  type WuaRow,
} from '../../../server/fleet/agent-effects';

/** The simulated agents' effects, called directly: rows in, rows out, no database, no clock. */

const NOW = Date.parse('2024-06-20T12:00:00Z');
const NOW_ISO = '2024-06-20T12:00:00.000000';
/** An rng that returns the given draws in order (then fails the test if drawn again). */
function draws(...values: number[]) {
  const list = [...values];
  const rng = () => {
    const v = list.shift();
    if (v === undefined) throw new Error('rng drawn more often than expected');
    return v;
  };
  return Object.assign(rng, { left: () => list.length });
}

const settings = (over: Partial<SimSettings> = {}): SimSettings => ({
  os: 'win10-22h2-x64',
  default_allow: true,
  allowed_severities: null,
  install_delay: null,
  failRate: 0.1,
  ...over,
});

function row(over: Partial<WuaRow> = {}): WuaRow {
  return {
    update_ref: 1,
    status: 'MISSING',
    allowed: 1,
    installed: 0,
    hidden: 0,
    downloaded: 0,
    delayed: 0,
    install_date: null,
    history: null,
    last_install_failed: 0,
    update_id: '0a1b2c3d-0000-4000-8000-000000000001_1',
    title: '2024-05 Cumulative Update',
    kbids: '["5037768"]',
    product: 'Windows 10',
    classification: 'Security Updates',
    severity: 'Critical',
    changetime: '2024-05-14T17:00:00',
    downloaded_on: '2024-05-15T17:00:00.000000',
    is_uninstallable: 1,
    reboot_behaviour: 'AlwaysRequiresReboot',
    ...over,
  };
}

const noRules = mergeRules([]);

describe('package effects', () => {
  it('reads a requirement as its package id', () => {
    expect(packageIdOf('tis-7zip(=23.01-1)')).toBe('tis-7zip');
    expect(packageIdOf(' tis-firefox ')).toBe('tis-firefox');
  });

  it('keeps the newest version of each package in WAPT order (10 after 9)', () => {
    const n = newestVersions([
      { package: 'a', version: '9.0-1' },
      { package: 'a', version: '10.0-1' },
      { package: 'b', version: '1' },
    ]);
    expect(Object.fromEntries(n)).toEqual({ a: '10.0-1', b: '1' });
  });

  const rows = [
    { package: 'a', version: '1', install_status: 'OK' },
    { package: 'b', version: '2', install_status: 'OK' },
    { package: 'c', version: '1', install_status: 'ERROR' },
  ];
  const newest = new Map([
    ['a', '2'],
    ['b', '2'],
  ]);

  it('update marks outdated installed packages NEED-UPGRADE, draws nothing', () => {
    const rng = draws();
    const e = packagesUpdateEffect(rows, newest, false, 0.5, rng, NOW_ISO);
    expect(e.changes).toEqual([
      { package: 'a', version: '1', install_status: 'NEED-UPGRADE', install_date: null, install_output: '' },
    ]);
    expect(e).toMatchObject({ summary: '1 package(s) to upgrade', failed: false });
  });

  it('upgrade installs outdated and failed packages, one draw each, failing below 2 × failRate', () => {
    // a draws 0.05 < 0.2 → fails with 1603; c (ERROR, no newer version) draws 0.9 → reinstalled.
    const rng = draws(0.05, 0.9);
    const e = packagesUpdateEffect(rows, newest, true, 0.1, rng, NOW_ISO);
    expect(rng.left()).toBe(0);
    expect(e.changes).toEqual([
      {
        package: 'a',
        version: '1',
        install_status: 'ERROR',
        install_date: NOW_ISO,
        install_output: 'Error installing a(=2): installer exited with code 1603',
      },
      {
        package: 'c',
        version: '1',
        install_status: 'OK',
        install_date: NOW_ISO,
        install_output: 'Installed c(=1)',
      },
    ]);
    expect(e).toMatchObject({ summary: '1 package(s) upgraded, 1 failed', failed: true });
  });

  it('derives host_status: ERROR over TO-UPGRADE over OK', () => {
    expect(hostStatusOf([{ package: 'a', install_status: 'OK' }], NOW_ISO).hostStatus).toBe('OK');
    const up = hostStatusOf(
      [
        { package: 'a', install_status: 'NEED-INSTALL' },
        { package: 'b', install_status: 'NEED-UPGRADE' },
      ],
      NOW_ISO,
    );
    expect(up.hostStatus).toBe('TO-UPGRADE');
    expect(up.lastUpdateStatus).toMatchObject({
      date: NOW_ISO,
      upgrades: ['a', 'b'],
      errors: [],
      pending: { upgrade: ['a', 'b'] },
    });
    const err = hostStatusOf(
      [
        { package: 'a', install_status: 'NEED-UPGRADE' },
        { package: 'c', install_status: 'ERROR' },
      ],
      NOW_ISO,
    );
    expect(err.hostStatus).toBe('ERROR');
    expect(err.lastUpdateStatus).toMatchObject({ errors: ['c'] });
  });

  it("resolves a host package's groups transitively, conflicts winning, cycles stopped", () => {
    const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
    const groups: Record<string, { depends?: string[]; conflicts?: string[] }> = {
      'g-office': { depends: ['tis-7zip', 'g-common'], conflicts: ['tis-vlc'] },
      'g-common': { depends: ['tis-firefox', 'g-office'] },
    };
    const r = hostPackageRequirements(
      { depends: ['g-office', 'tis-vlc', 'tis-notepad'], conflicts: ['tis-old'] },
      (n) => groups[n],
      list,
    );
    expect(new Set(r.depends)).toEqual(
      new Set(['g-office', 'tis-notepad', 'tis-7zip', 'g-common', 'tis-firefox']),
    );
    expect(new Set(r.conflicts)).toEqual(new Set(['tis-old', 'tis-vlc']));
  });

  it('reads sim_settings with the defaults of older hosts', () => {
    expect(simSettingsOf(null)).toEqual({
      os: 'unknown',
      default_allow: true,
      allowed_severities: null,
      install_delay: null,
      failRate: 0.02,
    });
    expect(simSettingsOf('{"default_allow":false,"failRate":0.25}')).toMatchObject({
      default_allow: false,
      failRate: 0.25,
    });
  });

  it('applies the carried rules version, a scan moving to the newest', () => {
    const versions = [
      { version: '3', rules: 'r3' },
      { version: '2', rules: 'r2' },
    ];
    expect(rulesVersionFor('2', versions, false)).toEqual({ chosen: versions[1], upgradeTo: null });
    expect(rulesVersionFor('2', versions, true)).toEqual({ chosen: versions[0], upgradeTo: '3' });
    // The carried version left the repository: the newest applies, without an upgrade outside a scan.
    expect(rulesVersionFor('1', versions, false)).toEqual({ chosen: versions[0], upgradeTo: null });
    expect(rulesVersionFor('1', [], true)).toEqual({ chosen: undefined, upgradeTo: null });
  });
});

describe('Windows-update effects', () => {
  // MISSING (not downloaded) vs PENDING (downloaded) is an inferred split (docs/fleet-simulation.md).
  it('download takes cached files of allowed updates and lists the missing ones', () => {
    const rows = [row(), row({ update_ref: 2, update_id: 'u2_1', downloaded_on: null })];
    const r = wuaOperationEffect(rows, 'download', noRules, settings(), NOW, draws());
    expect(r.counts).toMatchObject({ downloaded: 1, changed: 1 });
    expect(r.missingDownloads).toEqual(['u2_1']);
    expect(r.changed).toEqual([{ ...rows[0], downloaded: 1, status: 'PENDING' }]);
    expect(rows[0]!.downloaded).toBe(0); // inputs untouched
  });

  it('install: a draw at or above failRate installs, records history, asks a reboot', () => {
    const rng = draws(0.5);
    const r = wuaOperationEffect([row()], 'install', noRules, settings(), NOW, rng);
    expect(rng.left()).toBe(0);
    const c = r.changed[0]!;
    expect(c).toMatchObject({
      status: 'OK',
      installed: 1,
      downloaded: 1,
      install_date: '2024-06-20T12:00:00',
    });
    expect(JSON.parse(c.history!)).toEqual([
      {
        operation: 'Installation',
        update_id: row().update_id,
        date: NOW_ISO,
        title: row().title,
        result_code: 'Succeeded',
        application_id: 'WAPT',
        description: '',
        categories: ['Security Updates', 'Windows 10'],
      },
    ]);
    expect(r).toMatchObject({ batch: [row().update_id], reboot: true });
    expect(wuaSummary('install', r.counts)).toEqual({ summary: '1 update(s) installed', failed: false });
  });

  it('install: a draw below failRate fails the update (ERROR) and the task', () => {
    const r = wuaOperationEffect([row()], 'install', noRules, settings(), NOW, draws(0.01));
    expect(r.changed[0]).toMatchObject({ status: 'ERROR', installed: 0, last_install_failed: 1 });
    expect(wuaSummary('install', r.counts)).toEqual({
      summary: '0 update(s) installed, 1 failed',
      failed: true,
    });
  });

  it('install waits for install_delay and never touches forbidden updates', () => {
    const delayed = wuaOperationEffect(
      [row({ changetime: '2024-06-19T00:00:00' })],
      'install',
      noRules,
      settings({ install_delay: '7d' }),
      NOW,
      draws(),
    );
    expect(delayed.changed[0]).toMatchObject({ status: 'PENDING', delayed: 1, installed: 0 });
    const forbidden = mergeRules([{ package: 'r', version: '1', rules: { forbidden_kbs: ['KB5037768'] } }]);
    const r = wuaOperationEffect(
      [row({ status: 'DISCARDED', allowed: 0 })],
      'install',
      forbidden,
      settings(),
      NOW,
      draws(),
    );
    expect(r.changed).toEqual([]);
    expect(r.counts.changed).toBe(0);
  });

  it('uninstall by GUID without revision, refused for a non-uninstallable update', () => {
    const installed = { installed: 1, downloaded: 1, status: 'OK', install_date: '2024-05-20T00:00:00' };
    const rows = [
      row({ ...installed }),
      row({ ...installed, update_ref: 2, update_id: 'fixed-0000_3', is_uninstallable: 0 }),
    ];
    const r = wuaOperationEffect(rows, 'uninstall', noRules, settings(), NOW, draws(), [
      '0A1B2C3D-0000-4000-8000-000000000001',
      'fixed-0000',
    ]);
    expect(r.counts.uninstalled).toBe(1);
    expect(r.changed[0]).toMatchObject({
      installed: 0,
      install_date: null,
      downloaded: 1,
      status: 'PENDING',
    });
    expect(JSON.parse(r.changed[1]!.history!)[0]).toMatchObject({
      operation: 'Uninstallation',
      result_code: 'Failed',
    });
    expect(r.changed[1]).toMatchObject({ installed: 1, status: 'OK' });
  });

  // The waptwua_status key set is inferred (docs/fleet-simulation.md).
  it("derives the agent's status documents from the counts; a scan draws its duration", () => {
    const rng = draws(0.5);
    const s = wuaAgentStatus(
      { waptwua_status: '{"wsusscn2cab_date":"2024-06-11"}', wuauserv_status: '{"running":false}' },
      { pending: 2, missing: 0, error: 0 },
      'scan',
      {
        counts: { installed: 0, failed: 0, downloaded: 0, uninstalled: 0, changed: 3 },
        missingDownloads: [],
        batch: [],
        reboot: false,
      },
      [{ package: 'r-base', version: '2', rules: {} }],
      NOW,
      rng,
    );
    expect(s.waptwuaStatus).toEqual({
      wsusscn2cab_date: '2024-06-11',
      enabled: true,
      status: 'PENDING_UPDATES',
      rules_packages: ['r-base(=2)'],
      last_scan_date: NOW_ISO,
      last_scan_duration: 120,
      last_error: null,
    });
    expect(s.wuauservStatus).toEqual({ running: false });
    const after = wuaAgentStatus(
      { waptwua_status: null, wuauserv_status: null },
      { pending: 0, missing: 0, error: 1 },
      'install',
      {
        counts: { installed: 1, failed: 1, downloaded: 0, uninstalled: 0, changed: 2 },
        missingDownloads: ['x'],
        batch: ['u'],
        reboot: true,
      },
      [],
      NOW,
      draws(),
    );
    expect(after.waptwuaStatus).toMatchObject({
      status: 'ERROR',
      last_install_batch: ['u'],
      last_install_result: 'ERROR',
      last_install_reboot_required: true,
      missing_downloads: ['x'],
      last_error: '1 update(s) failed to install',
    });
    expect(after.wuauservStatus).toEqual({ reboot_needed: true });
  });
});
