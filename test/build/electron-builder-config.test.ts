import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

describe('electron-builder configuration', () => {
  const config = require('../../build/electron-builder.config.cjs') as Record<string, unknown>;

  it('passes electron-builder’s own schema validation', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration: (c: unknown, log: unknown) => Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(
      validateConfiguration({ ...config, asar: 'yes please' }, new DebugLogger(false)),
    ).rejects.toThrow();
  });

  it('packs only the bundles and the renderer (no sources, tests, maps or browser-mode bridge), in an asar', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(
      expect.arrayContaining([
        'dist/electron/**',
        'dist/preload/**',
        'dist/renderer/**',
        '!**/*.map',
        '!dist/browser-bridge/**',
      ]),
    );
    expect((config.files as string[]).some((f) => /^(electron|renderer|common|test|server)\//.test(f))).toBe(
      false,
    );
    // The agent build's InnoSetup template ships as a resource (ISCC reads it from disk).
    expect(config.extraResources).toEqual([{ from: 'build/innosetup', to: 'innosetup' }]);
  });

  it('flips the hardening fuses after packing', () => {
    expect(config.afterPack).toBe('./build/after-pack-fuses.cjs');
    const { FUSES } = require('../../build/fuses.cjs') as { FUSES: Record<string, unknown> };
    const { FuseV1Options } = require('@electron/fuses') as { FuseV1Options: Record<string, number> };
    expect(FUSES[FuseV1Options.RunAsNode!]).toBe(false);
    expect(FUSES[FuseV1Options.EnableNodeOptionsEnvironmentVariable!]).toBe(false);
    expect(FUSES[FuseV1Options.EnableNodeCliInspectArguments!]).toBe(false);
    expect(FUSES[FuseV1Options.OnlyLoadAppFromAsar!]).toBe(true);
    expect(FUSES[FuseV1Options.EnableEmbeddedAsarIntegrityValidation!]).toBe(true);
    expect(FUSES[FuseV1Options.EnableCookieEncryption!]).toBe(true);
    expect(FUSES[FuseV1Options.GrantFileProtocolExtraPrivileges!]).toBe(false);
    expect(typeof require('../../build/after-pack-fuses.cjs')).toBe('function');
  });
});
