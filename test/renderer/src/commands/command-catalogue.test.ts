import { describe, expect, it } from 'vitest';
import {
  COMMANDS,
  HOST_PACKAGE_ACTIONS,
  commandReason,
  nextStep,
  type CommandState,
  type CommandTab,
} from '../../../../renderer/src/commands/command-catalogue';
import { createRegistry } from '../../../../renderer/src/commands/command-registry';
import { en } from '../../../../renderer/src/i18n/en';
import { translate } from '../../../../renderer/src/i18n/i18n';

/** An Enterprise session with a key unlocked, on the Hosts tab, no tab facts unless given. */
function state(
  over: Partial<Omit<CommandState, 'session'>> & { session?: Partial<CommandState['session']> } = {},
): CommandState {
  return {
    activeTab: 'hosts',
    tabs: {},
    ...over,
    session: { wua: true, edition: 'enterprise', readOnly: false, ...over.session },
  };
}
const reason = (id: string, s: CommandState) => commandReason(id, s)?.key ?? null;

describe('command catalogue', () => {
  it('declares each command once, with a label in both languages', () => {
    const ids = COMMANDS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const s = state({
      tabs: {
        windowsUpdates: { selected: 2, loaded: true, cabPending: false, kb: '5034441' },
        repository: { selected: 3 },
      },
    });
    for (const c of COMMANDS) {
      expect(Object.keys(en)).toContain(c.labelKey);
      for (const language of ['en', 'fr'] as const) {
        const label = translate(language, c.labelKey, c.labelParams?.(s));
        // Every parameter the label needs is given (no "{count}" left, nothing thrown).
        expect(label, `${c.id} in ${language}`).not.toMatch(/[{}]/);
      }
    }
    // The label parameters come from the state: the selection count, the KB of the selected row.
    const byId = (id: string) => COMMANDS.find((c) => c.id === id)!;
    expect(translate('en', byId('repo.menu.delete').labelKey, byId('repo.menu.delete').labelParams!(s))).toBe(
      'Delete (3)',
    );
    expect(translate('en', byId('wu.menu.kb').labelKey, byId('wu.menu.kb').labelParams!(s))).toContain(
      'KB5034441',
    );
  });

  it('lists every tab’s commands, so a tab not on screen still offers its actions', () => {
    const tabs = new Set(COMMANDS.flatMap((c) => (c.tab ? [c.tab] : [])));
    expect([...tabs].sort()).toEqual(
      (['agent', 'audit', 'hosts', 'repository', 'windowsUpdates', 'wuaRules'] satisfies CommandTab[]).sort(),
    );
    // The parts of tabs and the key badge too (the audit found them missing from the palette).
    for (const id of [
      'hostDetails.install_packages',
      'hostDetails.audit_packages',
      'hostDetails.waptwua_uninstall',
      'hostDetails.explain',
      'rulesEditor.review',
      'rulesEditor.close',
      'agent.build',
      'agent.upload',
      'agent.import',
      'keys.unlock',
      'keys.lock',
    ])
      expect(COMMANDS.map((c) => c.id)).toContain(id);
    expect(COMMANDS.find((c) => c.id === 'hostDetails.remove_packages')?.shortcut).toBe('Del');
    expect(COMMANDS.find((c) => c.id === 'hosts.action.update')?.shortcut).toBe('Ctrl+U');
    expect(COMMANDS.find((c) => c.id === 'hosts.action.upgrade')?.shortcut).toBe('Ctrl+P');
  });

  it('host actions need a selection; Windows-update ones also need an Enterprise server', () => {
    // The Hosts tab not on screen (or nothing selected): no selection.
    expect(reason('hosts.action.update', state({ activeTab: 'agent' }))).toBe('palette.reason.noSelection');
    const selected = { hosts: { selected: 2, loaded: true } };
    expect(reason('hosts.action.update', state({ tabs: selected }))).toBeNull();
    expect(reason('hosts.action.waptwua_scan', state({ tabs: selected }))).toBeNull();
    const community = state({ tabs: selected, session: { wua: false, edition: 'community' } });
    expect(reason('hosts.action.waptwua_scan', community)).toBe('actions.wuaNotOffered');
    expect(reason('hosts.action.update', community)).toBeNull();
    // Capabilities not known yet: offered, as the Actions menu does (use-host-actions.tsx).
    expect(reason('hosts.action.waptwua_scan', state({ tabs: selected, session: { wua: null } }))).toBeNull();
  });

  it('agrees with the Actions menu’s former rule for every selection and edition', () => {
    // Before the catalogue the menu disabled an item when `targets.length === 0 || !isAvailable(a)`
    // (isAvailable: capabilities unknown, or `wua` for waptwua_* actions). Same answer everywhere.
    for (const action of ['waptwua_scan', 'waptwua_download', 'waptwua_install', 'update', 'upgrade'])
      for (const selected of [0, 1, 5])
        for (const wua of [true, false, null]) {
          const isAvailable = wua === null || !action.startsWith('waptwua_') || wua;
          const menuDisabled = selected === 0 || !isAvailable;
          const s = state({ tabs: { hosts: { selected, loaded: true } }, session: { wua } });
          expect(commandReason(`hosts.action.${action}`, s) !== null, `${action} ${selected} ${wua}`).toBe(
            menuDisabled,
          );
        }
  });

  it('Windows Updates commands: edition, key, selection, a cab download under way', () => {
    const away = state({ activeTab: 'hosts' });
    // From another tab: the download-task monitor and the cab download are offered.
    expect(reason('wu.tasks', away)).toBeNull();
    expect(reason('wu.downloadCab', away)).toBeNull();
    expect(reason('wu.menu.download', away)).toBe('palette.reason.noSelection');
    expect(reason('wu.explain', away)).toBe('palette.reason.selectOne');
    expect(reason('wu.tasks', state({ session: { wua: false, edition: 'community' } }))).toBe(
      'actions.wuaNotOffered',
    );
    expect(reason('wu.downloadCab', state({ session: { readOnly: true } }))).toBe('readOnly.hint');
    const wu = (facts: Partial<NonNullable<CommandState['tabs']['windowsUpdates']>>) =>
      state({
        activeTab: 'windowsUpdates',
        tabs: { windowsUpdates: { selected: 0, loaded: true, cabPending: false, kb: null, ...facts } },
      });
    expect(reason('wu.downloadCab', wu({ cabPending: true }))).toBe('wu.notice.cabStarted');
    expect(reason('wu.menu.delete', wu({ selected: 3 }))).toBeNull();
    expect(reason('wu.explain', wu({ selected: 3 }))).toBe('palette.reason.selectOne');
    expect(reason('wu.explain', wu({ selected: 1 }))).toBeNull();
    expect(reason('wu.menu.kb', wu({ selected: 1 }))).toBe('palette.reason.noSelection');
    expect(reason('wu.menu.kb', wu({ selected: 1, kb: '5034441' }))).toBeNull();
    expect(reason('wu.export', wu({ loaded: false }))).toBe('palette.reason.notLoaded');
  });

  it('rule packages: nothing while the editor is open; agent: save needs a valid configuration', () => {
    const editing = state({
      activeTab: 'wuaRules',
      tabs: { wuaRules: { selected: 1, loaded: true, editing: true } },
    });
    for (const id of ['wuaRules.new', 'wuaRules.groups', 'wuaRules.menu.edit', 'wuaRules.export'])
      expect(reason(id, editing)).toBe('palette.reason.editorOpen');
    const list = state({
      activeTab: 'wuaRules',
      tabs: { wuaRules: { selected: 1, loaded: true, editing: false } },
    });
    expect(reason('wuaRules.menu.promote', list)).toBeNull();

    expect(reason('agent.step.wua', state())).toBeNull();
    expect(reason('agent.save', state())).toBeNull();
    const invalid = state({ activeTab: 'agent', tabs: { agent: { loaded: true, issues: 3 } } });
    expect(commandReason('agent.save', invalid)).toEqual({ key: 'agent.invalid', params: { count: 3 } });
    expect(translate('fr', 'agent.invalid', { count: 3 })).not.toMatch(/[{}]/);
  });

  it('host details: its package actions need its packages view and a selection, the audit an Enterprise server', () => {
    // The details panel is not open (or the Hosts tab is not on screen): why, and how to open it.
    expect(reason('hostDetails.install_packages', state())).toBe('palette.reason.packagesClosed');
    expect(reason('hostDetails.waptwua_scan', state())).toBe('palette.reason.detailsClosed');
    expect(reason('hostDetails.close', state())).toBe('palette.reason.detailsClosed');
    const open = (pkgs: { selected: number; auditAvailable: boolean } | null, updatesSelected = 0) =>
      state({
        tabs: {
          hosts: { selected: 0, loaded: true },
          hostDetails: { updatesSelected },
          ...(pkgs ? { hostPackages: pkgs } : {}),
        },
      });
    // Details open on another sub-tab than Packages.
    expect(reason('hostDetails.remove_packages', open(null))).toBe('palette.reason.packagesClosed');
    expect(reason('hostDetails.close', open(null))).toBeNull();
    expect(reason('hostDetails.waptwua_install', open(null))).toBeNull();
    expect(
      reason('hostDetails.waptwua_install', {
        ...open(null),
        session: { ...open(null).session, wua: false },
      }),
    ).toBe('actions.wuaNotOffered');
    expect(reason('hostDetails.waptwua_uninstall', open(null))).toBe('palette.reason.noSelection');
    expect(reason('hostDetails.waptwua_uninstall', open(null, 2))).toBeNull();
    expect(reason('hostDetails.explain', open(null, 2))).toBe('palette.reason.selectOne');
    expect(reason('hostDetails.explain', open(null, 1))).toBeNull();
    // The package toolbar's former rule, `packages.length === 0 || !isAvailable(a)`, everywhere.
    for (const action of HOST_PACKAGE_ACTIONS)
      for (const selected of [0, 1, 3])
        for (const auditAvailable of [true, false]) {
          const isAvailable = action !== 'audit_packages' || auditAvailable;
          const r = reason(`hostDetails.${action}`, open({ selected, auditAvailable }));
          expect(r !== null, `${action} ${selected} ${auditAvailable}`).toBe(selected === 0 || !isAvailable);
          if (selected > 0 && !isAvailable) expect(r).toBe('actions.packages.auditEnterprise');
        }
  });

  it('rule editor: open, idle, a usable name to review and save, a selection to decide on', () => {
    expect(reason('rulesEditor.review', state({ activeTab: 'wuaRules' }))).toBe(
      'palette.reason.rulesEditorClosed',
    );
    const editor = (facts: Partial<NonNullable<CommandState['tabs']['rulesEditor']>>) =>
      state({
        activeTab: 'wuaRules',
        tabs: {
          wuaRules: { selected: 0, loaded: true, editing: true },
          rulesEditor: { nameValid: true, busy: false, selected: 0, ...facts },
        },
      });
    // The title bar's former rule: `canReview = nameValid && !busy`.
    for (const nameValid of [true, false])
      for (const busy of [true, false])
        expect(reason('rulesEditor.review', editor({ nameValid, busy })) === null).toBe(nameValid && !busy);
    expect(reason('rulesEditor.review', editor({ nameValid: false }))).toBe('palette.reason.rulesName');
    expect(reason('rulesEditor.load', editor({ busy: true }))).toBe('palette.reason.editorBusy');
    expect(reason('rulesEditor.allow', editor({}))).toBe('palette.reason.noSelection');
    expect(reason('rulesEditor.forbid', editor({ selected: 2 }))).toBeNull();
    expect(reason('rulesEditor.close', editor({ busy: true }))).toBeNull();
    // While it is open the list's commands are refused, so nothing bypasses its unsaved-changes guard.
    expect(reason('wuaRules.new', editor({}))).toBe('palette.reason.editorOpen');
  });

  it('agent build step: on screen, a key, no errors, not running; upload once built, to a server', () => {
    expect(reason('agent.build', state({ activeTab: 'agent' }))).toBe('palette.reason.buildStepClosed');
    expect(reason('agent.import', state())).toBeNull();
    const build = (facts: Partial<NonNullable<CommandState['tabs']['agentBuild']>>) =>
      state({
        activeTab: 'agent',
        tabs: {
          agent: { loaded: true, issues: 0 },
          agentBuild: {
            keyConfigured: true,
            errors: 0,
            running: false,
            built: false,
            uploading: false,
            connected: true,
            ...facts,
          },
        },
      });
    expect(reason('agent.build', build({}))).toBeNull();
    expect(reason('agent.build', build({ running: true }))).toBe('agent.building');
    expect(reason('agent.build', build({ keyConfigured: false }))).toBe('palette.reason.noSigningKey');
    expect(commandReason('agent.build', build({ errors: 2 }))).toEqual({
      key: 'agent.invalid',
      params: { count: 2 },
    });
    expect(reason('agent.cancelBuild', build({}))).toBe('palette.reason.noBuildRunning');
    expect(reason('agent.cancelBuild', build({ running: true }))).toBeNull();
    expect(reason('agent.upload', build({}))).toBe('palette.reason.notBuilt');
    expect(reason('agent.upload', build({ built: true }))).toBeNull();
    expect(reason('agent.upload', build({ built: true, uploading: true }))).toBe('palette.reason.uploading');
    expect(reason('agent.upload', build({ built: true, connected: false }))).toBe('agent.notConnected');
  });

  it('the private key: unlock while none is unlocked, lock while one is; from any tab, no switch', () => {
    const locked = state({ activeTab: 'audit', session: { readOnly: true } });
    const unlocked = state({ activeTab: 'audit', session: { readOnly: false } });
    expect(reason('keys.unlock', locked)).toBeNull();
    expect(reason('keys.lock', locked)).toBe('palette.reason.keyLocked');
    expect(reason('keys.unlock', unlocked)).toBe('palette.reason.keyUnlocked');
    expect(reason('keys.lock', unlocked)).toBeNull();
    expect(nextStep('keys.lock', unlocked, true)).toBe('run');
    expect(nextStep('keys.unlock', unlocked, true)).toBe('drop');
  });

  it('next step of a command run from the palette: switch, wait, run or drop', () => {
    expect(nextStep('wu.tasks', state({ activeTab: 'hosts' }), false)).toBe('switch');
    const onWu = state({ activeTab: 'windowsUpdates' });
    // The tab is on screen but has not published its handlers yet.
    expect(nextStep('wu.tasks', onWu, false)).toBe('wait');
    expect(nextStep('wu.tasks', onWu, true)).toBe('run');
    // Its list still loading: wait; once the tab says "no" for another reason: drop.
    const loading = state({
      activeTab: 'windowsUpdates',
      tabs: { windowsUpdates: { selected: 0, loaded: false, cabPending: false, kb: null } },
    });
    expect(nextStep('wu.export', loading, true)).toBe('wait');
    expect(nextStep('wu.explain', loading, true)).toBe('drop');
    expect(nextStep('no.such.command', onWu, true)).toBe('drop');
  });
});

describe('command registry: running a command of another tab', () => {
  const session = { wua: true, edition: 'enterprise' as const, readOnly: false };
  /** A registry whose shell records the tab switches it is asked for. */
  function shell() {
    const registry = createRegistry();
    const switches: CommandTab[] = [];
    const switchTab = (tab: CommandTab) => switches.push(tab);
    registry.setShell('hosts', switchTab, session);
    registry.publish('hosts', { facts: { selected: 0, loaded: true }, handlers: {} });
    return { registry, switches, switchTab };
  }
  const settle = () => new Promise<void>((resolve) => queueMicrotask(resolve));

  it('switches to the tab first, then runs the command once the tab has mounted', async () => {
    const { registry, switches, switchTab } = shell();
    const ran: string[] = [];
    registry.run('wu.tasks');
    expect(switches).toEqual(['windowsUpdates']);
    // React runs the new tab's effects before the shell's: the tab publishes, then the shell.
    registry.publish('hosts', null);
    registry.publish('windowsUpdates', {
      facts: { selected: 0, loaded: false, cabPending: false, kb: null },
      handlers: { 'wu.tasks': () => ran.push('wu.tasks') },
    });
    await settle();
    expect(ran).toEqual([]);
    registry.setShell('windowsUpdates', switchTab, session);
    await settle();
    expect(ran).toEqual(['wu.tasks']);
    // Run once: later renders of the tab do not run it again.
    registry.publish('windowsUpdates', {
      facts: { selected: 0, loaded: true, cabPending: false, kb: null },
      handlers: { 'wu.tasks': () => ran.push('wu.tasks') },
    });
    await settle();
    expect(ran).toEqual(['wu.tasks']);
  });

  it('waits for the tab’s list to load before a command that needs it', async () => {
    const { registry, switchTab } = shell();
    const ran: string[] = [];
    registry.run('audit.exportSummary');
    registry.setShell('audit', switchTab, session);
    const handlers = { 'audit.exportSummary': () => ran.push('export') };
    registry.publish('audit', { facts: { loaded: false }, handlers });
    await settle();
    expect(ran).toEqual([]);
    registry.publish('audit', { facts: { loaded: true }, handlers });
    await settle();
    expect(ran).toEqual(['export']);
  });

  it('never runs a disabled command, and abandons one when the user goes elsewhere', async () => {
    const { registry, switches, switchTab } = shell();
    const ran: string[] = [];
    // No host selected: refused, no tab switch either.
    registry.run('hosts.action.update');
    registry.publish('hosts', {
      facts: { selected: 0, loaded: true },
      handlers: { 'hosts.action.update': () => ran.push('update') },
    });
    await settle();
    expect(ran).toEqual([]);

    registry.run('audit.exportSummary');
    expect(switches).toEqual(['audit']);
    // The user pressed Ctrl+5 then Ctrl+6 before the audit summary loaded.
    registry.setShell('audit', switchTab, session);
    registry.publish('audit', {
      facts: { loaded: false },
      handlers: { 'audit.exportSummary': () => ran.push('x') },
    });
    registry.setShell('repository', switchTab, session);
    registry.publish('audit', null);
    registry.setShell('audit', switchTab, session);
    registry.publish('audit', {
      facts: { loaded: true },
      handlers: { 'audit.exportSummary': () => ran.push('x') },
    });
    await settle();
    expect(ran).toEqual([]);
  });

  it('runs a command of a part of a tab (host details) or of the key badge from its own scope', async () => {
    const { registry, switches } = shell();
    const ran: string[] = [];
    registry.publish('keys', { facts: {}, handlers: { 'keys.lock': () => ran.push('lock') } });
    registry.publish('hostDetails', {
      facts: { updatesSelected: 1 },
      handlers: { 'hostDetails.explain': () => ran.push('explain') },
    });
    registry.run('keys.lock');
    registry.run('hostDetails.explain');
    await settle();
    expect(ran).toEqual(['lock', 'explain']);
    expect(switches).toEqual([]);
    // The panel closed: its commands are refused, not run later.
    registry.publish('hostDetails', null);
    registry.run('hostDetails.explain');
    await settle();
    expect(ran).toEqual(['lock', 'explain']);
    expect(registry.state().tabs.hostDetails).toBeUndefined();
  });

  it('publishes the facts of the tabs on screen only, and notifies only on a change', () => {
    const { registry } = shell();
    let notified = 0;
    registry.subscribe(() => (notified += 1));
    registry.publish('hosts', { facts: { selected: 0, loaded: true }, handlers: { a: () => {} } });
    expect(notified).toBe(0);
    registry.publish('hosts', { facts: { selected: 4, loaded: true }, handlers: {} });
    expect(notified).toBe(1);
    expect(registry.state().tabs.hosts).toEqual({ selected: 4, loaded: true });
    registry.publish('hosts', null);
    expect(registry.state().tabs.hosts).toBeUndefined();
  });
});
