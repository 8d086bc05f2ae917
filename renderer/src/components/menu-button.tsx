import { ToolbarMenu } from './ui/menu';

/** A toolbar menu's item; `key` names it (rendered as `data-action`, and the palette's command id). */
export interface MenuItem {
  key: string;
  label: string;
  disabled?: boolean;
  onSelect: () => void;
}

/**
 * A toolbar button opening a menu ("Actions ▾"): the Radix menu of components/ui/menu.tsx, with
 * the items' `data-action` hook the toolbars have always had.
 */
export function MenuButton({ label, items, testId }: { label: string; items: MenuItem[]; testId?: string }) {
  return (
    <ToolbarMenu
      label={label}
      items={items.map(({ key, ...item }) => ({ id: key, ...item }))}
      idAttribute="data-action"
      testId={testId}
    />
  );
}
