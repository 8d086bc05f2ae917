import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleBridge } from '../../../../common/ipc/contract';
import type { WireResult } from '../../../../common/ipc/wire';
import { Splitter } from '../../../../renderer/src/components/splitter';
import { startMainProcess, type MainProcess } from '../../../support/renderer/fake-bridge';
import { renderInConsole } from '../../../support/renderer/render-console';

/*
 * The splitter (renderer/src/components/splitter.tsx) saves where the person left it in the main
 * process's settings. Saves go out one at a time; these tests hold the main process's answers to
 * play the interleavings a quick hand produces, and read the saved position back from main.
 */
let main: MainProcess;
beforeAll(async () => {
  main = await startMainProcess();
});
afterAll(async () => main?.stop());

/** `main`'s bridge, with `settings.update` answers held until the test lets them through. */
function holdingSaves(bridge: ConsoleBridge) {
  const held: Array<() => void> = [];
  let holding = false;
  const gated: ConsoleBridge = {
    version: bridge.version,
    on: (event, listener) => bridge.on(event, listener),
    async invoke(method, input) {
      const answer = await bridge.invoke(method, input);
      if (method !== 'settings.update' || !holding) return answer;
      return new Promise<WireResult<never>>((resolve) => held.push(() => resolve(answer as never)));
    },
  };
  return {
    bridge: gated,
    hold: () => {
      holding = true;
    },
    /** Lets every held answer through and stops holding. */
    release: () => {
      holding = false;
      for (const settle of held.splice(0)) settle();
    },
    heldCount: () => held.length,
  };
}

const savedPosition = async (id: string) => (await main.call('settings.get', {})).splitters?.[id];
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A splitter saved under `id`, over `main` with its saves held on demand; its separator focused. */
function renderSplitter(id: string, defaultPercent: number) {
  const gate = holdingSaves(main.bridge);
  renderInConsole(
    <div style={{ height: 400 }}>
      <Splitter
        id={id}
        label="Resize the panes"
        defaultPercent={defaultPercent}
        first={<p>top</p>}
        second={<p>bottom</p>}
      />
    </div>,
    { ...main, bridge: gate.bridge },
  );
  const separator = screen.getByRole('separator', { name: 'Resize the panes' });
  separator.focus();
  return { gate, separator };
}

describe('Splitter', () => {
  it('saves a key press made between a save’s answer and the re-render that shows it', async () => {
    const id = 'test.between-answer-and-render';
    const { gate, separator } = renderSplitter(id, 30);
    fireEvent.keyDown(separator, { key: 'ArrowUp' });
    fireEvent.keyDown(separator, { key: 'ArrowUp' });
    expect(separator.getAttribute('aria-valuenow')).toBe('20');
    await waitFor(async () => expect(await savedPosition(id)).toBe(20));
    // Let the screen take in the saved 20 (the query cache notifies on a later task).
    await nextTask();
    await nextTask();

    gate.hold();
    fireEvent.keyDown(separator, { key: 'Home' });
    expect(separator.getAttribute('aria-valuenow')).toBe('15');
    await waitFor(() => expect(gate.heldCount()).toBe(1));
    // The answer for 15 lands in the cache; before the re-render (a task later), the person presses ↓.
    gate.release();
    await nextTask();
    fireEvent.keyDown(separator, { key: 'ArrowDown' });
    expect(separator.getAttribute('aria-valuenow')).toBe('20');

    await waitFor(async () => expect(await savedPosition(id)).toBe(20));
    // And it stays there: nothing older arrives afterwards.
    await nextTask();
    expect(await savedPosition(id)).toBe(20);
    expect(separator.getAttribute('aria-valuenow')).toBe('20');
  });

  it('quick presses while a save is out end with the last position saved, in two saves', async () => {
    const id = 'test.quick-presses';
    const { gate, separator } = renderSplitter(id, 50);
    const updates = () => main.invoked.filter((m) => m === 'settings.update').length;
    const before = updates();
    gate.hold();
    fireEvent.keyDown(separator, { key: 'ArrowDown' });
    fireEvent.keyDown(separator, { key: 'ArrowDown' });
    fireEvent.keyDown(separator, { key: 'PageUp' });
    fireEvent.keyDown(separator, { key: 'End' });
    expect(separator.getAttribute('aria-valuenow')).toBe('85');
    await waitFor(() => expect(gate.heldCount()).toBe(1));
    gate.release();
    await waitFor(async () => expect(await savedPosition(id)).toBe(85));
    expect(separator.getAttribute('aria-valuenow')).toBe('85');
    // The first press's save, then only the latest position: 60 and 40 were never sent.
    expect(updates() - before).toBe(2);
  });
});
