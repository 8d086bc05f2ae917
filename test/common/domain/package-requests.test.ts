import { describe, expect, it } from 'vitest';
import { createControl } from '../../../common/domain/control';
import { editRequestList, isValidRequest, requestName } from '../../../common/domain/package-requests';
import {
  applyListsEdit,
  hostTemplateControl,
  nextPackageVersion,
} from '../../../electron/core/hostpkg/host-package';

describe('package requests of depends / conflicts (docs/host-packages.md)', () => {
  it('reads names from requests and refuses malformed ones', () => {
    expect(requestName('tis-firefox(>=60)')).toBe('tis-firefox');
    expect(requestName(' tis-7zip ')).toBe('tis-7zip');
    expect(requestName('a,b')).toBeNull();
    expect(isValidRequest('tis-java(=8.1-2)')).toBe(true);
    for (const bad of ['', 'a b', 'x(>=)', 'x(~1)', 'x\ny']) expect(isValidRequest(bad)).toBe(false);
  });

  it('adds at the end, replaces a request of the same name in place, removes by name, case-insensitively', () => {
    expect(editRequestList('a, b ,,c', { add: ['d'] })).toEqual({
      list: ['a', 'b', 'c', 'd'],
      changed: true,
    });
    expect(editRequestList('a,B(>=1),c', { add: ['b(>=2)'] })).toEqual({
      list: ['a', 'b(>=2)', 'c'],
      changed: true,
    });
    expect(editRequestList('a,b(>=1),c', { remove: ['B'] })).toEqual({ list: ['a', 'c'], changed: true });
    expect(editRequestList('a,b', { add: ['b'], remove: ['zzz'] })).toEqual({
      list: ['a', 'b'],
      changed: false,
    });
    expect(editRequestList(undefined, {})).toEqual({ list: [], changed: false });
  });

  it('edits a control, refusing a bad request before anything is built', () => {
    const c = createControl({ package: 'h', version: '3', section: 'host', depends: 'x', conflicts: '' });
    expect(applyListsEdit(c, { depends: { add: ['y'] }, conflicts: { add: ['z'] } }).control).toMatchObject({
      depends: 'x,y',
      conflicts: 'z',
    });
    expect(() => applyListsEdit(c, { depends: { add: ['y,z'] } })).toThrow(
      expect.objectContaining({
        code: 'VALIDATION',
        details: { reason: 'BAD_PACKAGE_REQUEST', request: 'y,z' },
      }),
    );
  });

  it('bumps host and group versions as incrementing integers', () => {
    expect(nextPackageVersion('0')).toBe('1');
    expect(nextPackageVersion('41')).toBe('42');
    expect(nextPackageVersion('3-2')).toBe('3-3');
    expect(nextPackageVersion('')).toBe('1');
  });

  it("makes a missing host package from WAPT's host template", () => {
    expect(hostTemplateControl('4C4C4544-004E', 'pc1.corp.lan', 'Admin')).toMatchObject({
      package: '4C4C4544-004E',
      version: '0',
      section: 'host',
      priority: 'standard',
      architecture: 'all',
      description: 'Host package for pc1.corp.lan',
      maintainer: 'Admin',
    });
  });
});
