import { describe, expect, it } from 'vitest';
import { listEdit, splitRequests } from '../../../../../renderer/src/features/host-packages/package-lists';
import {
  bucketOf,
  compareVersions,
  rolloutOf,
} from '../../../../../renderer/src/features/host-packages/rollout';

const host = (uuid: string, version: string | null, install_status: string | null) => ({
  uuid,
  computer_fqdn: `${uuid}.demo.lan`,
  version,
  install_status,
  reachable: 'OK',
});

describe('rollout of a rule package', () => {
  it('counts hosts per version, newest first, with OK / pending / error', () => {
    const r = rolloutOf([
      host('a', '2', 'OK'),
      host('b', '2', 'NEED-UPGRADE'),
      host('c', '10', 'OK'),
      host('d', '10', 'ERROR'),
      host('e', '10', 'NEED-INSTALL'),
      host('f', '2', 'OK'),
    ]);
    // 10 > 2 numerically, not as text.
    expect(r.lines).toEqual([
      { version: '10', hosts: 3, ok: 1, pending: 1, error: 1 },
      { version: '2', hosts: 3, ok: 2, pending: 1, error: 0 },
    ]);
    expect(r.total).toEqual({ version: '', hosts: 6, ok: 3, pending: 2, error: 1 });
  });

  it('treats every status other than OK and ERROR as pending (the host has not confirmed yet)', () => {
    expect(['NEED-REMOVE', 'RUNNING', '', null].map(bucketOf)).toEqual([
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
    expect(bucketOf('ok')).toBe('ok');
    expect(bucketOf('ERROR')).toBe('error');
  });

  it('compares dotted and dashed versions part by part', () => {
    expect(['1.10-2', '1.9-3', '1.10-10', '1.10'].sort(compareVersions)).toEqual([
      '1.9-3',
      '1.10',
      '1.10-2',
      '1.10-10',
    ]);
  });
});

describe('group edit lists', () => {
  it('turns the old and new package lists into add / remove (case-insensitive names)', () => {
    expect(
      listEdit(
        ['tis-firefox', 'tis-7zip', 'demo-waptwua-pilot'],
        ['TIS-FIREFOX', 'tis-7zip(>=2)', 'tis-vlc'],
      ),
    ).toEqual({
      // A new request for a listed name replaces it in place (core side), so it is not removed.
      add: ['tis-7zip(>=2)', 'tis-vlc'],
      remove: ['demo-waptwua-pilot'],
    });
    expect(listEdit([], [])).toEqual({ add: [], remove: [] });
  });

  it('splits package requests on commas and lines, dropping empty items', () => {
    expect(splitRequests(' a, b(>=1) ,\n\nc,')).toEqual(['a', 'b(>=1)', 'c']);
  });
});
