import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodedirFor } from '../../scripts/install.mjs';

// scripts/install.mjs (the README's install command, also .ci/run's): where npm has no `nodedir`,
// native modules are built against the headers installed beside the running Node, so `npm ci`
// needs neither ~/.npmrc nor nodejs.org.
const node = '/usr/bin/node';
const headers = path.join('/usr', 'include', 'node', 'node.h');

describe('nodedirFor', () => {
  it('points npm at the headers beside Node when npm has no nodedir', () => {
    for (const configured of ['undefined', '', undefined])
      expect(nodedirFor({ configured, execPath: node, exists: (f) => f === headers })).toBe('/usr');
  });

  it('leaves a nodedir the user configured alone', () => {
    expect(nodedirFor({ configured: '/opt/node', execPath: node, exists: () => true })).toBeUndefined();
  });

  it('sets nothing where the headers are not installed (node-gyp then downloads them as usual)', () => {
    expect(nodedirFor({ configured: 'undefined', execPath: node, exists: () => false })).toBeUndefined();
  });
});
