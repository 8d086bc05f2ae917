import type { MessageKey } from '../i18n/en';
import type { MessageParams } from '../i18n/message-format';

/**
 * The static catalogue of every tab's commands: what the command palette lists wherever the user
 * is. Tabs unmount when another tab is shown, so a command cannot be defined by the component that
 * runs it; here each command declares its id, its tab, its label key, its shortcut and its enable
 * rule, and the rule is evaluated on application state (session, edition, key, the facts a tab or
 * a part of it publishes while it is on screen: selection, loaded, editor open, host details open,
 * build step shown). The tab or part, when mounted, gives only the code that runs the command
 * (`useTabCommands`, command-registry.tsx); a command of another tab switches to that tab first and
 * runs once the tab has mounted and allows it.
 *
 * The menus and toolbars use the same rules through the same hook, so the palette and the menus
 * cannot disagree (issue 15 point 6, docs/console-shortcuts.md).
 *
 * Pure: no React, no DOM, unit-tested in Node (test/renderer/src/commands/command-catalogue.test.ts).
 */

export type CommandTab = 'hosts' | 'windowsUpdates' | 'wuaRules' | 'agent' | 'audit' | 'repository';

/**
 * Who publishes facts and command code: each tab, and the parts of a tab that come and go inside it
 * (the host details panel and its packages view, the rule editor, the agent wizard's build step),
 * each with its own facts, so a part that is not on screen publishes nothing (its commands say why).
 * `keys` is the shell's key badge, always on screen.
 */
export type CommandScope =
  CommandTab | 'hostDetails' | 'hostPackages' | 'rulesEditor' | 'agentBuild' | 'keys';

/** What each scope publishes while it is on screen. A scope not on screen publishes nothing. */
export interface TabFacts {
  hosts: { selected: number; loaded: boolean };
  windowsUpdates: { selected: number; loaded: boolean; cabPending: boolean; kb: string | null };
  wuaRules: { selected: number; loaded: boolean; editing: boolean };
  agent: { loaded: boolean; issues: number };
  audit: { loaded: boolean };
  repository: { selected: number };
  /** The host details panel: the updates selected in its Windows updates sub-tab (0 when another sub-tab is shown). */
  hostDetails: { updatesSelected: number };
  /** The host details' packages view: the packages selected, whether this server and its agents audit packages. */
  hostPackages: { selected: number; auditAvailable: boolean };
  /** The rule editor: a usable package name, a load or product action under way, the candidates selected. */
  rulesEditor: { nameValid: boolean; busy: boolean; selected: number };
  /**
   * The agent wizard's build step: a signing key chosen, a build running (or being started), a
   * built agent waiting to be uploaded, an upload under way or being confirmed, a server to upload to.
   */
  agentBuild: {
    keyConfigured: boolean;
    /** The configuration's errors (at least 1 while it cannot be built). */
    errors: number;
    running: boolean;
    built: boolean;
    uploading: boolean;
    connected: boolean;
  };
  keys: Record<string, never>;
}

export interface CommandState {
  session: {
    /** The server offers Windows updates (Enterprise); null while unknown (then assumed). */
    wua: boolean | null;
    edition: 'community' | 'enterprise' | null;
    /** No private key unlocked: nothing can be signed, downloads and deletions on the server are refused. */
    readOnly: boolean;
  };
  activeTab: CommandTab;
  tabs: { [K in CommandScope]?: TabFacts[K] };
}

/** A translatable sentence: a catalogue key and its parameters. */
export interface Message {
  key: MessageKey;
  params?: MessageParams;
}

export interface CommandDefinition {
  /** Stable id, e.g. `hosts.action.update`; the palette option's `data-command`. */
  id: string;
  /** The tab it runs on (the palette switches there first); none for what is always on screen (the key badge). */
  tab?: CommandTab;
  /** The palette's group when not the tab's name (a part of the tab: "Hosts › host details"). */
  groupKey?: MessageKey;
  labelKey: MessageKey;
  /** Parameters of the label (a count, a KB number) from the state. */
  labelParams?: (state: CommandState) => MessageParams;
  /** As shown, e.g. `Ctrl+U`; the tab that owns the key handles it. */
  shortcut?: string;
  /** Null: the command can run. Otherwise why not (the palette greys it with this sentence). */
  enable: (state: CommandState) => Message | null;
}

/**
 * Reasons that mean "not yet" rather than "no": a command run from another tab waits for them to
 * clear (the tab's list to load) instead of being dropped.
 */
export const WAITING_REASONS: readonly MessageKey[] = ['palette.reason.notLoaded'];

const NO_SELECTION: Message = { key: 'palette.reason.noSelection' };
const SELECT_ONE: Message = { key: 'palette.reason.selectOne' };
const NOT_LOADED: Message = { key: 'palette.reason.notLoaded' };
const WUA_NOT_OFFERED: Message = { key: 'actions.wuaNotOffered' };
const READ_ONLY: Message = { key: 'readOnly.hint' };

/** The tab's rules in order; the first reason wins. */
const all =
  (...rules: ((s: CommandState) => Message | null)[]) =>
  (s: CommandState): Message | null => {
    for (const rule of rules) {
      const reason = rule(s);
      if (reason) return reason;
    }
    return null;
  };
const always = () => null;

/** Windows Updates, WUA rule packages and Audit exist only on a server offering Windows updates (docs/server-capabilities.md). */
const needsWua = (s: CommandState) => (s.session.wua === false ? WUA_NOT_OFFERED : null);
const needsKey = (s: CommandState) => (s.session.readOnly ? READ_ONLY : null);
const selectedIn = (s: CommandState, tab: 'hosts' | 'windowsUpdates' | 'wuaRules' | 'repository') =>
  s.tabs[tab]?.selected ?? 0;
/** At least one / exactly one selected row, counted by `count` (a part not on screen has none). */
const someSelected = (count: (s: CommandState) => number | undefined) => (s: CommandState) =>
  (count(s) ?? 0) === 0 ? NO_SELECTION : null;
const oneSelected = (count: (s: CommandState) => number | undefined) => (s: CommandState) =>
  (count(s) ?? 0) !== 1 ? SELECT_ONE : null;
/** A selection lives in a tab's grid: a tab not on screen has none. */
const atLeastOne = (tab: 'hosts' | 'windowsUpdates' | 'wuaRules' | 'repository') =>
  someSelected((s) => selectedIn(s, tab));
const exactlyOne = (tab: 'hosts' | 'windowsUpdates' | 'wuaRules' | 'repository') =>
  oneSelected((s) => selectedIn(s, tab));
/**
 * A list still loading; a tab not on screen will load it when shown, so the command is offered
 * and waits (WAITING_REASONS).
 */
const loaded = (tab: 'hosts' | 'windowsUpdates' | 'wuaRules' | 'audit' | 'agent') => (s: CommandState) => {
  const facts = s.tabs[tab];
  return facts && !facts.loaded ? NOT_LOADED : null;
};
/** While the rule editor is open, the rules tab offers nothing that could bypass its unsaved-changes guard. */
const editorClosed = (s: CommandState) =>
  s.tabs.wuaRules?.editing ? ({ key: 'palette.reason.editorOpen' } as Message) : null;

/**
 * A part of a tab is on screen: its facts are published. Otherwise `closed`, the sentence saying
 * how to bring it (the palette greys its commands with it).
 */
const shown =
  (scope: 'hostDetails' | 'hostPackages' | 'rulesEditor' | 'agentBuild', closed: MessageKey) =>
  (s: CommandState) => (s.tabs[scope] ? null : ({ key: closed } as Message));
const detailsShown = shown('hostDetails', 'palette.reason.detailsClosed');
const packagesShown = shown('hostPackages', 'palette.reason.packagesClosed');
const rulesEditorShown = shown('rulesEditor', 'palette.reason.rulesEditorClosed');
const buildStepShown = shown('agentBuild', 'palette.reason.buildStepClosed');
const editorIdle = (s: CommandState) =>
  s.tabs.rulesEditor?.busy ? ({ key: 'palette.reason.editorBusy' } as Message) : null;
const buildRunning = (s: CommandState) =>
  s.tabs.agentBuild?.running ? ({ key: 'agent.building' } as Message) : null;

/**
 * The host details' package actions, in WAPT's order (docs/wapt-console-features.md, "Package
 * statuses"; the buttons and menu of host-package-actions.tsx follow it): the selected
 * packages of the host on screen; the audit only where the server and its agents are Enterprise.
 */
export const HOST_PACKAGE_ACTIONS = [
  'install_packages',
  'force_install_packages',
  'remove_packages',
  'forget_packages',
  'audit_packages',
] as const;

/** The host actions of the Actions menu (Windows-update ones need an Enterprise server). */
const HOST_ACTIONS = [
  ['waptwua_scan', undefined],
  ['waptwua_download', undefined],
  ['waptwua_install', undefined],
  ['update', 'Ctrl+U'],
  ['upgrade', 'Ctrl+P'],
] as const;

export const COMMANDS: readonly CommandDefinition[] = [
  // Hosts: the Actions menu, then the toolbar.
  ...HOST_ACTIONS.map(([action, shortcut]): CommandDefinition => ({
    id: `hosts.action.${action}`,
    tab: 'hosts',
    labelKey: `actions.item.${action}`,
    ...(shortcut ? { shortcut } : {}),
    enable: all(atLeastOne('hosts'), action.startsWith('waptwua_') ? needsWua : always),
  })),
  {
    id: 'hosts.action.assign',
    tab: 'hosts',
    labelKey: 'hosts.menu.assign',
    enable: atLeastOne('hosts'),
  },
  {
    id: 'hosts.action.delete',
    tab: 'hosts',
    labelKey: 'hosts.menu.delete',
    shortcut: 'Ctrl+Del',
    enable: atLeastOne('hosts'),
  },
  { id: 'hosts.action.queued', tab: 'hosts', labelKey: 'actions.queue.menu', enable: always },
  { id: 'hosts.search', tab: 'hosts', labelKey: 'palette.searchHosts', shortcut: 'Ctrl+F', enable: always },
  { id: 'hosts.copy', tab: 'hosts', labelKey: 'grid.copy', enable: atLeastOne('hosts') },
  { id: 'hosts.export', tab: 'hosts', labelKey: 'grid.exportCsv', enable: loaded('hosts') },

  // Hosts › host details: its packages view's actions, its Windows updates actions, close.
  ...HOST_PACKAGE_ACTIONS.map((action): CommandDefinition => ({
    id: `hostDetails.${action}`,
    tab: 'hosts',
    groupKey: 'palette.group.hostDetails',
    labelKey: `palette.hostPackages.${action}`,
    ...(action === 'remove_packages' ? { shortcut: 'Del' } : {}),
    enable: all(
      packagesShown,
      someSelected((s) => s.tabs.hostPackages?.selected),
      (s) =>
        action === 'audit_packages' && s.tabs.hostPackages?.auditAvailable === false
          ? { key: 'actions.packages.auditEnterprise' }
          : null,
    ),
  })),
  ...(['waptwua_scan', 'waptwua_download', 'waptwua_install'] as const).map((action): CommandDefinition => ({
    id: `hostDetails.${action}`,
    tab: 'hosts',
    groupKey: 'palette.group.hostDetails',
    labelKey: `actions.item.${action}`,
    enable: all(needsWua, detailsShown),
  })),
  {
    id: 'hostDetails.waptwua_uninstall',
    tab: 'hosts',
    groupKey: 'palette.group.hostDetails',
    labelKey: 'actions.item.waptwua_uninstall',
    enable: all(
      needsWua,
      detailsShown,
      someSelected((s) => s.tabs.hostDetails?.updatesSelected),
    ),
  },
  {
    id: 'hostDetails.explain',
    tab: 'hosts',
    groupKey: 'palette.group.hostDetails',
    labelKey: 'wuaRules.explain.button',
    enable: all(
      needsWua,
      detailsShown,
      oneSelected((s) => s.tabs.hostDetails?.updatesSelected),
    ),
  },
  {
    id: 'hostDetails.close',
    tab: 'hosts',
    groupKey: 'palette.group.hostDetails',
    labelKey: 'palette.hostDetails.close',
    enable: detailsShown,
  },

  // Windows Updates: the context menu, then the toolbar.
  {
    id: 'wu.menu.download',
    tab: 'windowsUpdates',
    labelKey: 'wu.menu.download',
    labelParams: (s) => ({ count: selectedIn(s, 'windowsUpdates') }),
    enable: all(needsWua, needsKey, atLeastOne('windowsUpdates')),
  },
  {
    id: 'wu.menu.delete',
    tab: 'windowsUpdates',
    labelKey: 'wu.menu.deleteCached',
    labelParams: (s) => ({ count: selectedIn(s, 'windowsUpdates') }),
    shortcut: 'Del',
    enable: all(needsWua, needsKey, atLeastOne('windowsUpdates')),
  },
  {
    id: 'wu.menu.kb',
    tab: 'windowsUpdates',
    labelKey: 'wu.menu.kbInfo',
    // Without a row the label still names "the KB" (wu.menu.kbInfoNone says the same in full).
    labelParams: (s) => ({ kb: s.tabs.windowsUpdates?.kb ? `KB${s.tabs.windowsUpdates.kb}` : 'KB' }),
    enable: all(needsWua, (s) => (s.tabs.windowsUpdates?.kb ? null : NO_SELECTION)),
  },
  {
    id: 'wu.downloadCab',
    tab: 'windowsUpdates',
    labelKey: 'wu.cab.download',
    enable: all(needsWua, needsKey, (s) =>
      s.tabs.windowsUpdates?.cabPending ? { key: 'wu.notice.cabStarted' } : null,
    ),
  },
  { id: 'wu.tasks', tab: 'windowsUpdates', labelKey: 'wu.tasks.show', enable: needsWua },
  {
    id: 'wu.explain',
    tab: 'windowsUpdates',
    labelKey: 'wuaRules.explain.button',
    enable: all(needsWua, exactlyOne('windowsUpdates')),
  },
  {
    id: 'wu.export',
    tab: 'windowsUpdates',
    labelKey: 'grid.exportCsv',
    enable: all(needsWua, loaded('windowsUpdates')),
  },

  // WUA rule packages: new, the context menu, groups, export.
  { id: 'wuaRules.new', tab: 'wuaRules', labelKey: 'wuaRules.new', enable: all(needsWua, editorClosed) },
  ...(
    [
      ['edit', 'wuaRules.edit', 'Enter'],
      ['assign-hosts', 'wuaRules.assignHosts', undefined],
      ['assign-group', 'wuaRules.assignGroup', undefined],
      ['hosts-with', 'wuaRules.hostsWith', undefined],
      ['promote', 'wuaRules.promote.menu', undefined],
    ] as const
  ).map(([item, labelKey, shortcut]): CommandDefinition => ({
    id: `wuaRules.menu.${item}`,
    tab: 'wuaRules',
    labelKey,
    ...(shortcut ? { shortcut } : {}),
    enable: all(needsWua, editorClosed, exactlyOne('wuaRules')),
  })),
  {
    id: 'wuaRules.groups',
    tab: 'wuaRules',
    labelKey: 'wuaRules.groups',
    enable: all(needsWua, editorClosed),
  },
  {
    id: 'wuaRules.export',
    tab: 'wuaRules',
    labelKey: 'grid.exportCsv',
    enable: all(needsWua, editorClosed, loaded('wuaRules')),
  },

  // WUA rule packages › the rule editor: review (diff, impact) then sign and upload, load the
  // candidate updates, decide on the selected ones, close.
  {
    id: 'rulesEditor.review',
    tab: 'wuaRules',
    groupKey: 'palette.group.rulesEditor',
    labelKey: 'wuaRules.editor.reviewSave',
    enable: all(needsWua, rulesEditorShown, editorIdle, (s) =>
      s.tabs.rulesEditor?.nameValid === false ? { key: 'palette.reason.rulesName' } : null,
    ),
  },
  {
    id: 'rulesEditor.load',
    tab: 'wuaRules',
    groupKey: 'palette.group.rulesEditor',
    labelKey: 'wuaRules.editor.load',
    enable: all(needsWua, rulesEditorShown, editorIdle),
  },
  ...(
    [
      ['allow', 'wuaRules.editor.allowSelected'],
      ['forbid', 'wuaRules.editor.forbidSelected'],
      ['reset', 'wuaRules.editor.resetSelected'],
    ] as const
  ).map(([decision, labelKey]): CommandDefinition => ({
    id: `rulesEditor.${decision}`,
    tab: 'wuaRules',
    groupKey: 'palette.group.rulesEditor',
    labelKey,
    labelParams: (s) => ({ count: s.tabs.rulesEditor?.selected ?? 0 }),
    enable: all(
      needsWua,
      rulesEditorShown,
      someSelected((s) => s.tabs.rulesEditor?.selected),
    ),
  })),
  {
    id: 'rulesEditor.close',
    tab: 'wuaRules',
    groupKey: 'palette.group.rulesEditor',
    labelKey: 'palette.rulesEditor.close',
    enable: all(needsWua, rulesEditorShown),
  },

  // Build the agent: each wizard step, save, export.
  ...(['certificates', 'server', 'agent', 'wua', 'build'] as const).map((step): CommandDefinition => ({
    id: `agent.step.${step}`,
    tab: 'agent',
    labelKey: `agent.step.${step}`,
    enable: always,
  })),
  ...(
    [
      ['agent.save', 'agent.saveConfig'],
      ['agent.export', 'agent.exportConfig'],
    ] as const
  ).map(([id, labelKey]): CommandDefinition => ({
    id,
    tab: 'agent',
    labelKey,
    // The wizard's configuration is read when the tab mounts; until then its validity is unknown.
    enable: all(loaded('agent'), (s) => {
      const issues = s.tabs.agent?.issues ?? 0;
      return issues > 0 ? { key: 'agent.invalid', params: { count: issues } } : null;
    }),
  })),

  { id: 'agent.import', tab: 'agent', labelKey: 'agent.importConfig', enable: loaded('agent') },
  // The build step: build, cancel the build, upload the built agent.
  {
    id: 'agent.build',
    tab: 'agent',
    labelKey: 'agent.build',
    enable: all(
      buildStepShown,
      buildRunning,
      (s) => (s.tabs.agentBuild?.keyConfigured === false ? { key: 'palette.reason.noSigningKey' } : null),
      (s) => {
        const errors = s.tabs.agentBuild?.errors ?? 0;
        return errors > 0 ? { key: 'agent.invalid', params: { count: errors } } : null;
      },
    ),
  },
  {
    id: 'agent.cancelBuild',
    tab: 'agent',
    labelKey: 'palette.agent.cancelBuild',
    enable: all(buildStepShown, (s) =>
      s.tabs.agentBuild?.running ? null : { key: 'palette.reason.noBuildRunning' },
    ),
  },
  {
    id: 'agent.upload',
    tab: 'agent',
    labelKey: 'palette.agent.upload',
    enable: all(
      buildStepShown,
      (s) => (s.tabs.agentBuild?.uploading ? { key: 'palette.reason.uploading' } : null),
      (s) => (s.tabs.agentBuild?.built ? null : { key: 'palette.reason.notBuilt' }),
      (s) => (s.tabs.agentBuild?.connected ? null : { key: 'agent.notConnected' }),
    ),
  },

  // Audit.
  {
    id: 'audit.exportSummary',
    tab: 'audit',
    labelKey: 'audit.exportSummary',
    enable: all(needsWua, loaded('audit')),
  },

  // Private repository: upload, then the context menu.
  { id: 'repo.upload', tab: 'repository', labelKey: 'repo.upload', enable: always },
  {
    id: 'repo.menu.details',
    tab: 'repository',
    labelKey: 'repo.menu.details',
    shortcut: 'Enter',
    enable: exactlyOne('repository'),
  },
  {
    id: 'repo.menu.download',
    tab: 'repository',
    labelKey: 'repo.menu.download',
    enable: exactlyOne('repository'),
  },
  {
    id: 'repo.menu.delete',
    tab: 'repository',
    labelKey: 'repo.menu.delete',
    labelParams: (s) => ({ count: selectedIn(s, 'repository') }),
    shortcut: 'Del',
    enable: atLeastOne('repository'),
  },

  // The private key (the shell's key badge, always on screen): unlock, lock, create.
  {
    id: 'keys.unlock',
    labelKey: 'keys.unlockButton',
    enable: (s) => (s.session.readOnly ? null : { key: 'palette.reason.keyUnlocked' }),
  },
  {
    id: 'keys.lock',
    labelKey: 'keys.lockButton',
    enable: (s) => (s.session.readOnly ? { key: 'palette.reason.keyLocked' } : null),
  },
  { id: 'keys.create', labelKey: 'keys.create.title', enable: always },
];

const BY_ID = new Map(COMMANDS.map((c) => [c.id, c]));

export function commandDefinition(id: string): CommandDefinition | undefined {
  return BY_ID.get(id);
}

/** Why the command cannot run in `state`, or null when it can. An unknown id is a programming error. */
export function commandReason(id: string, state: CommandState): Message | null {
  const def = BY_ID.get(id);
  if (!def) throw new Error(`unknown command ${id}`);
  return def.enable(state);
}

/**
 * What to do with a command run from the palette (or waiting to run after a tab switch):
 * `switch` to its tab first, `run` it now, `wait` for the tab to finish loading, or `drop` it
 * (the tab, once on screen, disables it).
 */
export function nextStep(
  id: string,
  state: CommandState,
  handlerReady: boolean,
): 'switch' | 'run' | 'wait' | 'drop' {
  const def = BY_ID.get(id);
  if (!def) return 'drop';
  if (def.tab && state.activeTab !== def.tab) return 'switch';
  const reason = def.enable(state);
  if (reason && !WAITING_REASONS.includes(reason.key)) return 'drop';
  // Mounted but its handlers or its list not there yet: the tab's next render decides.
  if (reason || !handlerReady) return 'wait';
  return 'run';
}
