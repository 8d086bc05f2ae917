import { describe, expect, it } from 'vitest';
import { ReferenceExtension } from '../../common/ipc/server-capabilities';
import { REFERENCE_EXTENSIONS, serverProfile } from '../../server/http/context';
import { genuineError, pythonExceptionRepr } from '../../server/http/envelope';

describe('ServerProfile', () => {
  it('the reference profile advertises every extension the console knows, by the same names', () => {
    const p = serverProfile();
    expect([p.name, p.edition]).toEqual(['reference', 'enterprise']);
    expect([...p.extensions]).toEqual([...REFERENCE_EXTENSIONS]);
    // The console parses these names with its own enum: a renamed one would be silently dropped.
    expect([...REFERENCE_EXTENSIONS].sort()).toEqual([...ReferenceExtension.options].sort());
  });

  it('a community reference server has no per-update host counts to offer', () => {
    expect([...serverProfile({ edition: 'community' }).extensions]).toEqual([
      'hosts_paging',
      'action_results',
    ]);
    expect(serverProfile({ edition: 'community' }).wuaRoutes).toBe(false);
  });

  it('the strict profile is community by default and turns every extension off', () => {
    const p = serverProfile({ profile: 'wapt-1.8.2' });
    expect(p.edition).toBe('community');
    expect(p.extensions.size).toBe(0);
    expect(p).toMatchObject({
      genuinePing: true,
      wuaRoutes: false,
      serverVerifiesActions: false,
      pythonErrors: true,
      genuineNulls: true,
      countsUnreachableTargets: false,
      extraWsusFields: false,
      sessionCookiePath: '',
    });
    expect(serverProfile({ profile: 'wapt-1.8.2', edition: 'enterprise' }).wuaRoutes).toBe(true);
  });

  it('refuses unknown names', () => {
    expect(() => serverProfile({ profile: 'wapt-2' as never })).toThrow(/profile/);
    expect(() => serverProfile({ edition: 'pro' as never })).toThrow(/edition/);
  });
});

describe('genuine error envelopes (docs/wapt-server-api.md §1.1)', () => {
  it('writes Python 2 reprs, switching quotes as Python does', () => {
    expect(pythonExceptionRepr('EWaptUnknownHost', 'Host NOPE not found in database')).toBe(
      "EWaptUnknownHost('Host NOPE not found in database',)",
    );
    expect(pythonExceptionRepr('ValueError', "invalid literal for int() with base 10: 'x'")).toBe(
      `ValueError("invalid literal for int() with base 10: 'x'",)`,
    );
    expect(pythonExceptionRepr('E', `it's "quoted"`)).toBe(`E('it\\'s "quoted"',)`);
  });

  it('uses the class name in lower case as error_code', () => {
    const e = genuineError('EWaptBadSignature', 'Action is not signed, not relayed');
    expect([e.errorCode, e.message, e.httpStatus]).toEqual([
      'ewaptbadsignature',
      "Error on server:\nEWaptBadSignature('Action is not signed, not relayed',)",
      200,
    ]);
  });
});
