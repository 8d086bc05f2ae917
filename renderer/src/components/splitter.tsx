import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { SPLITTER_MAX, SPLITTER_MIN, type Settings } from '../../../common/ipc/contract';
import { useApi } from '../platform/api-client';
import { coreKeys, coreQueries } from '../queries/core';

/** Percent moved by one arrow key press (Page Up / Page Down move four times as far). */
const KEY_STEP = 5;

export const clampSplit = (percent: number) =>
  Math.round(Math.min(SPLITTER_MAX, Math.max(SPLITTER_MIN, percent)));

/**
 * The next position for a key press on a separator (WAI-ARIA window splitter pattern), or null
 * for a key the splitter does not handle.
 */
export function splitAfterKey(current: number, key: string): number | null {
  switch (key) {
    case 'ArrowUp':
    case 'ArrowLeft':
      return clampSplit(current - KEY_STEP);
    case 'ArrowDown':
    case 'ArrowRight':
      return clampSplit(current + KEY_STEP);
    case 'PageUp':
      return clampSplit(current - 4 * KEY_STEP);
    case 'PageDown':
      return clampSplit(current + 4 * KEY_STEP);
    case 'Home':
      return SPLITTER_MIN;
    case 'End':
      return SPLITTER_MAX;
    default:
      return null;
  }
}

/**
 * Two panes stacked one above the other with a resizable separator between them (pointer drag,
 * or the keyboard: arrows, Page Up/Down, Home/End). Where it was left is saved in the settings
 * (`splitters[id]`), so it comes back after a restart. Without a second pane, the first one takes
 * the whole height.
 */
export function Splitter({
  id,
  label,
  defaultPercent,
  first,
  second,
  testId,
}: {
  id: string;
  /** Accessible name of the separator ("Resize the host details"). */
  label: string;
  /** The first pane's share of the height until the person moves the separator. */
  defaultPercent: number;
  first: ReactNode;
  second: ReactNode | null;
  testId?: string;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const settings = useQuery(coreQueries.settings(api));
  const saved = settings.data?.splitters?.[id];
  const [percent, setPercent] = useState<number>(saved ?? defaultPercent);
  const container = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);

  // Saves go out one at a time and only the latest position is sent next: a few quick key
  // presses must not race and leave an older position in the settings.
  const wanted = useRef<number | null>(null);
  const saving = useRef(false);

  // Once the person moved it here, the position on screen is the truth: the settings echo each
  // save back, and an echo arriving after a later key press would otherwise undo that press.
  const moved = useRef(false);
  useEffect(() => {
    if (saved !== undefined && !dragging.current && !saving.current && !moved.current) setPercent(saved);
  }, [saved]);

  const flushSaves = async () => {
    if (saving.current) return;
    saving.current = true;
    try {
      while (wanted.current !== null) {
        const value = wanted.current;
        wanted.current = null;
        const current = queryClient.getQueryData<Settings>(coreKeys.settings);
        try {
          const next = await api.call('settings.update', {
            splitters: { ...(current?.splitters ?? {}), [id]: value },
          });
          queryClient.setQueryData(coreKeys.settings, next);
        } catch {
          // The position stays on screen; it is saved again with the next move.
        }
      }
    } finally {
      saving.current = false;
    }
  };
  const commit = (value: number) => {
    moved.current = true;
    setPercent(value);
    // Compared with the cache, not with this render's `saved`: a save answered a moment ago is
    // in the cache before the re-render that shows it, and a key press in between would be
    // mistaken for "already saved" against the older value and never sent.
    const stored = queryClient.getQueryData<Settings>(coreKeys.settings)?.splitters?.[id];
    if (value === stored && !saving.current) return;
    wanted.current = value;
    void flushSaves();
  };

  const fromPointer = (e: PointerEvent) => {
    const box = container.current?.getBoundingClientRect();
    if (!box || box.height <= 0) return percent;
    return clampSplit(((e.clientY - box.top) / box.height) * 100);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const next = splitAfterKey(percent, e.key);
    if (next === null) return;
    e.preventDefault();
    commit(next);
  };

  if (second === null) {
    return (
      <div className="splitter splitter--single" data-testid={testId}>
        <div className="splitter__pane">{first}</div>
      </div>
    );
  }
  return (
    <div className="splitter" ref={container} data-testid={testId}>
      <div className="splitter__pane" style={{ flexBasis: `${percent}%` }}>
        {first}
      </div>
      <div
        className="splitter__handle"
        role="separator"
        aria-orientation="horizontal"
        aria-label={label}
        aria-valuemin={SPLITTER_MIN}
        aria-valuemax={SPLITTER_MAX}
        aria-valuenow={percent}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onPointerDown={(e) => {
          dragging.current = true;
          e.currentTarget.setPointerCapture(e.pointerId);
        }}
        onPointerMove={(e) => {
          if (dragging.current) setPercent(fromPointer(e));
        }}
        onPointerUp={(e) => {
          if (!dragging.current) return;
          dragging.current = false;
          e.currentTarget.releasePointerCapture(e.pointerId);
          commit(fromPointer(e));
        }}
      />
      <div className="splitter__pane" style={{ flexBasis: `${100 - percent}%` }}>
        {second}
      </div>
    </div>
  );
}
