import { describe, expect, it } from 'vitest';
import { SPLITTER_MAX, SPLITTER_MIN, Settings, DEFAULT_SETTINGS } from '../../../common/ipc/contract';
import { clampSplit, splitAfterKey } from '../../../renderer/src/components/splitter';
import { DraftStore } from '../../../renderer/src/forms/draft-store';
import { labelColumnWidth } from '../../../renderer/src/grids/label-width';

describe('DraftStore (what a form typed, kept while the console runs)', () => {
  it('keeps values by key, notifies subscribers, and forgets a key with its sub-keys', () => {
    const store = new DraftStore();
    let calls = 0;
    const off = store.subscribe(() => calls++);
    store.seed('agent.config', { serverUrl: '' });
    expect(calls).toBe(0); // seeding happens while React renders: no notification
    store.set('agent.config', { serverUrl: 'https://wapt.example' });
    store.set('agent.build.password', 'secret');
    store.set('wuaRules.editor.draft', { package: 'x' });
    expect(calls).toBe(2 + 1);
    expect(store.get('agent.config')).toEqual({ serverUrl: 'https://wapt.example' });
    store.delete('agent');
    expect(store.has('agent.config')).toBe(false);
    expect(store.has('agent.build.password')).toBe(false);
    expect(store.has('wuaRules.editor.draft')).toBe(true);
    off();
    store.set('x', 1);
    expect(calls).toBe(4);
  });

  it('tracks unsaved forms; clear() (Disconnect) forgets drafts and flags', () => {
    const store = new DraftStore();
    store.setUnsaved('agent', 'unsaved.form.agent');
    store.setUnsaved('wuaRules.editor', 'unsaved.form.rules');
    expect(store.unsavedForms()).toEqual(['unsaved.form.agent', 'unsaved.form.rules']);
    store.setUnsaved('agent', null);
    expect(store.unsavedForms()).toEqual(['unsaved.form.rules']);
    store.delete('wuaRules.editor');
    expect(store.unsavedForms()).toEqual([]);
    store.set('agent.build.password', 'secret');
    store.setUnsaved('agent', 'unsaved.form.agent');
    store.clear();
    expect(store.has('agent.build.password')).toBe(false);
    expect(store.unsavedForms()).toEqual([]);
  });
});

describe('splitter keyboard and settings', () => {
  it('moves by 5 with arrows, 20 with Page keys, to the bounds with Home/End, never outside', () => {
    expect(splitAfterKey(40, 'ArrowUp')).toBe(35);
    expect(splitAfterKey(40, 'ArrowDown')).toBe(45);
    expect(splitAfterKey(40, 'PageUp')).toBe(20);
    expect(splitAfterKey(40, 'PageDown')).toBe(60);
    expect(splitAfterKey(40, 'Home')).toBe(SPLITTER_MIN);
    expect(splitAfterKey(40, 'End')).toBe(SPLITTER_MAX);
    expect(splitAfterKey(SPLITTER_MIN, 'ArrowUp')).toBe(SPLITTER_MIN);
    expect(splitAfterKey(SPLITTER_MAX, 'PageDown')).toBe(SPLITTER_MAX);
    expect(splitAfterKey(40, 'a')).toBeNull();
    expect(clampSplit(3)).toBe(SPLITTER_MIN);
  });

  it('settings accept a remembered position inside the bounds only', () => {
    const ok = { ...DEFAULT_SETTINGS, splitters: { 'hosts.details': 20 } };
    expect(Settings.safeParse(ok).success).toBe(true);
    expect(Settings.safeParse({ ...ok, splitters: { 'hosts.details': 99 } }).success).toBe(false);
    expect(Settings.safeParse({ ...ok, splitters: { 'Bad Id': 40 } }).success).toBe(false);
  });
});

describe('labelColumnWidth', () => {
  it('grows with the longest label and keeps a minimum', () => {
    const short = labelColumnWidth(['OK']);
    const long = labelColumnWidth(['OK', 'PENDING_UPDATES']);
    expect(short).toBe(80);
    expect(long).toBeGreaterThan(short);
    expect(labelColumnWidth(['Skipped (not connected)'])).toBeGreaterThan(long);
  });
});
