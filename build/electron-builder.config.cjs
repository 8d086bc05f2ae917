// electron-builder configuration (validated by test/build/electron-builder-config.test.ts).
/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'org.wapt-console.console',
  productName: 'WAPT Console',
  executableName: 'wapt-console',
  copyright: 'WAPT Console contributors, GPL-3.0-or-later',
  directories: { output: 'out', buildResources: 'build' },
  asar: true,
  // Explicit allowlist: only the bundles and the renderer build; no sources, tests or maps.
  files: [
    'dist/electron/**',
    'dist/preload/**',
    'dist/renderer/**',
    'package.json',
    '!**/*.map',
    '!dist/browser-bridge/**',
    '!dist/cli/**',
  ],
  extraMetadata: { main: 'dist/electron/main.cjs' },
  // better-sqlite3 (the embedded demo server's database) is a native module: unpack it from the asar.
  asarUnpack: ['**/node_modules/better-sqlite3/**'],
  // The agent wizard's InnoSetup template: ISCC reads it from disk, so it ships outside the asar.
  extraResources: [{ from: 'build/innosetup', to: 'innosetup' }],
  afterPack: './build/after-pack-fuses.cjs',
  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    artifactName: '${productName}-${version}-setup.${ext}',
  },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  linux: { target: ['AppImage', 'deb'], category: 'System' },
  mac: { target: ['dmg'], category: 'public.app-category.developer-tools', hardenedRuntime: true },
};
