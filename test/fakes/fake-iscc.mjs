#!/usr/bin/env node
// A stand-in for ISCC.exe in tests. Behaviour comes from FAKE_ISCC_MODE or a "; fake-iscc: MODE"
// line in the script: ok (default), exit1, exit2 (error on the line holding "fake-iscc-error",
// else line 3), sleep (never finishes on its own), crash (killed by a signal).
// On success it writes <output_dir>/<edition>.exe as the rendered defines say (FAKE_ISCC_PE: a copy of that PE).
// A script with "#expr SaveToFile(" is a preprocessing request (the console's private-key check
// lists what the installer would pack): a small subset of ISPP runs (#define of strings and
// concatenations, #include, #if/#ifdef/#ifndef/#else/#endif on simple tests, {#name}), the result
// is saved, and the run ends at the script's #error with exit 2, like ISCC.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setInterval } from 'node:timers';

const script = process.argv[process.argv.length - 1];
const text = readFileSync(script, 'utf8');
const mode = process.env.FAKE_ISCC_MODE ?? /; fake-iscc: (\w+)/.exec(text)?.[1] ?? 'ok';
const define = (name) =>
  new RegExp(`^\\s*#define ${name} "((?:[^"]|"")*)"`, 'm').exec(text)?.[1]?.replace(/""/g, '"');
const win = `Z:${path.resolve(script).replace(/\//g, '\\')}`;

console.log('Inno Setup 6 Command-Line Compiler (fake)');
console.log(`Compiler engine version: Inno Setup 6.4.1 (u)`);
console.log('');
console.log(`Parsing [Setup] section, line 1 of ${win}`);
if (/^#expr SaveToFile\(/m.test(text)) {
  const scriptDir = path.dirname(path.resolve(script));
  const defines = new Map([['SourcePath', `Z:${scriptDir.replace(/\//g, '\\')}\\`]]);
  const toHost = (p) =>
    /^Z:/i.test(p) ? p.slice(2).replace(/\\/g, '/') : path.resolve(scriptDir, p.replace(/\\/g, '/'));
  // Expressions: "literals", names, AddBackslash(x), other calls (macros) = their first argument, joined by +.
  const evaluate = (expr) => {
    let out = '';
    for (const part of expr.match(/"(?:[^"]|"")*"|[A-Za-z_][\w]*\((?:[^()]|\([^()]*\))*\)|[A-Za-z_]\w*/g) ??
      []) {
      if (part.startsWith('"')) out += part.slice(1, -1).replace(/""/g, '"');
      else if (part.startsWith('AddBackslash(')) {
        const v = evaluate(part.slice(13, -1));
        out += v.endsWith('\\') ? v : `${v}\\`;
      } else if (part.includes('(')) out += evaluate(part.slice(part.indexOf('(') + 1, -1).split(',')[0]);
      else out += defines.get(part) ?? '';
    }
    return out;
  };
  const test = (cond) => {
    const m = /^(.+?)\s*(==|!=)\s*(.+)$/.exec(cond);
    if (!m) return evaluate(cond) !== '';
    return (evaluate(m[1]) === evaluate(m[3])) === (m[2] === '==');
  };
  const out = [];
  const stack = [];
  const active = () => stack.every((f) => f.on);
  const run = (file) => {
    for (const raw of readFileSync(file, 'latin1').split(/\r?\n/)) {
      const d = /^\s*#\s*(\w+)\s*(.*)$/.exec(raw);
      if (!d) {
        if (active()) out.push(raw.replace(/\{#(\w+)\}/g, (_, n) => defines.get(n) ?? ''));
        continue;
      }
      const [, directive, rest] = d;
      if (directive === 'ifdef' || directive === 'ifndef')
        stack.push({ on: defines.has(rest.trim()) === (directive === 'ifdef'), done: false });
      else if (directive === 'if') stack.push({ on: test(rest.trim()), done: false });
      else if (directive === 'else') stack[stack.length - 1].on = !stack[stack.length - 1].on;
      else if (directive === 'endif') stack.pop();
      else if (!active()) continue;
      else if (directive === 'define') {
        const m = /^(\w+)(\s+(.*))?$/.exec(rest.trim());
        if (m) defines.set(m[1], m[3] === undefined ? '' : evaluate(m[3]));
      } else if (directive === 'undef') defines.delete(rest.trim());
      else if (directive === 'include') {
        const target = toHost(evaluate(rest.trim()));
        run(existsSync(target) ? target : path.join(path.dirname(file), path.basename(target)));
      } else if (directive === 'expr' && rest.startsWith('SaveToFile(')) {
        writeFileSync(toHost(evaluate(rest.slice(11, -1))), out.join('\r\n'), 'latin1');
      } else if (directive === 'error') {
        console.error(`Error on line 3 in ${win}: ${rest.trim()}.`);
        console.error('Compile aborted.');
        process.exit(2);
      }
    }
  };
  run(path.resolve(script));
  process.exit(0);
}
if (mode === 'exit1') {
  console.error('Error: Unknown option: /Zfake');
  process.exit(1);
}
if (mode === 'exit2') {
  const idx = text.split(/\r?\n/).findIndex((l) => l.includes('fake-iscc-error'));
  console.error(`Error on line ${idx >= 0 ? idx + 1 : 3} in ${win}: Unknown constant "nope".`);
  console.error('Compile aborted.');
  process.exit(2);
}
if (mode === 'sleep') {
  setInterval(() => console.log('Compressing: still working'), 200);
} else if (mode === 'crash') {
  process.kill(process.pid, 'SIGKILL');
} else {
  const outputDir = define('output_dir') ?? '.';
  // An absolute Z:\… path (as WAPT writes it) is the Linux path under wine's Z: drive.
  const outDir = /^Z:/i.test(outputDir)
    ? outputDir.slice(2).replace(/\\/g, '/')
    : path.resolve(path.dirname(script), outputDir.replace(/\\/g, '/'));
  mkdirSync(outDir, { recursive: true });
  // FAKE_ISCC_PE names a real (small) Windows program to output instead, for Authenticode tests.
  writeFileSync(
    path.join(outDir, `${define('edition') ?? 'setup'}.exe`),
    process.env.FAKE_ISCC_PE
      ? readFileSync(process.env.FAKE_ISCC_PE)
      : `MZ fake installer for ${define('default_repo_url') ?? ''}\n`,
  );
  console.log('Successful compile (0.010 sec).');
}
