import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import { isModalOpen, useFocusReturn } from '../components/modal';
import { useI18n } from '../i18n/i18n';
import { filterCommands, matchesShortcut } from './command-match';
import { usePaletteCommands, type Command } from './command-registry';

/** The palette's own shortcuts: Ctrl+K, and Ctrl+Shift+P as in code editors. */
export const PALETTE_SHORTCUTS = ['Ctrl+K', 'Ctrl+Shift+P'] as const;

/**
 * The command palette: Ctrl+K or Ctrl+Shift+P opens it (not over another dialog), typing filters
 * every command (the shell's and every tab's, command-catalogue.ts), arrows move, Enter runs (a
 * command of another tab switches to it first), Escape or a click outside closes. WAI-ARIA
 * combobox with a listbox popup in a modal Radix Dialog (focus trapped; given back to where it was
 * on close, components/modal.tsx useFocusReturn).
 */
export function CommandPalette() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!PALETTE_SHORTCUTS.some((s) => matchesShortcut(e, s))) return;
      // Another dialog owns the keyboard (its own Escape and focus trap): no palette over it.
      if (!open && isModalOpen()) return;
      e.preventDefault();
      setOpen((o) => !o);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  return open ? <PaletteDialog onClose={() => setOpen(false)} /> : null;
}

function PaletteDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const commands = usePaletteCommands();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const ids = useId();
  const shown = useMemo(() => filterCommands(commands, query), [commands, query]);
  const current = Math.min(active, Math.max(0, shown.length - 1));
  const { onCloseAutoFocus, giveFocusBack } = useFocusReturn();

  useEffect(() => {
    list.current?.querySelector(`[data-index="${current}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const run = (command: Command | undefined) => {
    if (!command || command.disabledReason) return;
    // Close first, at once (its focus trap goes with it), and give the focus back to where it
    // was, so a field the command focuses or a dialog it opens keeps the focus.
    flushSync(onClose);
    giveFocusBack();
    command.run();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const move = (to: number) => {
      e.preventDefault();
      if (shown.length > 0) setActive((to + shown.length) % shown.length);
    };
    if (e.key === 'ArrowDown') move(current + 1);
    else if (e.key === 'ArrowUp') move(current - 1);
    else if (e.key === 'Home' && e.ctrlKey) move(0);
    else if (e.key === 'End' && e.ctrlKey) move(shown.length - 1);
    else if (e.key === 'PageDown') move(Math.min(current + 8, shown.length - 1));
    else if (e.key === 'PageUp') move(Math.max(current - 8, 0));
    else if (e.key === 'Enter') {
      e.preventDefault();
      run(shown[current]);
    }
  };
  const listId = `${ids}-list`;
  const optionId = (i: number) => `${ids}-option-${i}`;
  return (
    <Dialog.Root
      open
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className="palette"
          aria-label={t('palette.title')}
          aria-modal="true"
          aria-describedby={undefined}
          data-testid="command-palette"
          onOpenAutoFocus={(e) => {
            e.preventDefault();
            input.current?.focus();
          }}
          onCloseAutoFocus={onCloseAutoFocus}
          // Escape and a click outside (on the overlay) close it, as in other palettes: Radix's
          // default for a dialog, which the console's other dialogs refuse (components/modal.tsx).
        >
          <input
            ref={input}
            className="palette__input"
            type="text"
            name="commandPaletteQuery"
            role="combobox"
            aria-label={t('palette.title')}
            aria-expanded="true"
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={shown.length > 0 ? optionId(current) : undefined}
            placeholder={t('palette.placeholder')}
            autoComplete="off"
            spellCheck={false}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
            }}
            onKeyDown={onKeyDown}
          />
          <ul
            className="palette__list"
            role="listbox"
            id={listId}
            ref={list}
            aria-label={t('palette.results')}
          >
            {shown.map((c, i) => (
              <li
                key={c.id}
                id={optionId(i)}
                role="option"
                data-index={i}
                data-command={c.id}
                aria-selected={i === current}
                aria-disabled={c.disabledReason ? true : undefined}
                className={i === current ? 'palette__option palette__option--active' : 'palette__option'}
                onMouseMove={() => i !== current && setActive(i)}
                onClick={() => run(c)}
              >
                <span className="palette__label">{c.label}</span>
                <span className="palette__group">{c.group}</span>
                {c.disabledReason && <span className="palette__reason">{c.disabledReason}</span>}
                {c.shortcut && <kbd className="palette__kbd">{c.shortcut}</kbd>}
              </li>
            ))}
          </ul>
          {shown.length === 0 && (
            <p className="palette__empty" role="status">
              {t('palette.noMatch')}
            </p>
          )}
          <p className="palette__hint">{t('palette.hint')}</p>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
