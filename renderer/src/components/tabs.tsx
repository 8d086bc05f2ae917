import * as RadixTabs from '@radix-ui/react-tabs';
import type { ReactNode } from 'react';

export interface TabDef<K extends string> {
  key: K;
  label: string;
  render: () => ReactNode;
}

/**
 * WAI-ARIA tabs on Radix Tabs: arrow keys (wrapping), Home and End move between tabs and select
 * them; Ctrl+1…9 is handled by the shell. Only the selected tab's panel is rendered, as before:
 * leaving a tab unmounts it (forms keep their input in the draft store, renderer/src/forms/).
 */
export function Tabs<K extends string>({
  tabs,
  active,
  onChange,
  label,
}: {
  tabs: TabDef<K>[];
  active: K;
  onChange: (k: K) => void;
  label: string;
}) {
  const current = tabs.find((t) => t.key === active) ?? tabs[0]!;
  return (
    <RadixTabs.Root
      className="tabs"
      value={current.key}
      onValueChange={(value) => {
        const tab = tabs.find((t) => t.key === value);
        if (tab) onChange(tab.key);
      }}
    >
      <RadixTabs.List aria-label={label} className="tabs__list">
        {tabs.map((tab) => (
          <RadixTabs.Trigger key={tab.key} value={tab.key} className="tabs__tab">
            {tab.label}
          </RadixTabs.Trigger>
        ))}
      </RadixTabs.List>
      {/* Radix makes a panel a Tab stop of its own; the panels were not one (their controls are). */}
      <RadixTabs.Content value={current.key} className="tabs__panel" tabIndex={undefined}>
        {current.render()}
      </RadixTabs.Content>
    </RadixTabs.Root>
  );
}
