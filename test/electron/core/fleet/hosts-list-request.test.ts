import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HostsList, HostsListInput } from '../../../../common/ipc/methods/hosts';
import { WaptClient } from '../../../../electron/core/api/wapt-client';
import { HostsService } from '../../../../electron/core/fleet/hosts-service';

/*
 * What the console sends for the hosts listing and how it reads the answer, against a loopback
 * server that answers as the genuine 1.8.2 server does (docs/hosts-listing.md): only `limit`
 * honoured, the fixed minimum columns added to every row, nulls anywhere, no total.
 */
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => (s.closeAllConnections(), s.close(r)))));
});

function genuineRow(i: number) {
  return {
    uuid: `UUID-${i}`,
    host_status: i === 0 ? null : 'OK',
    last_seen_on: i === 0 ? null : `2026-11-30T08:0${i}:00`,
    last_update_status: { date: null, runstatus: '', errors: [], upgrades: [], pending: null },
    computer_fqdn: `pc-${i}.corp.lan`,
    computer_name: null,
    description: null,
    dnsdomain: null,
    server_uuid: null,
    listening_protocol: null,
    listening_address: null,
    listening_port: null,
    listening_timestamp: null,
    connected_users: null,
    registration_auth_user: null,
    wapt_version: '1.8.2.7373',
    host_capabilities: { os: 'Windows', packages_locales: ['fr'] },
    reachable: null,
    audit_status: null,
    connected_ips: null,
    mac_addresses: ['00:11:22:33:44:55'],
    os_name: null,
    'waptwua_status/status': null,
  };
}

async function genuineHosts(rows: number, seen: URLSearchParams[]): Promise<string> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    seen.push(url.searchParams);
    const limit = Number(url.searchParams.get('limit') ?? 1000);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        success: true,
        msg: `${Math.min(rows, limit)} hosts returned`,
        result: Array.from({ length: Math.min(rows, limit) }, (_, i) => genuineRow(i)),
        request_time: 0.01,
      }),
    );
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const service = (baseUrl: string) =>
  new HostsService(() => new WaptClient({ baseUrl, user: 'admin', password: 'x', verifyTls: true }));

describe('hosts listing request (client-side mode)', () => {
  it('sends one request with the search filters and limit, never offset, order or paging parameters', async () => {
    const seen: URLSearchParams[] = [];
    const url = await genuineHosts(3, seen);
    await service(url).list(
      HostsListInput.parse({
        limit: 2000,
        search: {
          text: 'pc-',
          scope: 'host',
          not: true,
          hasErrors: true,
          needUpgrade: true,
          connectedOnly: true,
          groups: ['grp-a', 'grp-b'],
        },
      }),
    );
    expect(seen).toHaveLength(1);
    const q = Object.fromEntries(seen[0]!);
    expect(Object.keys(q).sort()).toEqual(
      [
        'columns',
        'filter',
        'groups',
        'has_errors',
        'limit',
        'need_upgrade',
        'not_filter',
        'reachable',
      ].sort(),
    );
    expect(q).toMatchObject({
      limit: '2000',
      not_filter: '1',
      has_errors: '1',
      need_upgrade: '1',
      reachable: '1',
      groups: 'grp-a,grp-b',
    });
    expect(q.filter).toMatch(/^computer_fqdn,.*:pc-$/);
    // JSON sub-fields use `/`; a dotted name would be silently ignored by the genuine server.
    expect(q.columns!.split(',')).toContain('waptwua_status/status');
  });

  it('reads rows full of nulls, keeps the server order, and says when the limit was reached', async () => {
    const url = await genuineHosts(5, []);
    const capped = await service(url).list(HostsListInput.parse({ limit: 3 }));
    expect(() => HostsList.parse(capped)).not.toThrow();
    expect(capped.rows.map((r) => r.uuid)).toEqual(['UUID-0', 'UUID-1', 'UUID-2']);
    expect(capped.limitReached).toBe(true);
    expect(capped.rows[0]).toMatchObject({
      host_status: null,
      last_seen_on: null,
      connected_ips: [],
      wua_status: null,
    });
    // The fixed minimum columns the console did not ask for are not carried along.
    expect(capped.rows[0]).not.toHaveProperty('host_capabilities');
    const all = await service(url).list(HostsListInput.parse({ limit: 2000 }));
    expect(all.rows).toHaveLength(5);
    expect(all.limitReached).toBe(false);
  });

  it('refuses to page a server that sends no total instead of guessing one', async () => {
    const url = await genuineHosts(5, []);
    await expect(
      service(url).page({
        offset: 0,
        limit: 2,
        sort: null,
        search: HostsListInput.parse({ limit: 1 }).search,
      }),
    ).rejects.toMatchObject({
      code: 'API_SCHEMA',
      details: { reason: 'NO_HOSTS_PAGING' },
    });
  });
});
