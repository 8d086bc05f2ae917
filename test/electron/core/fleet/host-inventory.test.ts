import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  flattenHardware,
  PendingLists,
  requirementName,
  ServerHostPackage,
  ServerHostSoftware,
  toPackageRows,
  toSoftwareRows,
} from '../../../../electron/core/fleet/host-inventory';
import { HostPackageRow, HostSoftwareRow } from '../../../../common/ipc/methods/hosts';

/** A HostPackagesStatus row as PostgreSQL sends it when the agent filled almost nothing. */
const genuineNullPackage = {
  id: 7,
  host: 'UUID-1',
  package_uuid: null,
  name: null,
  package: 'tis-firefox',
  version: '115.0-1',
  architecture: null,
  locale: null,
  maturity: null,
  section: null,
  priority: null,
  signer: null,
  signer_fingerprint: null,
  signature_date: null,
  description: null,
  impacted_process: null,
  install_status: 'OK',
  install_date: null,
  install_output: null,
  install_params: null,
  uninstall_key: null,
  explicit_by: null,
  repo_url: null,
  depends: null,
  conflicts: null,
  last_audit_status: null,
  last_audit_on: null,
  last_audit_output: null,
  next_audit_on: null,
};

describe('host packages mapping', () => {
  it('accepts the genuine server’s nulls and yields contract-valid rows', () => {
    const parsed = z.array(ServerHostPackage).parse([genuineNullPackage]);
    const rows = toPackageRows(parsed, null);
    expect(rows).toEqual([
      expect.objectContaining({
        package: 'tis-firefox',
        version: '115.0-1',
        status: 'OK',
        installDate: null,
      }),
    ]);
    expect(() => z.array(HostPackageRow).parse(rows)).not.toThrow();
  });

  it('adds NEED-INSTALL rows from the agent’s pending list, once, and never for an installed package', () => {
    const installed = z
      .array(ServerHostPackage)
      .parse([
        genuineNullPackage,
        { ...genuineNullPackage, package: 'tis-7zip', install_status: 'NEED-UPGRADE' },
      ]);
    const pending = PendingLists.parse({
      date: '2024-05-01T10:00:00',
      pending: {
        install: [
          'tis-notepadpp(=8.6-2)',
          ['tis-putty', { version: '0.80' }],
          'tis-firefox',
          'tis-notepadpp',
          42,
          null,
        ],
        upgrade: ['tis-7zip'],
      },
    });
    const rows = toPackageRows(installed, pending);
    expect(rows.map((r) => [r.package, r.status, r.source])).toEqual([
      ['tis-firefox', 'OK', 'installed'],
      ['tis-7zip', 'NEED-UPGRADE', 'installed'],
      ['tis-notepadpp', 'NEED-INSTALL', 'pending'],
      ['tis-putty', 'NEED-INSTALL', 'pending'],
    ]);
  });

  it('accepts a null last_update_status and a null pending', () => {
    expect(toPackageRows([], PendingLists.parse(null))).toEqual([]);
    expect(toPackageRows([], PendingLists.parse({ pending: null }))).toEqual([]);
    expect(toPackageRows([], PendingLists.parse({ pending: { install: null } }))).toEqual([]);
  });

  it('drops a row with no package name at all, keeps one named only by `name`', () => {
    const parsed = z.array(ServerHostPackage).parse([
      { ...genuineNullPackage, package: null },
      { ...genuineNullPackage, package: null, name: 'tis-x' },
    ]);
    expect(toPackageRows(parsed, null).map((r) => r.package)).toEqual(['tis-x']);
  });

  it('reads requirement names', () => {
    expect(requirementName('tis-firefox(=115.0-1)')).toBe('tis-firefox');
    expect(requirementName('tis-firefox (>=115)')).toBe('tis-firefox');
    expect(requirementName('tis-a,tis-b')).toBe('tis-a');
    expect(requirementName(['tis-putty', {}])).toBe('tis-putty');
    expect(requirementName('')).toBeNull();
    expect(requirementName({ package: 'x' })).toBeNull();
  });
});

describe('host software mapping', () => {
  it('maps system_component given as true/false, 0/1 or null', () => {
    const parsed = z.array(ServerHostSoftware).parse([
      { name: 'A', system_component: 1, key: '{A}' },
      { name: 'B', system_component: false, version: null },
      { name: 'C', system_component: null, install_date: '20240102' },
    ]);
    const rows = toSoftwareRows(parsed);
    expect(rows.map((r) => r.systemComponent)).toEqual([true, false, null]);
    expect(rows[2]!.installDate).toBe('20240102');
    expect(() => z.array(HostSoftwareRow).parse(rows)).not.toThrow();
  });
});

describe('hardware flattening', () => {
  it('keeps every leaf with its path, in order, with empty containers and nulls as leaves', () => {
    const { entries, truncated } = flattenHardware({
      System_Information: { Manufacturer: 'Dell Inc.', Serial_Number: null },
      mac: ['aa:bb', 'cc:dd'],
      disks: [],
      extra: {},
      memory: 17179869184,
      virtual: false,
    });
    expect(truncated).toBe(0);
    expect(entries).toEqual([
      { path: ['System_Information', 'Manufacturer'], value: 'Dell Inc.' },
      { path: ['System_Information', 'Serial_Number'], value: '' },
      { path: ['mac', '0'], value: 'aa:bb' },
      { path: ['mac', '1'], value: 'cc:dd' },
      { path: ['disks'], value: '[]' },
      { path: ['extra'], value: '{}' },
      { path: ['memory'], value: '17179869184' },
      { path: ['virtual'], value: 'false' },
    ]);
  });

  it('stops at the cap and counts what it left out', () => {
    const big = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}`, i]));
    const { entries, truncated } = flattenHardware(big, 10);
    expect(entries).toHaveLength(10);
    expect(truncated).toBe(15);
  });

  it('flattens a scalar section to one root leaf', () => {
    expect(flattenHardware('text').entries).toEqual([{ path: [], value: 'text' }]);
  });
});
