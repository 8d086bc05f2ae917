// @vitest-environment happy-dom
import { fireEvent, render, screen } from '@testing-library/react';
import { useEffect, useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { TabErrorBoundary } from '../../../../renderer/src/components/error-boundary';
import { I18nProvider } from '../../../../renderer/src/i18n/i18n';

let mounts = 0;

/** A tab that renders fine until "Break" is pressed, then throws while rendering. */
function FragileTab() {
  const [broken, setBroken] = useState(false);
  useEffect(() => {
    mounts += 1;
  }, []);
  if (broken) throw new Error('cannot read the rows: grid state is corrupt');
  return (
    <button type="button" onClick={() => setBroken(true)}>
      Break
    </button>
  );
}

/** Another tab with state of its own, to show it keeps working. */
function CounterTab() {
  const [n, setN] = useState(0);
  return (
    <button type="button" onClick={() => setN(n + 1)}>
      Clicked {n}
    </button>
  );
}

function TwoTabs({ language }: { language: 'en' | 'fr' }) {
  return (
    <I18nProvider language={language}>
      <TabErrorBoundary what="Audit">
        <FragileTab />
      </TabErrorBoundary>
      <TabErrorBoundary what="Hosts">
        <CounterTab />
      </TabErrorBoundary>
    </I18nProvider>
  );
}

describe('TabErrorBoundary', () => {
  let consoleError: MockInstance;
  beforeEach(() => {
    mounts = 0;
    // React reports caught render errors on the console; keep the test output readable.
    consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => consoleError.mockRestore());

  it('shows the panel in place of the throwing tab only, with the error message in a details element', () => {
    render(<TwoTabs language="en" />);
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Break' }));

    const panel = screen.getByRole('alert');
    expect(panel.textContent).toContain('The Audit tab stopped working');
    expect(screen.queryByRole('button', { name: 'Break' })).toBeNull();
    const details = panel.querySelector('details');
    expect(details?.querySelector('summary')?.textContent).toBe('Technical details');
    expect(details?.textContent).toContain('cannot read the rows: grid state is corrupt');

    // The other tab still renders and reacts.
    fireEvent.click(screen.getByRole('button', { name: 'Clicked 0' }));
    expect(screen.getByRole('button', { name: 'Clicked 1' })).toBeTruthy();
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });

  it('"Reload this tab" mounts the tab afresh (new state, effects run again)', () => {
    render(<TwoTabs language="en" />);
    expect(mounts).toBe(1);
    fireEvent.click(screen.getByRole('button', { name: 'Break' }));
    expect(screen.getByRole('alert')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Reload this tab' }));
    // A re-render of the same instance would keep `broken` and throw again: this is a new one.
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('button', { name: 'Break' })).toBeTruthy();
    expect(mounts).toBe(2);
  });

  it('speaks French', () => {
    render(<TwoTabs language="fr" />);
    fireEvent.click(screen.getByRole('button', { name: 'Break' }));
    const panel = screen.getByRole('alert');
    expect(panel.textContent).toContain('L’onglet Audit a cessé de fonctionner');
    expect(panel.querySelector('summary')?.textContent).toBe('Détails techniques');
    expect(screen.getByRole('button', { name: 'Recharger cet onglet' })).toBeTruthy();
  });
});
