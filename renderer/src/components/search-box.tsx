/**
 * A search box above a grid or a list: its label is also its placeholder (the box has no visible
 * label), `name` identifies it to tests and to the browser's form memory.
 */
export function SearchBox({
  name,
  label,
  value,
  onChange,
}: {
  name: string;
  label: string;
  value: string;
  onChange: (text: string) => void;
}) {
  return (
    <input
      type="search"
      name={name}
      className="searchbar__text"
      placeholder={label}
      aria-label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
