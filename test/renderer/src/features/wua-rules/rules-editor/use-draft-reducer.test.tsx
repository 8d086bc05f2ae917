import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import {
  editorReducer,
  EDITOR_DRAFT_KEY,
  initialEditorState,
  type EditorState,
} from '../../../../../../renderer/src/features/wua-rules/rules-editor/editor-state';
import { useDraftReducer } from '../../../../../../renderer/src/features/wua-rules/rules-editor/use-draft-reducer';
import { DraftProvider, DraftStore } from '../../../../../../renderer/src/forms/draft-store';

const KEY = `${EDITOR_DRAFT_KEY}.state`;
const init = () => initialEditorState({ details: null, prefix: 'tis' }, 1);

/** The rule editor's reducer hook, mounted on a real draft store (as under the console's tabs). */
function mount(store: DraftStore) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <DraftProvider store={store}>{children}</DraftProvider>
  );
  return renderHook(() => useDraftReducer(KEY, editorReducer, init), { wrapper });
}

describe('useDraftReducer (the rule editor state in the draft store)', () => {
  it('gives the state back after an unmount (a tab switch) and a remount', () => {
    const store = new DraftStore();
    const first = mount(store);
    act(() => first.result.current[1]({ type: 'setGroup', value: 'pilot' }));
    act(() =>
      first.result.current[1]({
        type: 'decideIds',
        ids: ['0f5a2b8e-1111-4c3d-9e2f-aaaaaaaaaaaa_1'],
        decision: 'forbid',
      }),
    );
    expect(first.result.current[0].group).toBe('pilot');
    first.unmount();

    const again = mount(store);
    expect(again.result.current[0].group).toBe('pilot');
    expect(again.result.current[0].draft.rules.forbidden_updates).toEqual([
      '0f5a2b8e-1111-4c3d-9e2f-aaaaaaaaaaaa_1',
    ]);
    // The seed (a new package id) is not redone on the second mount.
    expect(again.result.current[0].draftId).toBe(store.get<EditorState>(KEY)!.draftId);
  });

  it('drops actions once the editor closed (its keys deleted), so a late answer adds nothing', () => {
    const store = new DraftStore();
    const { result } = mount(store);
    act(() => store.delete(EDITOR_DRAFT_KEY));
    act(() => result.current[1]({ type: 'candidatesLoaded', rows: [] }));
    expect(store.has(KEY)).toBe(false);
  });

  it('is emptied with the other drafts on Disconnect', () => {
    const store = new DraftStore();
    const first = mount(store);
    act(() => first.result.current[1]({ type: 'setDescription', value: 'typed' }));
    first.unmount();
    store.clear();
    expect(mount(store).result.current[0].draft.description).toBe('');
  });
});
