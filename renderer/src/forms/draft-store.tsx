import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type { MessageKey } from '../i18n/en';

/**
 * What a person typed in a form, kept while the console runs (issue 15): a tab switch (Ctrl+1…6),
 * a language or theme change unmounts or re-renders the form, never this store. It lives in
 * memory only, above the tabs (renderer/src/app.tsx), and is emptied on Disconnect: nothing in it
 * is written to disk or localStorage, so a password typed in a form never outlives the window.
 *
 * It also knows which forms hold unsaved changes, so leaving them (Disconnect, closing an editor)
 * can ask first (renderer/src/forms/unsaved-guard.tsx).
 */
export class DraftStore {
  private readonly values = new Map<string, unknown>();
  private readonly unsaved = new Map<string, MessageKey>();
  private readonly listeners = new Set<() => void>();

  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  /** Sets a first value without telling subscribers (safe while React renders). */
  seed<T>(key: string, value: T): void {
    if (!this.values.has(key)) this.values.set(key, value);
  }

  set<T>(key: string, value: T): void {
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    this.emit();
  }

  delete(key: string): void {
    // Deletes the key and every sub-key (`agent` also drops `agent.step`).
    let changed = false;
    for (const k of [...this.values.keys()])
      if (k === key || k.startsWith(`${key}.`)) changed = this.values.delete(k) || changed;
    if (this.unsaved.delete(key)) changed = true;
    if (changed) this.emit();
  }

  /** Marks a form as holding unsaved changes (`label` names it in the prompt), or clean (null). */
  setUnsaved(form: string, label: MessageKey | null): void {
    const before = this.unsaved.get(form) ?? null;
    if (before === label) return;
    if (label === null) this.unsaved.delete(form);
    else this.unsaved.set(form, label);
    this.emit();
  }

  /** The labels of the forms that hold unsaved changes, in the order they became dirty. */
  unsavedForms(): MessageKey[] {
    return [...this.unsaved.values()];
  }

  /** Forgets every draft (Disconnect). */
  clear(): void {
    if (this.values.size === 0 && this.unsaved.size === 0) return;
    this.values.clear();
    this.unsaved.clear();
    this.emit();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private emit(): void {
    for (const l of [...this.listeners]) l();
  }
}

const DraftContext = createContext<DraftStore | null>(null);

export function DraftProvider({ children, store }: { children: ReactNode; store?: DraftStore }) {
  const [own] = useState(() => store ?? new DraftStore());
  return <DraftContext.Provider value={own}>{children}</DraftContext.Provider>;
}

export function useDraftStore(): DraftStore {
  const store = useContext(DraftContext);
  if (!store) throw new Error('useDraftStore outside <DraftProvider>');
  return store;
}

/**
 * useState whose value lives in the draft store under `key`: it survives the component's unmount
 * (tab switch) and comes back when the component mounts again.
 */
export function useDraft<T>(key: string, initial: T | (() => T)): [T, (next: T | ((old: T) => T)) => void] {
  const store = useDraftStore();
  // First mount: seed the store without notifying (React forbids updates during render). The
  // first value is kept: a form still on screen while its drafts are deleted (closing) reads it.
  const [first] = useState(() => {
    const v = store.has(key)
      ? (store.get<T>(key) as T)
      : typeof initial === 'function'
        ? (initial as () => T)()
        : initial;
    store.seed(key, v);
    return v;
  });
  const value = useSyncExternalStore(store.subscribe, () =>
    store.has(key) ? (store.get<T>(key) as T) : first,
  );
  const set = useCallback(
    (next: T | ((old: T) => T)) => {
      const old = store.get<T>(key) as T;
      store.set(key, typeof next === 'function' ? (next as (o: T) => T)(old) : next);
    },
    [store, key],
  );
  return [value, set];
}

/** Declares whether the form `form` holds unsaved changes; forgotten when the flag turns false. */
export function useUnsavedChanges(form: string, label: MessageKey, dirty: boolean): void {
  const store = useDraftStore();
  useEffect(() => {
    store.setUnsaved(form, dirty ? label : null);
  }, [store, form, label, dirty]);
}
