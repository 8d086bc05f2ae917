/** Saves text as a file through the browser's download (Electron shows its save dialog for it). */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function timestampForFile(iso: string): string {
  return iso.replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z');
}
