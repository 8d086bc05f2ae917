import { describe, expect, it } from 'vitest';
import {
  filterCommands,
  foldForSearch,
  matchesShortcut,
} from '../../../../renderer/src/commands/command-match';
import { menuCommands } from '../../../../renderer/src/commands/command-registry';

const commands = [
  { id: 'tab.hosts', label: 'Go to Hosts', group: 'General' },
  { id: 'refresh', label: 'Refresh', group: 'General' },
  { id: 'update', label: 'Check for updates', group: 'Hosts' },
  { id: 'upgrade', label: 'Apply upgrades', group: 'Hosts' },
  { id: 'fr', label: 'Mise à jour des paquets', group: 'Machines' },
  { id: 'export', label: 'Export CSV', group: 'Windows Updates' },
];
const ids = (query: string) => filterCommands(commands, query).map((c) => c.id);

describe('command palette filter', () => {
  it('keeps every command, in registry order, for an empty or blank query', () => {
    expect(ids('')).toEqual(commands.map((c) => c.id));
    expect(ids('   ')).toEqual(commands.map((c) => c.id));
  });

  it('matches substrings case-insensitively and drops what does not match', () => {
    expect(ids('REFR')).toEqual(['refresh']);
    expect(ids('zzz')).toEqual([]);
  });

  it('ranks label word starts, then group word starts, then subsequences', () => {
    // "up": starts a word of two labels, of one group ("Windows Updates"), and is only a
    // subsequence of "Mise à jour des paquets".
    expect(ids('up')).toEqual(['update', 'upgrade', 'export', 'fr']);
    // "date" inside a word of a label ranks before a group hit, and a subsequence comes last.
    expect(ids('date')).toEqual(['update', 'export', 'fr']);
  });

  it('requires every word, each anywhere in the label or the group', () => {
    expect(ids('export windows')).toEqual(['export']);
    expect(ids('export hosts')).toEqual([]);
  });

  it('falls back to a subsequence match, ranked after substring matches', () => {
    expect(ids('apupg')).toEqual(['upgrade']);
    expect(ids('rfsh')).toEqual(['refresh']);
  });

  it('ignores accents, so French labels are found without typing them', () => {
    expect(foldForSearch('Mise à jour')).toBe('mise a jour');
    expect(ids('mise a jour')).toEqual(['fr']);
  });
});

describe('shortcut matching', () => {
  const key = (
    k: string,
    mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {},
  ) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  });
  it('matches the palette keys exactly, modifiers included', () => {
    expect(matchesShortcut(key('k', { ctrlKey: true }), 'Ctrl+K')).toBe(true);
    expect(matchesShortcut(key('k', { metaKey: true }), 'Ctrl+K')).toBe(true);
    expect(matchesShortcut(key('K', { ctrlKey: true, shiftKey: true }), 'Ctrl+K')).toBe(false);
    expect(matchesShortcut(key('P', { ctrlKey: true, shiftKey: true }), 'Ctrl+Shift+P')).toBe(true);
    expect(matchesShortcut(key('p', { ctrlKey: true }), 'Ctrl+Shift+P')).toBe(false);
    expect(matchesShortcut(key('k'), 'Ctrl+K')).toBe(false);
    expect(matchesShortcut(key('F5'), 'F5')).toBe(true);
  });
});

describe('menu items as palette commands', () => {
  it('keeps the menu’s label, key and enable rule, and gives disabled items their reason', () => {
    const ran: string[] = [];
    const commands = menuCommands(
      [
        {
          key: 'update',
          label: 'Check updates (Ctrl+U)',
          disabled: true,
          onSelect: () => ran.push('update'),
        },
        { id: 'delete', label: 'Delete cached files', shortcut: 'Del', onSelect: () => ran.push('delete') },
      ],
      {
        idPrefix: 'hosts.action',
        group: 'Hosts',
        shortcuts: { update: 'Ctrl+U' },
        reason: (key) => `no selection for ${key}`,
      },
    );
    expect(commands.map(({ run: _run, ...c }) => c)).toEqual([
      {
        id: 'hosts.action.update',
        label: 'Check updates',
        group: 'Hosts',
        shortcut: 'Ctrl+U',
        disabledReason: 'no selection for update',
      },
      {
        id: 'hosts.action.delete',
        label: 'Delete cached files',
        group: 'Hosts',
        shortcut: 'Del',
        disabledReason: null,
      },
    ]);
    commands[1]!.run();
    expect(ran).toEqual(['delete']);
  });
});
