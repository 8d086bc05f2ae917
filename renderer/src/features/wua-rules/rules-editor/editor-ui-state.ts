import { toggleAll } from '../../../../../common/domain/wua-rule-edits';
import type { MessageKey } from '../../../i18n/en';
import type { MessageParams } from '../../../i18n/message-format';
import type { EditorInit } from './editor-state';

/*
 * What only matters while the rule editor is on screen (busy, error, notices, dialogs, the grid
 * selection, hidden products): a plain useReducer, started again when the editor mounts again,
 * as before the split. The edit itself is in editor-state.ts (kept in the draft store).
 */

/** A notice as a catalogue key and its parameters, translated when shown (so it follows a language switch). */
export interface Notice {
  key: MessageKey;
  params?: MessageParams;
  /** An ISO date shown as the `time` parameter, formatted in the language on screen. */
  time?: string;
}

export interface EditorUi {
  /** Products hidden from the picker (Show/Hide). */
  hiddenProducts: string[];
  showHidden: boolean;
  /** Update ids selected in the candidates grid (rows the filter shows). */
  selected: string[];
  error: unknown;
  busy: boolean;
  confirmClose: boolean;
  reviewing: boolean;
  notice: Notice | null;
  draftSavedAt: string | null;
}

export function initialUi(init: EditorInit): EditorUi {
  return {
    hiddenProducts: [],
    showHidden: false,
    selected: [],
    error: null,
    busy: false,
    confirmClose: false,
    reviewing: false,
    notice: init.draft ? { key: 'wuaRules.editor.draftRestored', time: init.draft.savedAt } : null,
    draftSavedAt: null,
  };
}

export type UiAction =
  | { type: 'toggleHidden'; products: readonly string[] }
  | { type: 'showHidden'; on: boolean }
  | { type: 'select'; ids: string[] }
  | { type: 'start' }
  | { type: 'done' }
  | { type: 'error'; error: unknown }
  | { type: 'notice'; notice: Notice | null }
  | { type: 'draftSaved'; at: string }
  | { type: 'confirmClose'; on: boolean }
  | { type: 'reviewing'; on: boolean };

export function uiReducer(s: EditorUi, a: UiAction): EditorUi {
  switch (a.type) {
    case 'toggleHidden':
      return { ...s, hiddenProducts: toggleAll(s.hiddenProducts, a.products) };
    case 'showHidden':
      return { ...s, showHidden: a.on };
    case 'select':
      return { ...s, selected: a.ids };
    case 'start':
      return { ...s, busy: true, error: null };
    case 'done':
      return { ...s, busy: false };
    case 'error':
      return { ...s, error: a.error };
    case 'notice':
      return { ...s, notice: a.notice };
    case 'draftSaved':
      return { ...s, draftSavedAt: a.at };
    case 'confirmClose':
      return { ...s, confirmClose: a.on };
    case 'reviewing':
      return { ...s, reviewing: a.on };
  }
}
