/**
 * What copying does to a listing, for tests (degraded.test.ts, wrapped.test.ts, the parted and
 * host-check tests): a web page collapsing its blanks, a narrow console wrapping its lines.
 */

/** Every run of blanks one space, each line trimmed: a listing pasted through a web page. */
export const collapseBlanks = (text: string): string =>
  text
    .split(/\r?\n/)
    .map((l) => l.replace(/[ \t]+/g, " ").trim())
    .join("\n");

/** Each line cut into pieces of `width` characters, one per line: a console that narrow. */
export const consoleWrap = (text: string, width: number): string =>
  text
    .split(/\r?\n/)
    .flatMap((line) => {
      const pieces: string[] = [];
      for (let i = 0; i === 0 || i < line.length; i += width) pieces.push(line.slice(i, i + width));
      return pieces;
    })
    .join("\n");
