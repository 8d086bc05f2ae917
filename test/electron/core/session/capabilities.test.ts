import { describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../../common/errors';
import { deriveCapabilities } from '../../../../electron/core/session/capabilities';
import { requireWua, sessionCapabilities } from '../../../../electron/core/session/feature-guard';

/*
 * What the console concludes from `/ping` and the login answer (docs/server-capabilities.md).
 * The ping bodies are the ones observed on a genuine 1.8.2 server (docs/wapt-server-api.md §9) and the ones the
 * reference server sends in its default profile.
 */
const GENUINE_PING = { version: '1.8.2', api_version: 'v3', edition: 'community', uuid: 'u', git_hash: 'h' };

describe('deriveCapabilities', () => {
  it('a genuine community server offers no extension and no Windows updates', () => {
    expect(deriveCapabilities(GENUINE_PING, { edition: 'community' })).toEqual({
      edition: 'community',
      extensions: [],
      hostsPaging: false,
      wua: false,
      wuaHostCounts: false,
      actionResults: false,
    });
  });

  it('a genuine enterprise server has the WUA routes but none of the counts, paging or relayed results', () => {
    expect(deriveCapabilities({ ...GENUINE_PING, edition: 'enterprise' }, { edition: 'enterprise' })).toEqual(
      {
        edition: 'enterprise',
        extensions: [],
        hostsPaging: false,
        wua: true,
        wuaHostCounts: false,
        actionResults: false,
      },
    );
  });

  it('the reference server’s advertised extensions switch each strategy on', () => {
    const ping = {
      ...GENUINE_PING,
      edition: 'enterprise',
      reference_extensions: ['hosts_paging', 'wua_host_counts', 'action_results'],
    };
    expect(deriveCapabilities(ping, { edition: 'enterprise' })).toMatchObject({
      hostsPaging: true,
      wua: true,
      wuaHostCounts: true,
      actionResults: true,
    });
    const onlyPaging = deriveCapabilities({ ...ping, reference_extensions: ['hosts_paging'] }, {});
    expect([onlyPaging.hostsPaging, onlyPaging.wuaHostCounts, onlyPaging.actionResults]).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('per-update counts need the WUA routes: advertised on a community server they stay off', () => {
    const caps = deriveCapabilities(
      { ...GENUINE_PING, reference_extensions: ['wua_host_counts', 'hosts_paging'] },
      { edition: 'community' },
    );
    expect([caps.wua, caps.wuaHostCounts, caps.hostsPaging]).toEqual([false, false, true]);
  });

  it('ignores unknown or malformed extension names and a non-list value', () => {
    expect(
      deriveCapabilities(
        { ...GENUINE_PING, reference_extensions: ['hosts_paging', 'teleport', 42, null] },
        {},
      ).extensions,
    ).toEqual(['hosts_paging']);
    expect(
      deriveCapabilities({ ...GENUINE_PING, reference_extensions: 'hosts_paging' }, {}).hostsPaging,
    ).toBe(false);
  });

  it('the login’s edition wins over the ping’s; an absent or odd edition is unknown, without WUA', () => {
    expect(deriveCapabilities({ edition: 'community' }, { edition: 'Enterprise' }).edition).toBe(
      'enterprise',
    );
    const none = deriveCapabilities({}, { edition: null });
    expect([none.edition, none.wua]).toEqual(['unknown', false]);
    expect(deriveCapabilities({ edition: 'platinum' }, {}).edition).toBe('unknown');
  });
});

describe('feature guard', () => {
  it('refuses Windows-update features on a server without them with NOT_SUPPORTED (feature wua)', () => {
    const community = deriveCapabilities(GENUINE_PING, { edition: 'community' });
    let caught: unknown;
    try {
      requireWua(community);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConsoleError);
    expect(caught).toMatchObject({ code: 'NOT_SUPPORTED', details: { feature: 'wua', reason: 'EDITION' } });
    expect(() => requireWua(deriveCapabilities({ edition: 'enterprise' }, {}))).not.toThrow();
  });

  it('reads the session’s capabilities, and sends a disconnected caller back to login', () => {
    let current: { capabilities: ReturnType<typeof deriveCapabilities> | null } = { capabilities: null };
    const source = sessionCapabilities({ current: () => current as never });
    expect(() => source()).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }) as Error);
    current = { capabilities: deriveCapabilities({ edition: 'enterprise' }, {}) };
    expect(source().wua).toBe(true);
  });
});
