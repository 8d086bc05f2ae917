import { describe, expect, it } from 'vitest';
import {
  contextMenuSelection,
  isContextMenuKey,
  isSelectAllKey,
  NO_SELECTION,
  partitionSelection,
  sameSelection,
} from '../../../../renderer/src/grids/grid-selection';

describe('grid selection rules (renderer/src/grids/grid-selection.ts)', () => {
  it('splits selected rows into the shown ones and a hidden count; rows without data are ignored', () => {
    const items = [
      { id: 'a', data: { n: 1 }, shown: true },
      { id: 'b', data: { n: 2 }, shown: false },
      { id: 'c', data: undefined, shown: true },
      { id: 'd', data: { n: 4 }, shown: false },
      { id: 'e', data: { n: 5 }, shown: true },
    ];
    const r = partitionSelection(
      items,
      (i) => i.data,
      (i) => i.shown,
    );
    expect(r.rows).toEqual([{ n: 1 }, { n: 5 }]);
    expect(r.hidden).toBe(2);
    expect(
      partitionSelection(
        [],
        () => undefined,
        () => true,
      ),
    ).toEqual({ rows: [], hidden: 0 });
  });

  it('follows the file-manager rule for context menus', () => {
    expect(contextMenuSelection(false)).toBe('replace');
    expect(contextMenuSelection(true)).toBe('keep');
  });

  it('reports a selection change only when something changed', () => {
    const r1 = { n: 1 };
    const r2 = { n: 2 };
    expect(sameSelection(NO_SELECTION, { rows: [], hidden: 0, loadedOnly: false })).toBe(true);
    expect(
      sameSelection(
        { rows: [r1], hidden: 0, loadedOnly: false },
        { rows: [r1], hidden: 0, loadedOnly: false },
      ),
    ).toBe(true);
    expect(
      sameSelection(
        { rows: [r1], hidden: 0, loadedOnly: false },
        { rows: [{ n: 1 }], hidden: 0, loadedOnly: false },
      ),
    ).toBe(false);
    expect(
      sameSelection(
        { rows: [r1, r2], hidden: 0, loadedOnly: false },
        { rows: [r2, r1], hidden: 0, loadedOnly: false },
      ),
    ).toBe(false);
    expect(
      sameSelection(
        { rows: [r1], hidden: 0, loadedOnly: false },
        { rows: [r1], hidden: 1, loadedOnly: false },
      ),
    ).toBe(false);
    expect(
      sameSelection(
        { rows: [r1], hidden: 0, loadedOnly: false },
        { rows: [r1], hidden: 0, loadedOnly: true },
      ),
    ).toBe(false);
  });

  it('recognises Ctrl+A / Cmd+A and the context-menu keys', () => {
    const k = (
      key: string,
      m: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {},
    ) => ({
      key,
      ctrlKey: false,
      metaKey: false,
      shiftKey: false,
      altKey: false,
      ...m,
    });
    expect(isSelectAllKey(k('a', { ctrlKey: true }))).toBe(true);
    expect(isSelectAllKey(k('A', { metaKey: true }))).toBe(true);
    expect(isSelectAllKey(k('a'))).toBe(false);
    expect(isSelectAllKey(k('a', { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isSelectAllKey(k('a', { ctrlKey: true, altKey: true }))).toBe(false);
    expect(isContextMenuKey(k('ContextMenu'))).toBe(true);
    expect(isContextMenuKey(k('F10', { shiftKey: true }))).toBe(true);
    expect(isContextMenuKey(k('F10'))).toBe(false);
  });
});
