import {
  createContext,
  useContext,
  useEffect,
  useId,
  useMemo,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { useI18n, type Translate } from '../i18n/i18n';
import {
  COMMANDS,
  commandDefinition,
  commandReason,
  nextStep,
  type CommandScope,
  type CommandState,
  type CommandTab,
  type TabFacts,
} from './command-catalogue';

/**
 * One definition of each console action, shared by the command palette and, where a feature
 * chooses, by its own toolbar, menu and keyboard handler.
 *
 * Two kinds of commands. A tab's commands are declared once in the static catalogue
 * (command-catalogue.ts: id, label key, shortcut, enable rule on application state), so the palette
 * lists every tab's actions wherever the user is; the tab on screen publishes its facts and the
 * code of its commands with `useTabCommands` (so do the parts of a tab that come and go: host
 * details, the rule editor, the build step; and the key badge). The shell's own actions
 * register ready-made commands with `useRegisterCommands` on every render, so labels follow the
 * language.
 */
export interface Command {
  /** Stable id, e.g. `hosts.action.update`; also the palette option's `data-command`. */
  id: string;
  /** Translated label. */
  label: string;
  /** Translated group shown beside the label (the tab, or "General"). */
  group: string;
  /** Shortcut as shown, e.g. `Ctrl+1`, `F5` (the feature that owns the key handles it). */
  shortcut?: string;
  /**
   * Null or absent: the command can run. Otherwise the sentence saying why not; the palette shows
   * the command disabled with that sentence, the same rule as the feature's menu or button.
   */
  disabledReason?: string | null;
  run: () => void;
}

interface Registry {
  set: (owner: string, priority: number, commands: readonly Command[]) => void;
  remove: (owner: string) => void;
  subscribe: (listener: () => void) => () => void;
  snapshot: () => readonly Command[];
  /** The catalogue's side (command-catalogue.ts): the state its enable rules read. */
  state: () => CommandState;
  setShell: (
    activeTab: CommandTab,
    switchTab: (tab: CommandTab) => void,
    session: CommandState['session'],
  ) => void;
  /** A mounted tab's (or part's) facts and the code of its commands; `null` when it unmounts. */
  publish: <K extends CommandScope>(
    tab: K,
    tabState: { facts: TabFacts[K]; handlers: Handlers } | null,
  ) => void;
  /** Runs a catalogue command, switching to its tab first when needed. */
  run: (id: string) => void;
}

type Handlers = Readonly<Record<string, () => void>>;

const INITIAL_STATE: CommandState = {
  session: { wua: null, edition: null, readOnly: true },
  activeTab: 'hosts',
  tabs: {},
};

export function createRegistry(): Registry {
  const owners = new Map<string, { priority: number; commands: readonly Command[] }>();
  const listeners = new Set<() => void>();
  let cached: readonly Command[] | null = null;
  let state = INITIAL_STATE;
  const handlers = new Map<CommandScope, Handlers>();
  let switchTab: (tab: CommandTab) => void = () => {};
  /** A command run from another tab, waiting for its tab to mount (and load) before it runs. */
  let pending: string | null = null;
  const notify = () => {
    for (const l of listeners) l();
  };
  const changed = () => {
    cached = null;
    notify();
  };
  const setState = (next: CommandState) => {
    // Tabs publish on every render: only a real change re-renders the palette.
    if (JSON.stringify(next) === JSON.stringify(state)) return;
    state = next;
    notify();
  };
  // Ids are unique: whichever scope on screen (a tab, a part of it) gives the code runs it.
  const handlerOf = (id: string) => {
    for (const scope of handlers.values()) if (Object.hasOwn(scope, id)) return scope[id];
    return undefined;
  };
  const advance = () => {
    if (pending === null) return;
    const id = pending;
    const step = nextStep(id, state, handlerOf(id) !== undefined);
    // 'switch': the palette has asked the shell for the tab, which is not on screen yet.
    if (step === 'wait' || step === 'switch') return;
    pending = null;
    // Not inside the publishing component's effect: the command may set that component's state.
    if (step === 'run') queueMicrotask(() => handlerOf(id)?.());
  };
  return {
    set(owner, priority, commands) {
      owners.set(owner, { priority, commands });
      changed();
    },
    remove(owner) {
      if (owners.delete(owner)) changed();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    snapshot() {
      // Lower priority first (the shell's commands), then registration order.
      cached ??= [...owners.values()].sort((a, b) => a.priority - b.priority).flatMap((o) => o.commands);
      return cached;
    },
    state: () => state,
    setShell(activeTab, switchTo, session) {
      switchTab = switchTo;
      // The user went to another tab than the waiting command's: it is abandoned, never run later.
      if (pending !== null && activeTab !== state.activeTab && commandDefinition(pending)?.tab !== activeTab)
        pending = null;
      setState({ ...state, activeTab, session });
      advance();
    },
    publish(tab, tabState) {
      const tabs = { ...state.tabs };
      if (tabState) {
        tabs[tab] = tabState.facts;
        handlers.set(tab, tabState.handlers);
      } else {
        delete tabs[tab];
        handlers.delete(tab);
      }
      setState({ ...state, tabs });
      advance();
    },
    run(id) {
      const def = commandDefinition(id);
      if (!def || def.enable(state)) return;
      pending = id;
      if (def.tab && state.activeTab !== def.tab) switchTab(def.tab);
      else advance();
    },
  };
}

const RegistryContext = createContext<Registry | null>(null);

export function CommandRegistryProvider({ children }: { children: ReactNode }) {
  const registry = useMemo(() => createRegistry(), []);
  return <RegistryContext.Provider value={registry}>{children}</RegistryContext.Provider>;
}

/**
 * Registers `commands` for as long as the calling component is mounted; `priority` orders owners
 * in the palette (0 for the shell, 10 by default). For the shell's own actions; a tab's commands
 * are in the static catalogue and the tab calls `useTabCommands`.
 * Outside a provider it does nothing, so a feature rendered alone (a test, the login page) needs no
 * palette.
 */
export function useRegisterCommands(commands: readonly Command[], priority = 10): void {
  const registry = useContext(RegistryContext);
  const owner = useId();
  // Every render: the closures and disabled reasons must be the current ones. Registering does
  // not re-render the registering component, only a palette that is listening.
  useEffect(() => {
    registry?.set(owner, priority, commands);
  });
  useEffect(() => () => registry?.remove(owner), [registry, owner]);
}

/** Every registered command, re-rendering the caller when registrations change. */
export function useRegisteredCommands(): readonly Command[] {
  const registry = useContext(RegistryContext);
  return useSyncExternalStore(
    registry ? registry.subscribe : noSubscribe,
    registry ? registry.snapshot : noCommands,
  );
}

const EMPTY: readonly Command[] = [];
const noCommands = () => EMPTY;
const noSubscribe = () => () => {};
const noState = () => INITIAL_STATE;

/** The state the catalogue's rules read, re-rendering the caller when it changes. */
export function useCommandState(): CommandState {
  const registry = useContext(RegistryContext);
  return useSyncExternalStore(
    registry ? registry.subscribe : noSubscribe,
    registry ? registry.state : noState,
  );
}

/**
 * The shell tells the registry which tab is on screen, how to switch tabs and what the session
 * allows (edition, Windows updates, key unlocked).
 */
export function useCommandShell(
  activeTab: CommandTab,
  switchTab: (tab: CommandTab) => void,
  session: CommandState['session'],
): void {
  const registry = useContext(RegistryContext);
  const { wua, edition, readOnly } = session;
  useEffect(() => {
    registry?.setShell(activeTab, switchTab, { wua, edition, readOnly });
  }, [registry, activeTab, switchTab, wua, edition, readOnly]);
}

/**
 * A tab on screen (or a part of one: host details, rule editor, build step; or the key badge):
 * publishes its facts (selection, loaded…) and the code of its catalogue commands, on every render
 * (closures stay current), and withdraws both when it unmounts.
 * Returns the translated reason a command is disabled for, from the same rule the palette uses,
 * so the tab's menus and buttons disable exactly what the palette greys.
 */
export function useTabCommands<K extends CommandScope>(
  tab: K,
  facts: TabFacts[K],
  handlers: Handlers,
): (id: string) => string | null {
  const registry = useContext(RegistryContext);
  useEffect(() => {
    registry?.publish(tab, { facts, handlers });
  });
  useEffect(() => () => registry?.publish(tab, null), [registry, tab]);
  return useCommandReasons(tab, facts);
}

/**
 * The translated reason a catalogue command is disabled for, given this render's facts of the tab
 * (even before `useTabCommands` has published them): what a menu built before that call uses to
 * disable its items by the palette's rules.
 */
export function useCommandReasons<K extends CommandScope>(
  tab: K,
  facts: TabFacts[K],
): (id: string) => string | null {
  const { t } = useI18n();
  // Subscribed: the session's part (edition, key) reaches the registry in the shell's effect,
  // after this tab's first render, and must re-render the menu.
  const state = useCommandState();
  const here: CommandState = { ...state, tabs: { ...state.tabs, [tab]: facts } };
  return (id) => {
    const reason = commandReason(id, here);
    return reason ? t(reason.key, reason.params) : null;
  };
}

/** A key name as the chosen language writes it ("Del" is "Suppr", "Enter" "Entrée" on French keyboards). */
export function displayShortcut(shortcut: string, t: Translate): string {
  return shortcut.replace(/\bDel$/, t('wu.key.del')).replace(/\bEnter$/, t('palette.key.enter'));
}

/**
 * What the palette lists: the always-registered commands (the shell's), then the catalogue,
 * the tab on screen first, each translated with its reason when its rule disables it. Running a
 * catalogue command switches to its tab first when needed.
 */
export function usePaletteCommands(): readonly Command[] {
  const registry = useContext(RegistryContext);
  const registered = useRegisteredCommands();
  const state = useCommandState();
  const { t } = useI18n();
  return useMemo(() => {
    if (!registry) return registered;
    // What is always on screen (the key), then the tab on screen, then the other tabs.
    const ordered = [
      ...COMMANDS.filter((c) => c.tab === undefined),
      ...COMMANDS.filter((c) => c.tab === state.activeTab),
      ...COMMANDS.filter((c) => c.tab !== undefined && c.tab !== state.activeTab),
    ];
    const catalogue = ordered.map((def): Command => {
      const shortcut = def.shortcut ? displayShortcut(def.shortcut, t) : undefined;
      const label = t(def.labelKey, def.labelParams?.(state));
      const reason = def.enable(state);
      return {
        id: def.id,
        // A menu label may name its key ("Check updates (Ctrl+U)"); the palette shows it once, aside.
        label: shortcut ? label.replace(` (${shortcut})`, '') : label,
        group: t(def.groupKey ?? (def.tab ? `shell.tabs.${def.tab}` : 'palette.group.general')),
        ...(shortcut ? { shortcut } : {}),
        disabledReason: reason ? t(reason.key, reason.params) : null,
        run: () => registry.run(def.id),
      };
    });
    return [...registered, ...catalogue];
  }, [registry, registered, state, t]);
}

/**
 * The commands of a menu (MenuButton's or the grids' context-menu items), so a menu and the
 * palette share one definition: same labels, same enable rule. `reason` gives the sentence for an
 * item the menu disables; `shortcuts` adds the keys a menu does not show.
 */
export function menuCommands(
  items: readonly {
    key?: string;
    id?: string;
    label: string;
    shortcut?: string;
    disabled?: boolean;
    onSelect: () => void;
  }[],
  {
    idPrefix,
    group,
    shortcuts = {},
    reason,
  }: {
    idPrefix: string;
    group: string;
    shortcuts?: Record<string, string>;
    reason: (key: string) => string;
  },
): Command[] {
  return items.map((item) => {
    const key = item.key ?? item.id ?? item.label;
    const shortcut = shortcuts[key] ?? item.shortcut;
    return {
      id: `${idPrefix}.${key}`,
      // A menu label may name its key ("Check updates (Ctrl+U)"); the palette shows it once, aside.
      label: shortcut ? item.label.replace(` (${shortcut})`, '') : item.label,
      group,
      ...(shortcut ? { shortcut } : {}),
      disabledReason: item.disabled ? reason(key) : null,
      run: item.onSelect,
    };
  });
}
