import { describe, expect, it } from 'vitest';
import type { HostPackageRow, HostSoftwareRow } from '../../../../../common/ipc/methods/hosts';
import {
  buildTree,
  filterPackages,
  filterTree,
  searchPattern,
  visibleSoftwares,
} from '../../../../../renderer/src/features/hosts/inventory-view';

const pkg = (p: string, status: string | null): HostPackageRow => ({
  package: p,
  name: null,
  version: null,
  status,
  section: null,
  architecture: null,
  locale: null,
  maturity: null,
  description: null,
  installDate: null,
  auditStatus: null,
  auditedOn: null,
  nextAuditOn: null,
  installOutput: null,
  signer: null,
  source: 'installed',
});

describe('host packages filters (WAPT’s Errors / To upgrade / To install / To remove / All)', () => {
  const rows = [
    pkg('a', 'OK'),
    pkg('b', 'ERROR'),
    pkg('c', 'ERROR-UPGRADE'),
    pkg('d', 'NEED-UPGRADE'),
    pkg('e', 'NEED-INSTALL'),
    pkg('f', 'MISSING'),
    pkg('g', 'NEED-REMOVE'),
    pkg('h', null),
  ];
  const names = (r: HostPackageRow[]) => r.map((x) => x.package).join('');
  it('selects by status family', () => {
    expect(names(filterPackages(rows, 'all'))).toBe('abcdefgh');
    expect(names(filterPackages(rows, 'errors'))).toBe('bc');
    expect(names(filterPackages(rows, 'upgrade'))).toBe('d');
    expect(names(filterPackages(rows, 'install'))).toBe('ef');
    expect(names(filterPackages(rows, 'remove'))).toBe('g');
  });
});

describe('software inventory: hide system components', () => {
  const sw = (name: string, systemComponent: boolean | null): HostSoftwareRow => ({
    key: null,
    name,
    version: null,
    publisher: null,
    installDate: null,
    installLocation: null,
    uninstallString: null,
    systemComponent,
  });
  it('hides only rows flagged true; unknown stays visible', () => {
    const rows = [sw('a', true), sw('b', false), sw('c', null)];
    expect(visibleSoftwares(rows, true).map((r) => r.name)).toEqual(['b', 'c']);
    expect(visibleSoftwares(rows, false)).toHaveLength(3);
  });
});

describe('hardware tree', () => {
  const entries = [
    { path: ['System_Information', 'Manufacturer'], value: 'Dell Inc.' },
    { path: ['System_Information', 'Product_Name'], value: 'Latitude 5440' },
    { path: ['BIOS_Information', 'Vendor'], value: 'Dell Inc.' },
    { path: ['BIOS_Information', 'Version'], value: '1.12.0' },
    { path: ['Chassis_Information', 'Type'], value: 'Notebook' },
  ];
  it('rebuilds nodes in order with leaf counts', () => {
    const tree = buildTree(entries);
    expect(tree.map((n) => [n.key, n.leaves])).toEqual([
      ['System_Information', 2],
      ['BIOS_Information', 2],
      ['Chassis_Information', 1],
    ]);
    expect(tree[0]!.children.map((c) => [c.key, c.value, c.id])).toEqual([
      ['Manufacturer', 'Dell Inc.', 'System_Information/Manufacturer'],
      ['Product_Name', 'Latitude 5440', 'System_Information/Product_Name'],
    ]);
  });
  it('search keeps matching leaves with their ancestors, and whole subtrees whose key matches', () => {
    const tree = buildTree(entries);
    const byValue = filterTree(tree, searchPattern('dell'));
    expect(byValue.map((n) => [n.key, n.children.map((c) => c.key)])).toEqual([
      ['System_Information', ['Manufacturer']],
      ['BIOS_Information', ['Vendor']],
    ]);
    const byKey = filterTree(tree, searchPattern('^bios'));
    expect(byKey.map((n) => [n.key, n.children.length])).toEqual([['BIOS_Information', 2]]);
    expect(filterTree(tree, searchPattern('nothing-like-this'))).toEqual([]);
    expect(filterTree(tree, searchPattern(''))).toHaveLength(3);
  });
  it('treats an invalid regular expression as plain text', () => {
    expect(searchPattern('1.12(')!.test('v1.12( beta')).toBe(true);
    expect(searchPattern('1.12(')!.test('1x12')).toBe(false);
  });
});
