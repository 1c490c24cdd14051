/**
 * Random text for fuzzing, drawn from the one seeded PRNG (src/lib/prng.testkit.ts): the same
 * seed gives the same inputs, so a failure found once can be replayed (the fuzzer prints the seed).
 */
import type { Rng } from "../../src/lib/prng.testkit.ts";

/** Code point ranges of the Unicode classes that break naive text handling. */
export const UNICODE_CLASSES: readonly (readonly [number, number])[] = [
  [0x20, 0x7e], // ASCII printable
  [0x00, 0x1f], // C0 controls, NUL included
  [0x7f, 0x9f], // DEL and C1 controls (U+0085 is NEL)
  [0xa0, 0xff], // Latin-1
  [0x300, 0x36f], // combining marks
  [0x590, 0x6ff], // Hebrew and Arabic (right-to-left)
  [0x660, 0x669], // Arabic-Indic digits
  [0x200b, 0x200f], // zero-width characters and direction marks
  [0x2028, 0x2029], // line and paragraph separators
  [0x202a, 0x202e], // bidirectional embeddings and overrides
  [0x2066, 0x2069], // bidirectional isolates
  [0x4e00, 0x9fff], // CJK
  [0xd800, 0xdfff], // lone surrogates
  [0xe000, 0xf8ff], // private use
  [0xfeff, 0xfeff], // byte-order mark
  [0xff10, 0xff19], // full-width digits
  [0x1f600, 0x1f64f], // emoji (astral plane)
];

export function randomChar(rng: Rng): string {
  const [lo, hi] = rng.pick(UNICODE_CLASSES);
  const cp = rng.int(lo, hi);
  // Lone surrogates cannot go through String.fromCodePoint's pairing: build them directly.
  return cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp);
}

export function randomText(rng: Rng, length: number): string {
  let s = "";
  for (let i = 0; i < length; i++) s += randomChar(rng);
  return s;
}
