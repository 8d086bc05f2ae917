import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../electron/core/ports';
import { JsonSettingsStore } from '../../../../electron/core/settings/json-settings-store';
import { useTempDirs } from '../../../support/temp-dir';

describe('JsonSettingsStore', () => {
  const tmp = useTempDirs();

  it('returns defaults, persists updates across instances, and leaves no temporary files', async () => {
    const dir = tmp();
    const a = JsonSettingsStore.inDirectory(dir, silentLogger);
    expect(await a.getSettings()).toEqual({
      language: 'system',
      theme: 'system',
      hostsPageSize: 500,
      hostsDisplayLimit: 2000,
      keyIdleMinutes: 15,
      hostActionTimeoutMinutes: 10,
      packagePrefix: null,
      isccPath: null,
      waptBaseDir: null,
      splitters: {},
    });
    await a.updateSettings({ language: 'fr' });
    await a.updateSettings({ theme: 'dark' });
    const b = JsonSettingsStore.inDirectory(dir, silentLogger);
    expect(await b.getSettings()).toMatchObject({ language: 'fr', theme: 'dark' });
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('stores, replaces and clears grid layouts per grid', async () => {
    const dir = tmp();
    const s = JsonSettingsStore.inDirectory(dir, silentLogger);
    const layout = {
      schemaVersion: 1 as const,
      columnOrder: ['computer_fqdn', 'os_name'],
      hiddenColumns: ['description'],
      sort: [{ colId: 'computer_fqdn', sort: 'asc' as const }],
    };
    await s.setGridState('hosts', layout);
    expect(await JsonSettingsStore.inDirectory(dir, silentLogger).getGridState('hosts')).toEqual(layout);
    expect(await s.getGridState('updates')).toBeNull();
    await s.setGridState('hosts', null);
    expect(await JsonSettingsStore.inDirectory(dir, silentLogger).getGridState('hosts')).toBeNull();
  });

  it('sets a corrupt file aside instead of losing it, and starts from defaults', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'settings.json'), '{"schemaVersion": 1, "settings": {"language": "fr"');
    const s = JsonSettingsStore.inDirectory(dir, silentLogger);
    expect(await s.getSettings()).toMatchObject({ language: 'system' });
    const aside = readdirSync(dir).find((f) => f.startsWith('settings.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(readFileSync(path.join(dir, aside!), 'utf8')).toContain('"language": "fr"');
  });

  it('keeps the last of many concurrent writes', async () => {
    const dir = tmp();
    const s = JsonSettingsStore.inDirectory(dir, silentLogger);
    await Promise.all([100, 200, 300, 400].map((n) => s.updateSettings({ hostsPageSize: n })));
    expect((await JsonSettingsStore.inDirectory(dir, silentLogger).getSettings()).hostsPageSize).toBe(400);
  });
});
