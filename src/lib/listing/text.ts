/**
 * Line and column tools every listing parser shares: cleaning what pasting adds (terminal
 * colour codes, forum quote markers, tabs), tokens with their columns, exact decimals, human
 * sizes (exact only when given in bytes or sectors), and a collector of notes for every line a
 * parser did not use. Facts about the formats: docs/listings.md.
 */
import { parseDecimal, MIN_SECTOR_BYTES, MAX_SECTOR_BYTES } from "../units.ts";
import type {
  ListingDisk,
  ListingNote,
  ListingPartition,
  ListingResult,
  ListingFormat,
} from "./types.ts";

/** Lines longer than this are never a listing's; they become (shortened) notes. */
export const MAX_LINE_LENGTH = 2000;
const NOTE_TEXT_LENGTH = 300;

/**
 * Terminal colour and cursor codes (ESC [ … m), present when a `script` log is pasted: fdisk
 * prints its disk lines and column titles in bold on a terminal. A viewer may show the escape
 * as `^[` (`cat -v`, `less`), and a web form may drop it, leaving `[1m` and `[0m`: a colour
 * code (digits and `m`) is removed in those spellings too.
 */
// eslint-disable-next-line no-control-regex -- the escape character is exactly what is matched
const TERMINAL_CODES = /(?:\x1b|\^\[)\[[0-9;?]*[A-Za-z]|\[\d{1,3}(?:;\d{1,3})*m/g;

/**
 * Characters a web page or a word processor slips in that take no room: zero-width space,
 * non-joiner, joiner, word joiner, and a byte order mark left mid-text where two files were
 * joined. Inside a number or a device name they would hide it (`/dev/\u200bsda1` is not a row).
 */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

/**
 * Blanks other than the space, one column wide each: no-break, narrow no-break, and the
 * typographic ones (en, em, figure, thin, hair… U+2000–U+200A). Not U+3000, two columns wide.
 */
const OTHER_SPACES = /[\u00a0\u202f\u2000-\u200a]/g;

/**
 * Quotes a word processor or a chat "smartens": lsblk -P's and partx -P's `NAME="sda1"`, a
 * JSON listing's strings and a quoted device path (`'\\.\PhysicalDrive0'`) need plain ones.
 */
const SMART_DOUBLE_QUOTES = /[\u201c-\u201f\u2033]/g;
const SMART_SINGLE_QUOTES = /[\u2018-\u201b\u2032]/g;

/**
 * A line with the invisible characters removed, the other blanks made spaces and smart quotes
 * made plain, as every parser should see it: `parseListing` does this to every line first.
 */
export const plainChars = (line: string): string =>
  line
    .replace(INVISIBLE, "")
    .replace(OTHER_SPACES, " ")
    .replace(SMART_DOUBLE_QUOTES, '"')
    .replace(SMART_SINGLE_QUOTES, "'");

/** Tabs to the next multiple of 8, as a terminal shows them. */
export function expandTabs(s: string): string {
  if (!s.includes("\t")) return s;
  let out = "";
  for (const ch of s) {
    if (ch === "\t") out += " ".repeat(8 - (out.length % 8));
    else out += ch;
  }
  return out;
}

/**
 * A line as the tool printed it: without colour codes, forum quote markers (`> `), tabs
 * (expanded, so columns keep their positions), no-break spaces and trailing blanks.
 *
 * @example cleanLine("> > /dev/sda1\t2048") // "/dev/sda1       2048"
 */
export function cleanLine(raw: string): string {
  let s = raw.replace(TERMINAL_CODES, "").replace(INVISIBLE, "");
  s = s.replace(/^[ \t]*(?:>[ \t]?)+/, "");
  s = expandTabs(s).replace(OTHER_SPACES, " ");
  return s.replace(/\s+$/, "");
}

/** `text` to be matched literally inside a regular expression: its special characters escaped. */
export const literalPattern = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every line cleaned; overlong lines become empty (their notes say so). */
export function cleanLines(lines: readonly string[]): string[] {
  return lines.map((l) => (l.length > MAX_LINE_LENGTH ? "" : cleanLine(l)));
}

export function shorten(text: string): string {
  return text.length > NOTE_TEXT_LENGTH ? `${text.slice(0, NOTE_TEXT_LENGTH)}…` : text;
}

export interface Token {
  text: string;
  /** Column where the token starts and ends (exclusive) in the cleaned line. */
  at: number;
  end: number;
}

/** The blank-separated words of a line, with their columns. */
export function tokens(line: string): Token[] {
  return [...line.matchAll(/\S+/g)].map((m) => ({
    text: m[0],
    at: m.index,
    end: m.index + m[0].length,
  }));
}

/** A whole decimal number (digits only, up to 40), exact; null otherwise. */
export const decimal = (text: string | undefined): bigint | null =>
  text === undefined ? null : parseDecimal(text.trim(), 40);

/**
 * A decimal with digit-group separators as consoles print them in any locale (`1,048,576`,
 * `1.048.576`, `1 048 576`, `1'048'576`): exact only when every group after the first has three
 * digits, so `1,5` or `1.5` (a fraction) is never taken for a whole number.
 */
export function groupedDecimal(text: string): bigint | null {
  const t = text.trim();
  if (/^\d+$/.test(t)) return decimal(t);
  const m = /^(\d{1,3})((?:[,.' \u00a0\u202f]\d{3})+)$/.exec(t);
  if (!m) return null;
  const separators = new Set(m[2]?.replace(/\d/g, ""));
  if (separators.size !== 1) return null;
  return decimal(t.replace(/[^\d]/g, ""));
}

/** Sector sizes are powers of two from 512 to 64 KiB; anything else is not taken as one. */
export function sectorSizeFrom(text: string | undefined): number | null {
  const n = decimal(text);
  if (n === null || n < MIN_SECTOR_BYTES || n > MAX_SECTOR_BYTES || (n & (n - 1n)) !== 0n)
    return null;
  return Number(n);
}

const BINARY_UNITS: Readonly<Record<string, bigint>> = {
  K: 1n << 10n,
  M: 1n << 20n,
  G: 1n << 30n,
  T: 1n << 40n,
  P: 1n << 50n,
};

/**
 * A size as tools print it, in bytes: exact for plain bytes (`1048576B`, `1048576`), and for
 * whole binary multiples written as such (`512MiB` is exactly 512 × 2^20); null for rounded
 * decimals (`1049kB`, `30.0GB`, `238.5 GiB`) which are never taken as exact.
 */
export function exactSizeBytes(text: string): bigint | null {
  const t = text.trim().replace(/\s+/g, "");
  const plain = /^(\d+)B?$/.exec(t);
  if (plain) return decimal(plain[1]);
  const binary = /^(\d+)([KMGTP])iB$/.exec(t);
  if (binary) {
    const n = decimal(binary[1]);
    const unit = BINARY_UNITS[binary[2] ?? ""];
    return n === null || unit === undefined ? null : n * unit;
  }
  return null;
}

/** Collects notes: every line a parser did not use, and every assumption it made. */
export class Notes {
  readonly list: ListingNote[] = [];
  private readonly used = new Set<number>();

  /**
   * A note about line `line` (0-based index into the lines); `important` when the numbers or
   * the disk they are on rest on what it says (see `ListingNote.important`).
   */
  add(index: number, text: string, important = false): void {
    this.list.push({ line: index + 1, text: shorten(text), ...(important ? { important } : {}) });
  }

  use(index: number): void {
    this.used.add(index);
  }

  /** The (0-based) lines used so far. */
  usedLines(): ReadonlySet<number> {
    return this.used;
  }

  /** Every non-blank line not used becomes a "Not read" note (after 200, one note counts them). */
  unread(lines: readonly string[]): void {
    let count = 0;
    let more = 0;
    lines.forEach((line, index) => {
      if (this.used.has(index) || line.trim() === "") return;
      if (count >= 200) {
        more++;
        return;
      }
      count++;
      this.add(
        index,
        line.length > MAX_LINE_LENGTH
          ? `Not read: a line of ${line.length} characters.`
          : `Not read: ${line.trim()}`,
      );
    });
    if (more > 0) this.list.push({ line: lines.length, text: `${more} more lines not read.` });
    this.list.sort((a, b) => a.line - b.line);
  }
}

/** A disk with nothing known yet. */
export function emptyDisk(device: string | null, line: number): ListingDisk {
  return { device, logicalSectorSize: null, sizeBytes: null, line, partitions: [] };
}

/**
 * The disk named `name` (`disk0`, `sda`) in `disks`, made as `/dev/<name>` when first met on the
 * 0-based line `index`: for outputs that name a disk again in each of its blocks or files.
 */
export function diskNamed(
  disks: Map<string, ListingDisk>,
  name: string,
  index: number,
): ListingDisk {
  let disk = disks.get(name);
  if (!disk) {
    disk = emptyDisk(`/dev/${name}`, index + 1);
    disks.set(name, disk);
  }
  return disk;
}

/**
 * Puts a disk's partitions in the order of their starts, for outputs that list them in another
 * order (by identifier or by file name); partitions without a start keep their place.
 */
export function sortByStart(partitions: ListingPartition[]): void {
  partitions.sort((a, b) =>
    a.startByte === null || b.startByte === null
      ? 0
      : a.startByte < b.startByte
        ? -1
        : a.startByte > b.startByte
          ? 1
          : 0,
  );
}

/**
 * A partition from exact sector numbers: bytes when the sector size is known, otherwise the
 * sector numbers kept aside (`sectorSizeUnknown` on the disk) and nothing claimed exact.
 */
export function partitionFromSectors(
  base: Omit<ListingPartition, "startByte" | "sizeBytes" | "exact">,
  start: bigint | null,
  size: bigint | null,
  sectorSize: number | null,
): ListingPartition {
  if (sectorSize === null) {
    const p: ListingPartition = { ...base, startByte: null, sizeBytes: null, exact: false };
    if (start !== null) p.startSector = start;
    if (size !== null) p.sizeSectors = size;
    return p;
  }
  const unit = BigInt(sectorSize);
  const startByte = start === null ? null : start * unit;
  const sizeBytes = size === null ? null : size * unit;
  return { ...base, startByte, sizeBytes, exact: startByte !== null && sizeBytes !== null };
}

/** The result of a parser that recognised its format. */
export function okResult(
  format: ListingFormat,
  disks: ListingDisk[],
  notes: Notes,
  lines: readonly string[],
): ListingResult {
  notes.unread(lines);
  for (const disk of disks) {
    if (
      disk.logicalSectorSize === null &&
      disk.partitions.some((p) => p.startSector !== undefined)
    ) {
      disk.sectorSizeUnknown = true;
    }
  }
  return { ok: true, format, disks, notes: notes.list };
}

/**
 * The disk a partition's name is on, by the Linux kernel's naming rule (`sda1` → `sda`,
 * `nvme0n1p2` → `nvme0n1`, `mmcblk0p1` → `mmcblk0`; a `/dev/` path keeps its folder), or null.
 */
export function diskOfPartition(part: string): string | null {
  const withP = /^(.*\d)p\d+$/.exec(part);
  if (withP) return withP[1] ?? null;
  const plain = /^(.*[a-z])\d+$/.exec(part);
  return plain ? (plain[1] ?? null) : null;
}

/**
 * The important note for a disk whose partition lines were pasted without any line about the
 * disk itself (fdisk's rows, sfdisk -d's lines): one left out would look like free space. It
 * stays within the length of a note, so no part of the command is cut.
 */
export function linesAloneNote(
  device: string | null,
  what: string,
  unit: string,
  command: string,
): string {
  return `${device ?? "This disk"}: only ${what} were pasted (no line about the disk itself). Any ${unit} left out of the paste is a partition that looks like free space here: check that every partition of the disk is listed, or paste all of \`${command}\`.`;
}

/**
 * A GPT disk that a listing shows only through its MBR: its protective entry (type `ee`), and
 * with a hybrid MBR up to three of its partitions beside it. Tools that read no GPT (fdisk
 * before util-linux 2.23, old sfdisk, busybox built without GPT, macOS fdisk) list it so.
 */
export interface GptBehindMbr {
  disk: ListingDisk;
  /** 1-based line of the `ee` entry. */
  line: number;
}

/**
 * Lists a disk's GPT on any Linux, also where fdisk is older than util-linux 2.23 or is
 * busybox's without GPT. (Not in commands.ts: that module is in the first screen's script.)
 */
export const gptListingCommand = (device: string | null): string =>
  `sudo parted ${device ?? "/dev/sdX"} unit s print`;

/** Why such a disk cannot be planned, and what to run instead. */
export function gptBehindMbrText(disk: ListingDisk, command: string): string {
  const name = disk.device ?? "This disk";
  return disk.partitions.length > 0
    ? `${name} is a GPT disk with a hybrid MBR, and this tool listed only the MBR: at most three of its partitions, so any other would look like free space. Run \`${command}\` and paste that instead.`
    : `${name} is a GPT disk, but this tool listed only its protective MBR entry (type ee), none of its partitions: every sector would look free. Run \`${command}\` and paste that instead.`;
}

/** How the note of a disk a parser took out of its result begins (then the disk's device). */
export const NOT_SHOWN = "Not shown:";

/** A disk a parser takes out of its result, the line it is at, and why (then what to run). */
export interface TakenOut {
  disk: ListingDisk;
  /** 1-based. */
  line: number;
  why: string;
}

/**
 * `result` without the disks in `out`: what the listing shows of each would look free, and is
 * not. Other disks stay, with an important note for each disk taken out (it begins with
 * NOT_SHOWN); with no disk left the listing is refused, saying why for each.
 */
export function withoutDisks(result: ListingResult, out: readonly TakenOut[]): ListingResult {
  if (!result.ok || out.length === 0) return result;
  const disks = result.disks.filter((d) => !out.some((o) => o.disk === d));
  if (disks.length === 0) {
    const error = out.map((o) => `Line ${o.line}: ${o.why}`).join(" ");
    return { ok: false, error, notes: result.notes, everyDiskTakenOut: true };
  }
  const notes = [
    ...result.notes,
    ...out.map((o) => ({
      line: o.line,
      text: shorten(`${NOT_SHOWN} ${o.why}`),
      important: true as const,
    })),
  ].sort((a, b) => a.line - b.line);
  return { ...result, disks, notes };
}

/**
 * Takes each GPT disk seen only through its MBR out of `result` (`withoutDisks`): its partitions
 * are not all listed, so what looks free on it may hold data. `command` names the listing that
 * shows the disk's GPT.
 */
export function withoutGptBehindMbr(
  result: ListingResult,
  seen: readonly GptBehindMbr[],
  command: (device: string | null) => string,
): ListingResult {
  return withoutDisks(
    result,
    seen.map((s) => ({ ...s, why: gptBehindMbrText(s.disk, command(s.disk.device)) })),
  );
}
