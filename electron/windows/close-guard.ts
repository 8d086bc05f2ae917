import type { BrowserWindow } from 'electron';
import type { CloseAnswer } from '../../common/ipc/contract';
import type { CloseGuardPort, Logger } from '../core/ports';
import { eventChannel } from '../ipc/router';

/**
 * How long main waits for the renderer's first answer (`asking` or `close`) to a held-back close.
 * A renderer that is alive answers within milliseconds; one that hangs or crashed never does, and
 * the window must still close.
 */
export const CLOSE_ANSWER_TIMEOUT_MS = 3_000;

export interface CloseGuard extends CloseGuardPort {
  /** The person already confirmed (Ctrl+Q's own question, the session ending): closes go through. */
  allowClose(): void;
}

/**
 * Closing the main window while a form holds unsaved changes asks first, in the console's own
 * translated dialog rather than a native one: the first `close` is held back and the renderer is
 * sent `app.closeRequested`; its answer (`app.answerClose`) closes the window or keeps it.
 *
 * The window can never become impossible to close: with nothing unsaved it closes at once; a
 * renderer that does not answer within `timeoutMs` (hung, crashed) is closed anyway; and a second
 * close while the question is pending goes through (the person insists).
 */
export function installCloseGuard(
  win: BrowserWindow,
  { log, timeoutMs = CLOSE_ANSWER_TIMEOUT_MS }: { log: Logger; timeoutMs?: number },
): CloseGuard {
  let unsaved = false;
  let allowed = false;
  /** `waiting`: the renderer was asked and has not answered yet; `asking`: it shows its question. */
  let pending: 'none' | 'waiting' | 'asking' = 'none';
  let timer: ReturnType<typeof setTimeout> | undefined;

  const settle = () => {
    clearTimeout(timer);
    timer = undefined;
    pending = 'none';
  };
  const closeNow = () => {
    settle();
    allowed = true;
    if (!win.isDestroyed()) win.close();
  };

  win.on('close', (e) => {
    if (allowed || !unsaved) return;
    if (pending !== 'none') {
      log.warn('window.close-forced', { pending });
      settle();
      allowed = true;
      return;
    }
    e.preventDefault();
    pending = 'waiting';
    log.info('window.close-held', {});
    if (!win.webContents.isDestroyed()) win.webContents.send(eventChannel('app.closeRequested'), {});
    timer = setTimeout(() => {
      log.warn('window.close-unanswered', { timeoutMs });
      closeNow();
    }, timeoutMs);
  });
  win.on('closed', settle);
  // Windows is logging off or shutting down: a held-back close would only hold the session up.
  win.on('session-end', () => (allowed = true));
  // A renderer that crashed or loaded again starts with no drafts (they live in its memory only).
  const forget = () => {
    unsaved = false;
    if (pending === 'asking') settle();
  };
  win.webContents.on('render-process-gone', forget);
  win.webContents.on('did-navigate', forget);

  return {
    setUnsaved(value) {
      unsaved = value;
    },
    answer(answer: CloseAnswer) {
      // Only a close that was held back is answered: a stray `close` never closes the window.
      if (pending === 'none') return;
      if (answer === 'asking') {
        clearTimeout(timer);
        timer = undefined;
        pending = 'asking';
      } else if (answer === 'stay') settle();
      else closeNow();
    },
    allowClose() {
      allowed = true;
    },
  };
}
