import { screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectedMainProcess, type MainProcess } from '../../../support/renderer/fake-bridge';
import { renderApp, type ConsoleRender } from '../../../support/renderer/render-console';

/*
 * Quitting with unsaved changes asks first (renderer/src/forms/quit-guard.tsx, app-shell.tsx):
 * Ctrl+Q and the palette's Quit ask as Disconnect does, and so does the Electron window's close,
 * which main holds back and forwards as `app.closeRequested` (electron/windows/close-guard.ts).
 * The whole console over the real main process, told it runs in Electron.
 */
let main: MainProcess;
beforeAll(async () => {
  main = await startConnectedMainProcess({ hosts: 5 }, { mode: 'electron' });
});
afterAll(async () => main?.stop());

const QUESTION = 'The agent wizard has changes that are not saved. Quit and lose them?';

/** The connected console with a URL typed in the agent wizard (unsaved). */
async function withUnsavedWizard(): Promise<ConsoleRender & { serverUrl: HTMLInputElement; loaded: string }> {
  const view = renderApp(main);
  await screen.findByRole('tablist', {}, { timeout: 60_000 });
  await view.user.keyboard('{Control>}4{/Control}');
  await view.user.click(await screen.findByTestId('agent-step-server', {}, { timeout: 60_000 }));
  const serverUrl = screen.getByTestId<HTMLInputElement>('agent-server-url');
  const loaded = serverUrl.value;
  await view.user.clear(serverUrl);
  await view.user.type(serverUrl, 'https://typed.example.test');
  return { ...view, serverUrl, loaded };
}

/** What the renderer told main since `from`: method and input. */
const callsSince = (from: number, method: string) =>
  main.calls.slice(from).filter((c) => c.method === method);

describe('quitting with unsaved changes', () => {
  it('Ctrl+Q and the palette ask first; Enter and Escape stay and keep the input; Quit quits', async () => {
    const { user, serverUrl } = await withUnsavedWizard();
    const from = main.calls.length;

    await user.keyboard('{Control>}q{/Control}');
    const prompt = await screen.findByTestId('unsaved-dialog');
    expect(prompt.textContent).toContain(QUESTION);
    // Stay is the default: Enter keeps the form.
    expect(document.activeElement).toBe(within(prompt).getByRole('button', { name: 'Stay' }));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByTestId('unsaved-dialog')).toBeNull());
    expect(serverUrl.value).toBe('https://typed.example.test');

    // The palette's Quit is the same action: Escape stays too.
    await user.keyboard('{Control>}k{/Control}');
    const palette = await screen.findByRole('dialog', { name: 'Command palette' });
    await user.type(within(palette).getByRole('combobox'), 'quit');
    await user.keyboard('{Enter}');
    expect((await screen.findByTestId('unsaved-dialog')).textContent).toContain(QUESTION);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('unsaved-dialog')).toBeNull());
    expect(serverUrl.value).toBe('https://typed.example.test');
    expect(callsSince(from, 'app.quit')).toEqual([]);

    await user.keyboard('{Control>}q{/Control}');
    await user.click(
      within(await screen.findByTestId('unsaved-dialog')).getByRole('button', {
        name: 'Quit and lose the changes',
      }),
    );
    await waitFor(() => expect(callsSince(from, 'app.quit')).toHaveLength(1));
  });

  it('with nothing unsaved, Ctrl+Q quits at once', async () => {
    const { user } = renderApp(main);
    await screen.findByRole('tablist', {}, { timeout: 60_000 });
    const from = main.calls.length;
    await user.keyboard('{Control>}q{/Control}');
    await waitFor(() => expect(callsSince(from, 'app.quit')).toHaveLength(1));
    expect(screen.queryByTestId('unsaved-dialog')).toBeNull();
  });

  it("closing the window asks in the console's dialog and answers main; nothing unsaved closes at once", async () => {
    const from = main.calls.length;
    const { user, serverUrl, loaded } = await withUnsavedWizard();
    // Main knows there is something to lose before any close (so it holds the close back).
    await waitFor(() => expect(callsSince(from, 'app.setUnsaved').at(-1)?.input).toEqual({ unsaved: true }));
    const answers = () =>
      callsSince(from, 'app.answerClose').map((c) => (c.input as { answer: string }).answer);

    main.emit('app.closeRequested', {});
    const prompt = await screen.findByTestId('unsaved-dialog');
    expect(prompt.textContent).toContain(QUESTION);
    // At once, before the person chooses: main stops waiting for a sign of life.
    await waitFor(() => expect(answers()).toEqual(['asking']));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(answers()).toEqual(['asking', 'stay']));
    expect(serverUrl.value).toBe('https://typed.example.test');

    main.emit('app.closeRequested', {});
    await user.click(
      within(await screen.findByTestId('unsaved-dialog')).getByRole('button', {
        name: 'Quit and lose the changes',
      }),
    );
    await waitFor(() => expect(answers()).toEqual(['asking', 'stay', 'asking', 'close']));

    // Typed back to what was loaded: main hears that nothing is unsaved; a close request is
    // answered at once.
    await user.clear(serverUrl);
    if (loaded !== '') await user.type(serverUrl, loaded);
    await waitFor(() => expect(callsSince(from, 'app.setUnsaved').at(-1)?.input).toEqual({ unsaved: false }));
    main.emit('app.closeRequested', {});
    await waitFor(() => expect(answers()).toEqual(['asking', 'stay', 'asking', 'close', 'close']));
    expect(screen.queryByTestId('unsaved-dialog')).toBeNull();
  });
});
