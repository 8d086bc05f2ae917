import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useEffect, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { Tabs } from '../../../../renderer/src/components/tabs';

/*
 * The console's tabs on Radix Tabs (renderer/src/components/tabs.tsx): WAI-ARIA roles and keys,
 * and the panels' mounting as before (only the selected tab's panel exists; leaving unmounts it).
 */
function Panel({ name, onMount, onUnmount }: { name: string; onMount: () => void; onUnmount: () => void }) {
  useEffect(() => {
    onMount();
    return onUnmount;
  }, [onMount, onUnmount]);
  return <p>{name} panel</p>;
}

function Harness({ mounts, unmounts }: { mounts: (k: string) => void; unmounts: (k: string) => void }) {
  const [active, setActive] = useState<'hosts' | 'updates' | 'audit'>('hosts');
  const panel = (name: string) => () => (
    <Panel name={name} onMount={() => mounts(name)} onUnmount={() => unmounts(name)} />
  );
  return (
    <Tabs
      label="WAPT Console"
      active={active}
      onChange={setActive}
      tabs={[
        { key: 'hosts', label: 'Hosts', render: panel('hosts') },
        { key: 'updates', label: 'Windows Updates', render: panel('updates') },
        { key: 'audit', label: 'Audit', render: panel('audit') },
      ]}
    />
  );
}

describe('Tabs', () => {
  it('has the tab roles, moves with arrows (wrapping), Home and End, and renders only the selected panel', async () => {
    const mounts = vi.fn();
    const unmounts = vi.fn();
    const user = userEvent.setup({ delay: null });
    render(<Harness mounts={mounts} unmounts={unmounts} />);
    const list = screen.getByRole('tablist', { name: 'WAPT Console' });
    const tab = (name: string) => screen.getByRole('tab', { name });
    expect(list.contains(tab('Hosts'))).toBe(true);
    expect(tab('Hosts').getAttribute('aria-selected')).toBe('true');
    const panel = screen.getByRole('tabpanel');
    expect(panel.textContent).toBe('hosts panel');
    expect(panel.getAttribute('aria-labelledby')).toBe(tab('Hosts').id);
    expect(tab('Hosts').getAttribute('aria-controls')).toBe(panel.id);
    expect(screen.getAllByRole('tabpanel')).toHaveLength(1);
    expect(mounts.mock.calls).toEqual([['hosts']]);

    await user.click(tab('Windows Updates'));
    await waitFor(() => expect(tab('Windows Updates').getAttribute('aria-selected')).toBe('true'));
    expect(screen.getByRole('tabpanel').textContent).toBe('updates panel');
    expect(unmounts.mock.calls).toEqual([['hosts']]);

    // Keyboard: the focused tab is selected as it moves (automatic activation), as before.
    const selectedAfter = async (key: string, name: string) => {
      await user.keyboard(key);
      await waitFor(() => expect(tab(name).getAttribute('aria-selected')).toBe('true'));
      expect(document.activeElement).toBe(tab(name));
      expect(screen.getByRole('tabpanel').textContent).toBe(
        `${name === 'Windows Updates' ? 'updates' : name.toLowerCase()} panel`,
      );
    };
    await selectedAfter('{ArrowRight}', 'Audit');
    await selectedAfter('{ArrowRight}', 'Hosts');
    await selectedAfter('{ArrowLeft}', 'Audit');
    await selectedAfter('{Home}', 'Hosts');
    await selectedAfter('{End}', 'Audit');
    expect(screen.getAllByRole('tabpanel')).toHaveLength(1);
  });

  it('the panel is not a Tab stop of its own (its controls are)', () => {
    render(<Harness mounts={vi.fn()} unmounts={vi.fn()} />);
    expect(screen.getByRole('tabpanel').hasAttribute('tabindex')).toBe(false);
  });
});
