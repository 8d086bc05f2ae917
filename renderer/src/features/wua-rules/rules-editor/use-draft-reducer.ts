import { useCallback } from 'react';
import { useDraft, useDraftStore } from '../../../forms/draft-store';

/**
 * `useReducer` whose state lives in the draft store under `key` (renderer/src/forms/draft-store.tsx):
 * the same typed actions and pure reducer, but the state outlives the component, so a tab switch
 * (Ctrl+1…6), a language or a theme change gives it back when the editor mounts again.
 *
 * Once the key is deleted (the editor closed or saved), actions are dropped: an answer arriving
 * late (a catalogue load) must not bring a closed editor's draft back into the store.
 */
export function useDraftReducer<S, A>(
  key: string,
  reducer: (state: S, action: A) => S,
  init: () => S,
): [S, (action: A) => void] {
  const store = useDraftStore();
  const [state] = useDraft<S>(key, init);
  const dispatch = useCallback(
    (action: A) => {
      if (!store.has(key)) return;
      store.set(key, reducer(store.get<S>(key) as S, action));
    },
    [store, key, reducer],
  );
  return [state, dispatch];
}
