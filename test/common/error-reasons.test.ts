import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_REASONS, isErrorReason } from '../../common/errors';
import { ERROR_CONTEXTS, HTTP_STATUS_REASON, isErrorContext } from '../../common/error-reasons';
import { NETWORK_CODES, TLS_CODES } from '../../electron/core/api/api-error';

/*
 * The inventory of common/error-reasons.ts is complete and honest: a scan of every source file
 * main runs (common/, wapt/, electron/) finds each reason written at a throw site, and checks that
 * the site sends the parameters the inventory promises (the catalogue messages use them, see
 * test/renderer/src/i18n/main-messages-catalogue.test.ts). A new reason, or a removed parameter, fails
 * here instead of reaching the French window as an English sentence.
 */
const ROOT = path.resolve(__dirname, '..', '..');

function sources(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts'))
        out.push({ file: path.relative(ROOT, p), text: readFileSync(p, 'utf8') });
    }
  };
  for (const dir of ['common', 'wapt', 'electron']) walk(path.join(ROOT, dir));
  return out;
}

/** The text of the bracketed group that starts at `open` (`{` or `(`), brackets balanced. */
function group(text: string, open: number): string {
  const pairs: Record<string, string> = { '{': '}', '(': ')' };
  const stack: string[] = [];
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === '{' || c === '(') stack.push(pairs[c]!);
    else if (c === '}' || c === ')') {
      stack.pop();
      if (stack.length === 0) return text.slice(open, i + 1);
    }
  }
  return text.slice(open);
}

/** The innermost `{` enclosing `index` (the details object of a `reason: 'X'`). */
function enclosingBrace(text: string, index: number): number {
  let depth = 0;
  for (let i = index; i >= 0; i--) {
    const c = text[i];
    if (c === '}') depth++;
    else if (c === '{') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return 0;
}

interface Site {
  reason: string;
  where: string;
  /** The object or call that carries the reason's parameters. */
  carrier: string;
  /** Parameters the helper adds itself (control-validate's `add(attribute, …)`). */
  implicit: string[];
}

// Helpers whose first argument is the reason (the parameters follow in the same call).
const HELPERS =
  /\b(controlError|sigError|certError|keyError|packageError|signatureError|ioError|baseDirError)\(\s*'([A-Z][A-Z0-9_]+)'/g;
const COMPILER_ERROR = /\bcompilerError\(\s*'[A-Z_]+',\s*'([A-Z][A-Z0-9_]+)'/g;
// common/domain/control-validate.ts: add(attribute, reason, message) puts the attribute in details.
const CONTROL_ISSUE = /\badd\(\s*[^,()]+,\s*'([A-Z][A-Z0-9_]+)'/g;
// `reason: <expression>`: every upper-case literal in it (`'X'`, `x ?? 'X'`, `a ? 'X' : 'Y'`).
const REASON_FIELD = /\breason:\s*([^,}\n]+)/g;
// `const reason = a ? 'X' : 'Y'` (zip-read.ts).
const REASON_CONST = /\bconst reason = ([^;\n]+)/g;
const LITERAL = /'([A-Z][A-Z0-9_]+)'/g;

function throwSites(): Site[] {
  const sites: Site[] = [];
  for (const { file, text } of sources()) {
    const line = (i: number) => `${file}:${text.slice(0, i).split('\n').length}`;
    for (const m of text.matchAll(HELPERS))
      sites.push({
        reason: m[2]!,
        where: line(m.index),
        carrier: group(text, m.index + m[1]!.length),
        implicit: [],
      });
    for (const m of text.matchAll(COMPILER_ERROR))
      sites.push({
        reason: m[1]!,
        where: line(m.index),
        carrier: group(text, m.index + 'compilerError'.length),
        implicit: [],
      });
    for (const m of text.matchAll(CONTROL_ISSUE))
      sites.push({ reason: m[1]!, where: line(m.index), carrier: '', implicit: ['attribute'] });
    for (const m of text.matchAll(REASON_FIELD)) {
      // A type annotation (`reason: 'cancel' | 'timeout'`) has no upper-case literal: skipped by LITERAL.
      const carrier = group(text, enclosingBrace(text, m.index));
      for (const l of m[1]!.matchAll(LITERAL))
        sites.push({ reason: l[1]!, where: line(m.index), carrier, implicit: [] });
    }
    for (const m of text.matchAll(REASON_CONST))
      for (const l of m[1]!.matchAll(LITERAL))
        sites.push({
          reason: l[1]!,
          where: line(m.index),
          carrier: group(text, text.indexOf('(', m.index + m[0].length)),
          implicit: [],
        });
  }
  return sites;
}

/** Whether `carrier` (an object literal or a call) sets `name`: `name: …`, or `{ name }` / `name,`. */
function sets(carrier: string, name: string): boolean {
  return new RegExp(`(^|[{,(\\s])${name}\\s*([:,}]|$)`).test(carrier);
}

describe('the inventory of error reasons (common/error-reasons.ts)', () => {
  const sites = throwSites();

  it('finds throw sites in main’s sources (the scan works)', () => {
    expect(sites.length).toBeGreaterThan(300);
    expect(sites.map((s) => s.reason)).toEqual(
      expect.arrayContaining(['ZIP_SLIP', 'WRONG_PASSWORD', 'HTTP_401']),
    );
  });

  it('lists every reason a throw site writes', () => {
    // Literals that appear in a `reason:` expression without being reasons (a compared errno).
    const notReasons = new Set(['EEXIST']);
    const unknown = sites
      .filter((s) => !notReasons.has(s.reason) && !isErrorReason(s.reason))
      .map((s) => `${s.reason} at ${s.where}`);
    expect(unknown).toEqual([]);
  });

  it('lists the transport codes that become reasons, and says every other HTTP status with {status}', () => {
    for (const code of [...TLS_CODES, ...NETWORK_CODES]) expect(ERROR_REASONS, code).toHaveProperty(code);
    expect(HTTP_STATUS_REASON.exec('HTTP_503')?.[1]).toBe('503');
    expect(ERROR_REASONS.HTTP_STATUS).toEqual(['status']);
  });

  it('every wrapping context is listed, and its sites send the parameters it promises', () => {
    const found: string[] = [];
    const problems: string[] = [];
    for (const { file, text } of sources()) {
      for (const m of text.matchAll(/\bcontext:\s*'([A-Z][A-Z0-9_]+)'/g)) {
        const context = m[1]!;
        found.push(context);
        const where = `${file}:${text.slice(0, m.index).split('\n').length}`;
        if (!isErrorContext(context)) {
          problems.push(`${context} at ${where}: not in ERROR_CONTEXTS`);
          continue;
        }
        const carrier = group(text, enclosingBrace(text, m.index));
        for (const name of ERROR_CONTEXTS[context] as readonly string[])
          if (!sets(carrier, name)) problems.push(`${context} at ${where}: no ${name}`);
      }
    }
    expect(problems).toEqual([]);
    expect([...new Set(found)].sort()).toEqual(Object.keys(ERROR_CONTEXTS).sort());
  });

  it('every throw site sends the parameters its reason promises', () => {
    // Filled by the renderer from `details.issues` rather than sent as such.
    const fromIssues: Record<string, string[]> = {
      SCHEMA: ['path', 'issue'],
      RULES_INVALID: ['issue'],
      CONFIG_INVALID: ['path', 'issue'],
    };
    const missing: string[] = [];
    for (const site of sites) {
      if (!isErrorReason(site.reason)) continue;
      // A signature-status problem row (`{ code, reason, message }`, electron/core/repo) is not an
      // error's details: the repository shows its message as main wrote it (not translated yet).
      if (sets(site.carrier, 'code') && sets(site.carrier, 'message')) continue;
      const promised = fromIssues[site.reason] ? [] : (ERROR_REASONS[site.reason] as readonly string[]);
      for (const name of promised)
        if (!site.implicit.includes(name) && !sets(site.carrier, name))
          missing.push(`${site.reason} at ${site.where}: no ${name}`);
    }
    expect(missing).toEqual([]);
  });
});
