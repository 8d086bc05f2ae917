import { describe, expect, it } from 'vitest';
import type { HostRow } from '../../../../../common/ipc/methods/hosts';
import {
  HostTextIndex,
  hostSearchText,
  queryWords,
} from '../../../../../renderer/src/features/hosts/host-text-index';

/*
 * The hosts grid's quick filter (client-side mode) finds its hosts in one string of every host's
 * search text (host-text-index.ts). Whatever the query, it must find exactly the hosts the plain
 * rule finds: every word of the query in the host's own text.
 */
function host(i: number, over: Partial<HostRow> = {}): HostRow {
  return {
    uuid: `UUID-${i}`,
    computer_fqdn: `${['par', 'lyo', 'bdx'][i % 3]}-${i % 2 ? 'lt' : 'dt'}-${String(i).padStart(5, '0')}.corp.lan`,
    computer_name: null,
    description: i % 4 ? `Laptop of User ${i}` : null,
    host_status: 'OK',
    reachable: i % 5 ? 'OK' : 'DISCONNECTED',
    audit_status: null,
    wua_status: null,
    connected_ips: [`10.0.${i % 7}.${i % 250}`],
    mac_addresses: [],
    os_name: 'Windows 11 Pro',
    os_version: '10.0.22631',
    platform: null,
    manufacturer: i % 2 ? 'Dell Inc.' : 'LENOVO',
    productname: null,
    serialnr: null,
    last_seen_on: '2026-11-30T10:00:00',
    connected_users: i % 3 ? [`CORP\\user${i}`] : [],
    last_logged_on_user: null,
    wapt_version: '1.8.2',
    dnsdomain: 'corp.lan',
    computer_ad_site: null,
    computer_ad_ou: null,
    depends: null,
    wua_ok_count: i,
    wua_pending_count: null,
    wua_missing_count: null,
    wua_discarded_count: null,
    wua_error_count: null,
    ...over,
  };
}

const plainRule = (rows: HostRow[], query: string) =>
  rows.filter((r) => queryWords(query).every((w) => hostSearchText(r).includes(w)));

describe('the quick filter’s text index', () => {
  const rows = Array.from({ length: 600 }, (_, i) => host(i));
  const index = new HostTextIndex(rows);

  it('finds exactly the hosts the plain rule finds, for one word or several, in any case', () => {
    for (const query of [
      'par-lt-00001.corp.lan',
      'PAR-LT',
      'lenovo',
      'dell lyo',
      'user7 disconnected',
      'corp',
      '10.0.3.',
      'laptop of',
      'uuid-599',
      'uuid-0',
      'nowhere',
      'lyo nowhere',
      'ok',
      '\\',
    ]) {
      const expected = plainRule(rows, query);
      const found = index.matching(queryWords(query));
      expect(
        [...found].sort((a, b) => a.uuid.localeCompare(b.uuid)),
        query,
      ).toEqual([...expected].sort((a, b) => a.uuid.localeCompare(b.uuid)));
    }
  });

  it('never matches across two hosts, nor across two values of one host', () => {
    // The end of one host's text and the start of the next do not make a word; nor two values.
    const two = [host(1, { wua_error_count: 7 }), host(2)];
    const joined = new HostTextIndex(two);
    expect(joined.matching(['7uuid-2'])).toEqual(new Set());
    expect(joined.matching(['uuid-1lyo-lt'])).toEqual(new Set());
    expect(joined.matching(['uuid-1'])).toEqual(new Set([two[0]]));
    expect(hostSearchText(two[0]!)).toContain('uuid-1\nlyo-lt-00001');
  });

  it('answers for its own rows only, and for an empty listing', () => {
    expect(index.has(rows[10]!)).toBe(true);
    expect(index.has(host(10))).toBe(false);
    expect(new HostTextIndex([]).matching(['par'])).toEqual(new Set());
    expect(index.matching([])).toEqual(new Set());
  });
});
