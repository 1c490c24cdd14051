/**
 * What a paste may have put in front of every line, taken off only when the lines as pasted
 * read to nothing: a pastebin's or an editor's line numbers (`1 `, ` 12 `, `3. `, `4\t`,
 * consecutive over every line), a forum's `| ` quote bar, or the indentation every line
 * shares. The numbers of a listing's own rows (parted's `Number`, partx's `NR`) are never
 * consecutive over every line of a paste, header and disk lines included, so they are not
 * taken for line numbers.
 */

import { expandTabs } from "./text.ts";

export interface Unframed {
  lines: string[];
  /** What was taken off, for the note: "line numbers", "`| ` quote bars" or indentation. */
  what: string;
}

const NUMBERED = /^\s*(\d{1,6})[.:|)]?(?:[\t ]|$)/;
const QUOTE_BAR = /^\s*\|(?: |$)/;

/** The lines without the line numbers or quote bars in front of each, or null. */
export function unframe(lines: readonly string[]): Unframed | null {
  return lineNumbersOff(lines) ?? quoteBarsOff(lines) ?? indentOff(lines);
}

/**
 * The indentation every line shares taken off: a Markdown code block is the text indented by
 * four spaces, and copied from a post's source it keeps them. PowerShell's `Key : Value` lists
 * must start at the left edge (an indented line continues the value above). Columns keep their
 * places relative to each other.
 */
function indentOff(lines: readonly string[]): Unframed | null {
  const plain = lines.map((l) => expandTabs(l.replace(/\r$/, "")));
  const indents = plain.filter((l) => l.trim() !== "").map((l) => l.length - l.trimStart().length);
  const common = Math.min(...indents);
  if (indents.length < 3 || common === 0 || !Number.isFinite(common)) return null;
  return {
    lines: plain.map((l) => (l.trim() === "" ? "" : l.slice(common))),
    what: `the same ${common} blanks of indentation (a forum's code block)`,
  };
}

function lineNumbersOff(lines: readonly string[]): Unframed | null {
  let first: { index: number; n: number } | null = null;
  let numbered = 0;
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").replace(/\r$/, "");
    const m = NUMBERED.exec(line);
    if (!m) {
      // A blank line may have lost its number (or be the paste's last line).
      if (line.trim() !== "") return null;
      out.push(line);
      continue;
    }
    const n = Number(m[1]);
    first ??= { index: i, n };
    if (n !== first.n + (i - first.index)) return null;
    numbered++;
    out.push(line.slice(m[0].length));
  }
  return numbered >= 3 ? { lines: out, what: "line numbers" } : null;
}

function quoteBarsOff(lines: readonly string[]): Unframed | null {
  let barred = 0;
  const out: string[] = [];
  for (const raw of lines) {
    const line = raw.replace(/\r$/, "");
    const m = QUOTE_BAR.exec(line);
    if (!m) {
      if (line.trim() !== "") return null;
      out.push(line);
      continue;
    }
    barred++;
    out.push(line.slice(m[0].length));
  }
  return barred >= 3 ? { lines: out, what: "`| ` quote bars" } : null;
}

/** A forum's code markup glued to a listing's first or last line. */
const MARKUP_BEFORE = /^\s*(?:`{3,}|~{3,}|\[code(?:=[^\]]*)?\]|\[\/code\])/i;
const MARKUP_AFTER = /(?:`{3,}|~{3,}|\[\/code\])\s*$/i;

/**
 * A line without the Markdown fence (```` ``` ````, `~~~`) or BBCode tag (`[code]`, `[/code]`)
 * a post glued to it: ```` ```Disk /dev/sda: … ```` is the disk line, and the last row's type
 * does not end in backticks. A fence on a line of its own leaves an empty line (or its language
 * word, which stays a note).
 *
 * @example withoutMarkup("```Disk /dev/sda: 2 GiB, …") // "Disk /dev/sda: 2 GiB, …"
 */
export function withoutMarkup(line: string): string {
  if (!line.includes("`") && !line.includes("~") && !line.includes("[")) return line;
  return line.replace(MARKUP_BEFORE, "").replace(MARKUP_AFTER, "");
}
