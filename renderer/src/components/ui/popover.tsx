import * as Popover from '@radix-ui/react-popover';
import type { ReactNode } from 'react';
import { Button } from '../button';

/**
 * A toolbar button with a small non-modal panel under it, on Radix Popover: Escape, a click
 * outside and a second click on the button close it, focus goes into the panel when it opens and
 * back to the button when it closes. Not portalled, for the reason the menus are not
 * (components/ui/menu.tsx): inside a modal dialog it stays part of the dialog's content.
 */
export function ToolbarPopover({
  label,
  disabled,
  children,
  role = 'group',
}: {
  /** The button's text and the panel's accessible name. */
  label: string;
  disabled?: boolean;
  children: ReactNode;
  /** The panel's role: `group` for a set of controls (Radix's default, `dialog`, suits a form). */
  role?: 'group' | 'dialog';
}) {
  return (
    <Popover.Root>
      <Popover.Trigger asChild disabled={disabled ?? false}>
        <Button>{label}</Button>
      </Popover.Trigger>
      <Popover.Content
        className="popover ui-popover"
        role={role}
        aria-label={label}
        align="start"
        sideOffset={4}
        collisionPadding={8}
      >
        {children}
      </Popover.Content>
    </Popover.Root>
  );
}
