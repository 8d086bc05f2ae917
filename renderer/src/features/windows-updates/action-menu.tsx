import { useEffect, useRef, type KeyboardEvent } from 'react';

export interface MenuItem {
  id: string;
  label: string;
  shortcut?: string;
  disabled?: boolean;
  onSelect: () => void;
}

/**
 * A WAI-ARIA menu (AG Grid Community has no context menu): opened by right-click, by the
 * ContextMenu key / Shift+F10 on the grid, or by a toolbar menu button. Arrow keys, Home and End
 * move, Enter or Space runs an item, Escape and Tab close and give focus back to the opener.
 */
export function ActionMenu({
  items,
  position,
  label,
  onClose,
  testId,
}: {
  items: MenuItem[];
  position: { x: number; y: number };
  label: string;
  onClose: () => void;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    opener.current = document.activeElement;
    // Focus the first usable item, or the menu itself when every item is disabled (Escape still works).
    (
      ref.current?.querySelector<HTMLButtonElement>('[role="menuitem"]:not([disabled])') ?? ref.current
    )?.focus();
    const outside = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    const escape = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('mousedown', outside);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('mousedown', outside);
      document.removeEventListener('keydown', escape);
      if (opener.current instanceof HTMLElement) opener.current.focus();
    };
  }, [onClose]);

  const move = (e: KeyboardEvent<HTMLDivElement>) => {
    const buttons = [
      ...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([disabled])') ?? []),
    ];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    let next = -1;
    if (e.key === 'ArrowDown') next = (i + 1) % buttons.length;
    else if (e.key === 'ArrowUp') next = (i - 1 + buttons.length) % buttons.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = buttons.length - 1;
    else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      onClose();
      return;
    }
    const target = next >= 0 ? buttons[next] : undefined;
    if (target) {
      e.preventDefault();
      target.focus();
    }
  };

  // Keep the menu inside the window.
  const x = Math.max(0, Math.min(position.x, window.innerWidth - 320));
  const y = Math.max(0, Math.min(position.y, window.innerHeight - 40 * items.length - 16));
  return (
    <div
      ref={ref}
      className="action-menu"
      role="menu"
      aria-label={label}
      data-testid={testId}
      tabIndex={-1}
      style={{ left: x, top: y }}
      onKeyDown={move}
    >
      {items.map((item) => (
        <button
          key={item.id}
          type="button"
          role="menuitem"
          className="action-menu__item"
          data-menu-item={item.id}
          disabled={item.disabled}
          onClick={() => {
            onClose();
            item.onSelect();
          }}
        >
          <span>{item.label}</span>
          {item.shortcut && <kbd className="action-menu__shortcut">{item.shortcut}</kbd>}
        </button>
      ))}
    </div>
  );
}
