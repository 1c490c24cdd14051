/**
 * Input generators for the fuzzer.
 *
 * Two families:
 *  - `anyMutation`: anything goes (random bytes, splices, huge and negative numbers, deep
 *    nesting, very long lines, every Unicode class). The target must not throw or hang.
 *  - `numbersUntouched`: edits that never add, remove or split a run of digits and never
 *    drop or duplicate a line that holds digits. A listing parser given such an input may
 *    refuse it, but every value it still calls exact must be one of the original's.
 */
import { Rng } from "../../src/lib/prng.testkit.ts";
import { randomChar, randomText } from "./random.ts";

const HUGE_NUMBERS = [
  "0",
  "-1",
  "-9223372036854775808",
  "4294967296",
  "9007199254740993",
  "18446744073709551616",
  "1".repeat(400),
  "1e309",
  "NaN",
  "0x7fffffff",
  "1.5",
  "１２３",
];

export function anyMutation(rng: Rng, seeds: readonly string[]): string | Uint8Array {
  const seed = seeds.length > 0 ? rng.pick(seeds) : "";
  switch (rng.below(10)) {
    case 0: {
      const bytes = new Uint8Array(rng.int(0, 2048));
      for (let i = 0; i < bytes.length; i++) bytes[i] = rng.below(256);
      if (rng.bool(0.3) && bytes.length >= 2) {
        // A UTF-16 byte-order mark in front of garbage.
        bytes[0] = rng.bool(0.5) ? 0xff : 0xfe;
        bytes[1] = bytes[0] === 0xff ? 0xfe : 0xff;
      }
      return bytes;
    }
    case 1:
      return randomText(rng, rng.int(0, 500));
    case 2:
      return flipBytes(rng, new TextEncoder().encode(seed));
    case 3:
      return replaceNumbers(rng, seed);
    case 4:
      return spliceLines(rng, seed, seeds);
    case 5:
      return insertLongLine(rng, seed);
    case 6:
      return deepNesting(rng);
    case 7:
      return sprinkle(rng, seed, () => randomChar(rng));
    case 8:
      return utf16(rng, seed);
    default:
      return numbersUntouched(rng, seed);
  }
}

function flipBytes(rng: Rng, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data);
  const flips = rng.int(1, 8);
  for (let i = 0; i < flips && out.length > 0; i++) out[rng.below(out.length)] = rng.below(256);
  return out;
}

function replaceNumbers(rng: Rng, text: string): string {
  return text.replace(/[0-9]+/g, (m) => (rng.bool(0.3) ? rng.pick(HUGE_NUMBERS) : m));
}

function spliceLines(rng: Rng, text: string, seeds: readonly string[]): string {
  const lines = text.split("\n");
  const other = (seeds.length > 0 ? rng.pick(seeds) : "").split("\n");
  const at = rng.below(lines.length + 1);
  const from = rng.below(other.length + 1);
  lines.splice(at, rng.below(3), ...other.slice(from, from + rng.int(0, 20)));
  if (rng.bool(0.3)) lines.reverse();
  return lines.join(rng.bool(0.5) ? "\n" : "\r\n");
}

function insertLongLine(rng: Rng, text: string): string {
  const unit = rng.pick(["9", " ", "a", "Disk #0, Partition #", "\t", "─", "\u202e", "1 "]);
  const long = unit.repeat(Math.ceil(rng.int(1000, 200_000) / unit.length));
  const lines = text.split("\n");
  lines.splice(rng.below(lines.length + 1), 0, long);
  return lines.join("\n");
}

function deepNesting(rng: Rng): string {
  const depth = rng.int(100, 100_000);
  const [open, close] = rng.pick([
    ["[", "]"],
    ['{"a":', "}"],
    ['{"__proto__":', "}"],
  ] as const);
  return open.repeat(depth) + (rng.bool(0.5) ? "1" : "") + close.repeat(rng.below(depth + 1));
}

function utf16(rng: Rng, text: string): Uint8Array {
  const le = rng.bool(0.7);
  const out = new Uint8Array(2 + text.length * 2 + (rng.bool(0.2) ? 1 : 0));
  out[0] = le ? 0xff : 0xfe;
  out[1] = le ? 0xfe : 0xff;
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    out[2 + 2 * i] = le ? u & 0xff : u >> 8;
    out[3 + 2 * i] = le ? u >> 8 : u & 0xff;
  }
  return out;
}

/** Inserts generated characters at random places, never between two digits. */
function sprinkle(rng: Rng, text: string, make: () => string): string {
  let out = text;
  const count = rng.int(1, 6);
  for (let i = 0; i < count; i++) {
    const at = rng.below(out.length + 1);
    if (isDigit(out[at - 1]) && isDigit(out[at])) continue;
    const piece = make();
    out = out.slice(0, at) + piece + out.slice(at);
  }
  return out;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const NO_DIGIT_NOISE = [
  "$ sudo fdisk -l",
  "C:\\Users\\admin>wmic partition get Name,StartingOffset",
  "   ",
  "\t",
  "> ",
  "Welcome to the machine",
  "Partition table entries are not in disk order.",
  "─────────",
  "Name",
  "Device",
  "Disk",
  "*",
  "\u202e",
];

/**
 * Edits that leave every digit run intact: noise lines without digits, changed line ends,
 * indentation and quote markers, trailing blanks, deleted or duplicated digit-free lines,
 * and non-digit characters inserted anywhere but between two digits.
 */
export function numbersUntouched(rng: Rng, text: string): string {
  let lines = text.split(/\r\n|\n/);
  const edits = rng.int(1, 4);
  for (let e = 0; e < edits; e++) {
    switch (rng.below(7)) {
      case 0:
        lines.splice(rng.below(lines.length + 1), 0, rng.pick(NO_DIGIT_NOISE));
        break;
      case 1: {
        const prefix = rng.pick(["  ", "\t", "> ", "# "]);
        lines = lines.map((l) => prefix + l);
        break;
      }
      case 2: {
        const i = rng.below(lines.length);
        lines[i] = (lines[i] ?? "") + rng.pick([" ", "   ", "\t", " \t "]);
        break;
      }
      case 3: {
        const i = rng.below(lines.length);
        const line = lines[i] ?? "";
        if (!/[0-9]/.test(line)) lines.splice(i, 1);
        break;
      }
      case 4: {
        const i = rng.below(lines.length);
        const line = lines[i] ?? "";
        if (!/[0-9]/.test(line)) lines.splice(i, 0, line);
        break;
      }
      case 5: {
        const i = rng.below(lines.length);
        lines[i] = sprinkle(rng, lines[i] ?? "", () =>
          rng.pick([" ", "\t", "x", ",", "|", "\u00a0", "#", "é", "\u200b"]),
        );
        break;
      }
      default:
        break;
    }
  }
  return lines.join(rng.bool(0.5) ? "\r\n" : "\n");
}
