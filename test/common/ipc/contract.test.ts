import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EVENT_NAMES, METHOD_NAMES, events, isMethod, methods } from '../../../common/ipc/contract';
import { ERROR_CODES } from '../../../common/errors';

const SECRET_FIELD = /private.?key|passphrase|password|token|pem|secret/i;

/** Every object key reachable in a zod schema (through objects, arrays, unions, nullables…). */
function keysOf(schema: z.ZodType, seen = new Set<z.ZodType>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  const out: string[] = [];
  if (def.type === 'object') {
    for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>))
      out.push(k, ...keysOf(v, seen));
  }
  for (const key of ['innerType', 'element', 'valueType', 'in', 'out'])
    if (def[key]) out.push(...keysOf(def[key] as z.ZodType, seen));
  for (const key of ['options', 'items'])
    if (Array.isArray(def[key])) for (const o of def[key] as z.ZodType[]) out.push(...keysOf(o, seen));
  return out;
}

describe('IPC contract', () => {
  it('names methods domain.verb and events domain.noun, in lowerCamel', () => {
    for (const m of METHOD_NAMES) expect(m).toMatch(/^[a-z][a-zA-Z]+\.[a-z][a-zA-Z]+$/);
    for (const e of EVENT_NAMES) expect(e).toMatch(/^[a-z][a-zA-Z]+\.[a-z][a-zA-Z]+$/);
  });

  it('never lets key material, passwords or tokens out of main: no output or event schema has such a field', () => {
    for (const m of METHOD_NAMES)
      expect(
        keysOf(methods[m].output as z.ZodType).filter((k) => SECRET_FIELD.test(k)),
        m,
      ).toEqual([]);
    for (const e of EVENT_NAMES)
      expect(
        keysOf(events[e] as z.ZodType).filter((k) => SECRET_FIELD.test(k)),
        e,
      ).toEqual([]);
  });

  it('finds secret-looking fields when they exist (the check above can fail)', () => {
    expect(
      keysOf(z.object({ a: z.array(z.object({ privateKey: z.string() })).nullable() })).filter((k) =>
        SECRET_FIELD.test(k),
      ),
    ).toEqual(['privateKey']);
  });

  it('isMethod accepts only own contract keys', () => {
    expect(isMethod('settings.get')).toBe(true);
    for (const m of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'settings', 42, null])
      expect(isMethod(m)).toBe(false);
  });

  it('wire errors can only carry codes of the closed set', () => {
    const finished = events['jobs.finished'];
    expect(
      finished.safeParse({
        jobId: 'job-abcd',
        state: 'failed',
        error: { code: 'NOPE', message: 'x', retryable: false },
      }).success,
    ).toBe(false);
    for (const code of ERROR_CODES)
      expect(
        finished.safeParse({
          jobId: 'job-abcd',
          state: 'failed',
          error: { code, message: 'x', retryable: false },
        }).success,
      ).toBe(true);
  });

  it('refuses server URLs with credentials or odd schemes at the boundary', () => {
    const input = methods['session.connect'].input;
    const base = { user: 'admin', password: 'x', verifyTls: true };
    expect(input.safeParse({ ...base, serverUrl: 'https://srvwapt.corp.lan' }).success).toBe(true);
    for (const serverUrl of ['ftp://srv', 'https://a:b@srv', 'javascript:alert(1)', '', 'srvwapt'])
      expect(input.safeParse({ ...base, serverUrl }).success).toBe(false);
  });
});
