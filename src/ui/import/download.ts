// Saving text the user asked for: a file download (a Blob behind an <a download>), or the
// clipboard. The text is handed over and dropped, never kept in React state.

export function downloadText(fileName: string, text: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has started from the URL; give the browser a moment before revoking it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from a title: letters, digits and dashes. */
export function fileSlug(title: string, fallback: string): string {
  const s = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return s || fallback;
}

export async function copyText(text: string): Promise<string> {
  try {
    await navigator.clipboard.writeText(text);
    return `Copied ${text.length.toLocaleString('en-US')} characters`;
  } catch (e) {
    return `The clipboard refused the text (${e instanceof Error ? e.message : String(e)}); use Download instead`;
  }
}
