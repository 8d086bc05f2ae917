import type { BrowserWindow } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../electron/core/ports';

// close-guard.ts reaches the renderer through router.ts's event channels; router.ts imports
// ipcMain for the composition root only.
vi.mock('electron', () => ({ ipcMain: {} }));

const { CLOSE_ANSWER_TIMEOUT_MS, installCloseGuard } = await import('../../../electron/windows/close-guard');

type Listener = (...args: unknown[]) => void;

class FakeEmitter {
  private readonly listeners = new Map<string, Listener[]>();
  on(event: string, l: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), l]);
    return this;
  }
  emit(event: string, ...args: unknown[]) {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
}

/** A BrowserWindow as far as the guard sees it: `close()` emits `close`, then `closed` unless prevented. */
class FakeWindow extends FakeEmitter {
  destroyed = false;
  readonly sent: [string, unknown][] = [];
  readonly webContents = Object.assign(new FakeEmitter(), {
    send: (channel: string, payload: unknown) => this.sent.push([channel, payload]),
    isDestroyed: () => this.destroyed,
  });
  isDestroyed() {
    return this.destroyed;
  }
  /** What the title bar's close button does; true when the window closed. */
  close(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return false;
    this.destroyed = true;
    this.emit('closed');
    return true;
  }
}

function setup() {
  const win = new FakeWindow();
  const guard = installCloseGuard(win as unknown as BrowserWindow, { log: silentLogger });
  return { win, guard };
}

describe('the main window close guard', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('closes at once when nothing is unsaved, without asking the renderer', () => {
    const { win, guard } = setup();
    guard.setUnsaved(true);
    guard.setUnsaved(false);
    expect(win.close()).toBe(true);
    expect(win.sent).toEqual([]);
  });

  it('holds the first close back while a form is unsaved and asks the renderer; its "close" closes', () => {
    const { win, guard } = setup();
    guard.setUnsaved(true);
    expect(win.close()).toBe(false);
    expect(win.sent).toEqual([['event:app.closeRequested', {}]]);
    guard.answer('asking');
    // The person takes their time: no bound once the renderer shows its question.
    vi.advanceTimersByTime(CLOSE_ANSWER_TIMEOUT_MS * 10);
    expect(win.destroyed).toBe(false);
    guard.answer('close');
    expect(win.destroyed).toBe(true);
  });

  it('"stay" keeps the window, and the next close asks again', () => {
    const { win, guard } = setup();
    guard.setUnsaved(true);
    expect(win.close()).toBe(false);
    guard.answer('asking');
    guard.answer('stay');
    expect(win.destroyed).toBe(false);
    expect(win.close()).toBe(false);
    expect(win.sent).toHaveLength(2);
  });

  it('closes when the renderer does not answer within the bound (hung or crashed)', () => {
    const { win, guard } = setup();
    guard.setUnsaved(true);
    expect(win.close()).toBe(false);
    vi.advanceTimersByTime(CLOSE_ANSWER_TIMEOUT_MS - 1);
    expect(win.destroyed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(win.destroyed).toBe(true);
  });

  it('a second close while the question is pending goes through', () => {
    const { win, guard } = setup();
    guard.setUnsaved(true);
    expect(win.close()).toBe(false);
    guard.answer('asking');
    expect(win.close()).toBe(true);
    expect(win.sent).toHaveLength(1);
  });

  it('never closes on an answer nobody asked for', () => {
    const { win, guard } = setup();
    guard.setUnsaved(true);
    guard.answer('close');
    expect(win.destroyed).toBe(false);
    expect(win.close()).toBe(false);
  });

  it('lets a confirmed quit through (Ctrl+Q asked already)', () => {
    const { win, guard } = setup();
    guard.setUnsaved(true);
    guard.allowClose();
    expect(win.close()).toBe(true);
    expect(win.sent).toEqual([]);
  });

  it('forgets the unsaved flag when the renderer is gone or loads again', () => {
    for (const event of ['render-process-gone', 'did-navigate']) {
      const { win, guard } = setup();
      guard.setUnsaved(true);
      win.webContents.emit(event);
      expect(win.close(), event).toBe(true);
    }
  });

  it('lets the close through when the session ends (Windows log-off)', () => {
    const { win, guard } = setup();
    guard.setUnsaved(true);
    win.emit('session-end');
    expect(win.close()).toBe(true);
  });
});
