import {
  createContext,
  useContext,
  useEffect,
  useId,
  useMemo,
  useSyncExternalStore,
  type ReactNode,
} from 'react';

/**
 * One definition of each console action, shared by the command palette and, where a feature
 * chooses, by its own toolbar, menu and keyboard handler.
 *
 * Features register what they offer while they are on screen (the tab that is open, the shell
 * always): `useRegisterCommands([...])` on every render, so labels follow the language and
 * `disabledReason` follows the selection. Labels are already translated by the feature (it has
 * the parameters a label may need); the palette filters on them.
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
}

function createRegistry(): Registry {
  const owners = new Map<string, { priority: number; commands: readonly Command[] }>();
  const listeners = new Set<() => void>();
  let cached: readonly Command[] | null = null;
  const changed = () => {
    cached = null;
    for (const l of listeners) l();
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
  };
}

const RegistryContext = createContext<Registry | null>(null);

export function CommandRegistryProvider({ children }: { children: ReactNode }) {
  const registry = useMemo(() => createRegistry(), []);
  return <RegistryContext.Provider value={registry}>{children}</RegistryContext.Provider>;
}

/**
 * Registers `commands` for as long as the calling component is mounted; `priority` orders owners
 * in the palette (0 for the shell, 10 by default for a tab). Outside a provider it does nothing,
 * so a feature rendered alone (a test, the login page) needs no palette.
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
