import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useRef, useState } from 'react';
import { Button } from '../button';

/**
 * The console's menus on Radix DropdownMenu (WAI-ARIA menu pattern kept by a maintained library):
 * arrows, Home/End, Enter/Space, type-ahead on the labels, Escape and click-outside all come from
 * Radix. Two shapes: a toolbar button's menu (`ToolbarMenu`) and a menu opened at a point
 * (`PointerMenu`: the grids' right-click, ContextMenu key and Shift+F10; the grid toolkit gives the
 * position and applies the file-manager selection rule before, renderer/src/grids/grid-selection.ts).
 */
export interface MenuItemDef {
  id: string;
  label: string;
  /** Shown aside (the key that runs the same action). */
  shortcut?: string;
  disabled?: boolean;
  onSelect: () => void;
}

/**
 * The attribute that carries an item's id for tests and styles: context menus have always used
 * `data-menu-item`, the toolbar's Actions menu `data-action` (the E2E page objects select on them).
 */
export type MenuItemIdAttribute = 'data-menu-item' | 'data-action';

interface MenuContentProps {
  /**
   * Close when the focus moves elsewhere (Radix's default). Off for a menu opened on a grid: the
   * grid may put the focus back on its cell after the right-click that opened the menu.
   */
  closeOnFocusOutside?: boolean;
  items: readonly MenuItemDef[];
  label: string;
  testId?: string | undefined;
  idAttribute: MenuItemIdAttribute;
  /** Where focus goes back when the menu closes and nothing else took it. */
  returnFocusTo: () => HTMLElement | null;
}

/**
 * The menu's content, shared by both shapes. Not portalled: a menu opened inside a modal dialog
 * (components/modal.tsx) stays inside the dialog's content, so the dialog's focus trap, its hiding
 * of the rest of the page from assistive technologies and its scroll lock all count the menu as
 * part of the dialog, with no reliance on Radix's bookkeeping between two portals. Placement is
 * unaffected: Radix positions the menu `fixed` against the window, and the dialogs are centred
 * without a CSS transform (which would make them the menu's containing block).
 */
function MenuContent({
  closeOnFocusOutside = true,
  items,
  label,
  testId,
  idAttribute,
  returnFocusTo,
}: MenuContentProps) {
  return (
    <DropdownMenu.Content
      className="ui-menu"
      // Named by its label, not by Radix's link to the trigger ("Actions ▾", or the invisible anchor).
      aria-labelledby={undefined}
      aria-label={label}
      data-testid={testId}
      align="start"
      sideOffset={2}
      alignOffset={2}
      collisionPadding={8}
      loop
      onFocus={(e) => {
        // Focus entering the menu from outside (Radix focuses the content itself when it opens):
        // give it to the first usable item however the menu was opened, as the hand-written menus
        // did; with every item disabled the content keeps it (Escape works). Focus coming back
        // from an item (the pointer leaving it) stays on the content.
        if (e.target !== e.currentTarget || e.currentTarget.contains(e.relatedTarget)) return;
        e.currentTarget
          .querySelector<HTMLElement>('[role="menuitem"]:not([data-disabled])')
          ?.focus({ preventScroll: true });
      }}
      onFocusOutside={(e) => {
        if (!closeOnFocusOutside) e.preventDefault();
      }}
      onCloseAutoFocus={(e) => {
        // Radix gives the focus to the trigger, for PointerMenu the invisible anchor: give it to
        // the opener instead (a grid cell, a toolbar button), and only when it was lost, not when
        // an item opened a dialog that holds it. Inside a dialog, "lost" is also the focus parked
        // on the dialog itself (its focus trap catches the focus of the removed item).
        e.preventDefault();
        const active = document.activeElement;
        const opener = returnFocusTo();
        const lost =
          active === null || active === document.body || (opener !== null && active.contains(opener));
        if (lost) opener?.focus({ preventScroll: true });
      }}
    >
      {items.map((item) => (
        <DropdownMenu.Item
          key={item.id}
          asChild
          disabled={item.disabled ?? false}
          textValue={item.label}
          onSelect={item.onSelect}
        >
          {/* A real <button disabled> so a disabled item is disabled for every reader and test. */}
          <button
            type="button"
            className="ui-menu__item"
            disabled={item.disabled}
            {...{ [idAttribute]: item.id }}
          >
            <span>{item.label}</span>
            {item.shortcut && <kbd className="ui-menu__shortcut">{item.shortcut}</kbd>}
          </button>
        </DropdownMenu.Item>
      ))}
    </DropdownMenu.Content>
  );
}

/** A toolbar button opening a menu below it ("Actions ▾"). */
export function ToolbarMenu({
  label,
  items,
  testId,
  idAttribute = 'data-menu-item',
  disabled,
}: {
  label: string;
  items: readonly MenuItemDef[];
  /** On the button (the menu itself is found by its role and label). */
  testId?: string;
  idAttribute?: MenuItemIdAttribute;
  disabled?: boolean;
}) {
  const trigger = useRef<HTMLButtonElement>(null);
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger asChild disabled={disabled ?? false}>
        <Button ref={trigger} data-testid={testId}>
          {label} ▾
        </Button>
      </DropdownMenu.Trigger>
      <MenuContent
        items={items}
        label={label}
        idAttribute={idAttribute}
        returnFocusTo={() => trigger.current}
      />
    </DropdownMenu.Root>
  );
}

/**
 * A menu opened at a point of the window, mounted while open: the parent renders it when a
 * right-click or the ContextMenu key asks for it and drops it in `onClose`. Radix places it (and
 * keeps it inside the window) against an invisible anchor at that point.
 *
 * Non-modal on purpose, like the hand-written menus before it: a click elsewhere closes the menu
 * and still does what it was for (a right-click on another row opens that row's menu); the focus
 * moving back to the grid does not close it.
 */
export function PointerMenu({
  items,
  position,
  label,
  onClose,
  testId,
  idAttribute = 'data-menu-item',
}: {
  items: readonly MenuItemDef[];
  position: { x: number; y: number };
  label: string;
  onClose: () => void;
  testId?: string;
  idAttribute?: MenuItemIdAttribute;
}) {
  // The element that had the focus when the menu was asked for (a grid cell, a toolbar button).
  const [opener] = useState(() => document.activeElement);
  return (
    <DropdownMenu.Root open modal={false} onOpenChange={(open) => !open && onClose()}>
      <DropdownMenu.Trigger asChild>
        <span
          className="ui-menu__anchor"
          aria-hidden="true"
          tabIndex={-1}
          style={{ left: position.x, top: position.y }}
        />
      </DropdownMenu.Trigger>
      <MenuContent
        closeOnFocusOutside={false}
        items={items}
        label={label}
        testId={testId}
        idAttribute={idAttribute}
        returnFocusTo={() => (opener instanceof HTMLElement ? opener : null)}
      />
    </DropdownMenu.Root>
  );
}
