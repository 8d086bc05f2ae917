#!/usr/bin/env node
// A stand-in for ISCC.exe in tests. Behaviour comes from FAKE_ISCC_MODE or a "; fake-iscc: MODE"
// line in the script: ok (default), exit1, exit2 (error on the line holding "fake-iscc-error",
// else line 3), sleep (never finishes on its own), crash (killed by a signal).
// On success it writes <output_dir>/<edition>.exe as the rendered defines say.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  const outDir = path.resolve(path.dirname(script), (define('output_dir') ?? '.').replace(/\\/g, '/'));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    path.join(outDir, `${define('edition') ?? 'setup'}.exe`),
    `MZ fake installer for ${define('default_repo_url') ?? ''}\n`,
  );
  console.log('Successful compile (0.010 sec).');
}
