import { useEffect, useState, useSyncExternalStore } from 'react';
import type { AppInfo, CloseAnswer } from '../../../common/ipc/contract';
import type { MessageKey } from '../i18n/en';
import { useApi, type ApiClient } from '../platform/api-client';
import { useDraftStore } from './draft-store';
import { UnsavedChangesDialog } from './unsaved-guard';

/**
 * Closing the console while a form holds unsaved changes asks first. Ctrl+Q and the palette's
 * Quit ask in the shell (app-shell.tsx); this covers the window itself:
 * - Electron: main holds the window's close back and sends `app.closeRequested`
 *   (electron/windows/close-guard.ts); the question is this dialog, in the console's language,
 *   and main closes on the answer. Main is told whenever the unsaved state changes, so a close
 *   with nothing unsaved goes at once.
 * - Browser mode: a plain page can only ask through the browser's own beforeunload prompt. Not in
 *   Electron, where a beforeunload that cancels would block the close without a word.
 */
// A lost message costs at most a question at close (main closes an unanswered window anyway).
const tell = (api: ApiClient, answer: CloseAnswer) =>
  void api.call('app.answerClose', { answer }).catch(() => undefined);

export function QuitGuard({ mode }: { mode: AppInfo['mode'] }) {
  const api = useApi();
  const store = useDraftStore();
  const unsaved = useSyncExternalStore(store.subscribe, () => store.unsavedForms().length > 0);
  const [asking, setAsking] = useState<readonly MessageKey[] | null>(null);

  useEffect(() => {
    if (mode !== 'electron') return;
    // Main holds the window's close back only while this is true; a fresh window starts false.
    api.call('app.setUnsaved', { unsaved }).catch(() => undefined);
  }, [api, mode, unsaved]);

  useEffect(() => {
    if (mode !== 'browser' || !unsaved) return;
    const ask = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [mode, unsaved]);

  useEffect(() => {
    if (mode !== 'electron') return;
    return api.on('app.closeRequested', () => {
      const forms = store.unsavedForms();
      if (forms.length === 0) return tell(api, 'close');
      setAsking(forms);
      tell(api, 'asking');
    });
  }, [api, mode, store]);

  if (!asking) return null;
  const choose = (answer: 'close' | 'stay') => {
    setAsking(null);
    tell(api, answer);
  };
  return (
    <UnsavedChangesDialog
      forms={asking}
      quitting
      onStay={() => choose('stay')}
      onLeave={() => choose('close')}
    />
  );
}
