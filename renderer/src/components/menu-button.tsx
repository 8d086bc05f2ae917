import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

export interface MenuItem {
  key: string;
  label: string;
  disabled?: boolean;
  onSelect: () => void;
}

/** A button opening a WAI-ARIA menu: arrows move, Enter/Space choose, Escape closes. */
export function MenuButton({ label, items, testId }: { label: string; items: MenuItem[]; testId?: string }) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const itemRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) itemRefs.current[active]?.focus();
  }, [open, active]);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') setOpen(false);
    if (e.key === 'ArrowDown') setActive((a) => (a + 1) % items.length);
    if (e.key === 'ArrowUp') setActive((a) => (a - 1 + items.length) % items.length);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') e.preventDefault();
  };
  return (
    <div className="popover-anchor" ref={root} onKeyDown={onKey}>
      <button
        type="button"
        className="btn"
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid={testId}
        onClick={() => (setActive(0), setOpen((o) => !o))}
      >
        {label} ▾
      </button>
      {open && (
        <div className="popover" role="menu" aria-label={label}>
          {items.map((item, i) => (
            <button
              key={item.key}
              ref={(el) => {
                itemRefs.current[i] = el;
              }}
              type="button"
              role="menuitem"
              className="menu__item"
              data-action={item.key}
              disabled={item.disabled}
              tabIndex={i === active ? 0 : -1}
              onClick={() => {
                setOpen(false);
                item.onSelect();
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
