/**
 * Quoting a path or name for the shell a command is typed into, so that nothing in it is
 * interpreted: a device path `/dev/disk2;curl …|sh` stays one argument and runs nothing.
 *
 *   POSIX sh:    '…'  (no character is special inside; ' itself becomes '\'')
 *   PowerShell:  '…'  (no variable or backtick expansion; ' itself becomes '')
 *   cmd.exe:     "…"  (% and ! still expand inside quotes, and " cannot be escaped: refused)
 */

/** POSIX sh (bash, zsh, dash): single quotes. */
export function shQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** PowerShell: single quotes, where only ' (and its typographic twins) needs doubling. */
export function psQuote(text: string): string {
  return `'${text.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

/**
 * cmd.exe: double quotes. Null when the text cannot be quoted safely for cmd (a `"`, a line
 * break, or `%`/`!`, which cmd expands even inside quotes).
 */
export function cmdQuote(text: string): string | null {
  if (/["%!\r\n]/.test(text)) return null;
  return `"${text}"`;
}

/** True when the text must be quoted to be one shell word (anything beyond a plain path). */
export function needsQuoting(text: string): boolean {
  return !/^[A-Za-z0-9_./:\\@+=,-]+$/.test(text);
}
