/**
 * GNU parted's `print`, human (`parted /dev/sda unit s print`, `parted -l`) and machine (`-m`):
 * values carry their unit. `2048s` (sectors) and `1048576B` (bytes) are exact; the default
 * units (`1049kB`, `30.0GB`, `512MiB`, `%`) are rounded, never taken as exact
 * (docs/listings.md). `print free` rows and interactive prompts become notes.
 *
 * The human `print` is read in the languages of partedWords.ts (disk lines, column titles,
 * free space, flags read back into English); a listing in another language is refused, never
 * guessed at. Chinese and Japanese titles take two screen columns per character: rows are cut
 * by screen column, as parted aligns them.
 *
 *   Disk /dev/sda: 2097152s                          /dev/sda:2097152s:scsi:512:4096:gpt:Model:;
 *   Sector size (logical/physical): 512B/4096B        1:2048s:1050623s:1048576s:fat32:EFI:boot, esp;
 *   Partition Table: gpt
 *   Number  Start   End       Size      File system  Name  Flags
 *    1      2048s   1050623s  1048576s  fat32        EFI   boot, esp
 */
import type { LineParser, ListingDisk, ListingPartition } from "../types.ts";
import {
  cleanLines,
  decimal,
  emptyDisk,
  literalPattern,
  Notes,
  okResult,
  sectorSizeFrom,
  shorten,
  type TakenOut,
  tokens,
  withoutDisks,
} from "../text.ts";
import {
  BYTE_UNIT_LETTERS,
  COLUMN_TITLES,
  DISK_FLAGS_TITLES,
  DISK_TITLES,
  FLAG_TRANSLATIONS,
  FREE_SPACE_WORDS,
  inEnglish,
  MODEL_TITLES,
  PARTED_FLAGS,
  SECTOR_SIZE_TITLES,
  TABLE_TITLES,
  TYPE_TRANSLATIONS,
  type PartedColumn,
} from "./partedWords.ts";

// `unit chs` prints cylinder,head,sector triples (`2,172,41`), never exact here.
const VALUE =
  /^(?:\d+(?:[.,]\d+)?(?:s|B|kB|MB|GB|TB|PB|[kK]iB|MiB|GiB|TiB|PiB|%|cyl)|\d+,\d+,\d+)$/;

/** A parted value in bytes when exact: sectors × the logical size, or bytes; null otherwise. */
export function partedBytes(text: string, sectorSize: number | null): bigint | null {
  const t = text.trim();
  const sectors = /^(\d+)s$/.exec(t);
  if (sectors) {
    const n = decimal(sectors[1]);
    return n === null || sectorSize === null ? null : n * BigInt(sectorSize);
  }
  const bytes = /^(\d+)B$/.exec(t);
  return bytes ? decimal(bytes[1]) : null;
}

/** Whether a value is rounded (a default unit), so the user should ask for `unit s`. */
const rounded = (t: string): boolean => VALUE.test(t) && !/^\d+[sB]$/.test(t);

function partition(
  number: number,
  device: string | null,
  start: string,
  end: string,
  size: string,
  sectorSize: number | null,
): ListingPartition {
  const startByte = partedBytes(start, sectorSize);
  let sizeBytes = partedBytes(size, sectorSize);
  // The size column of `unit B` equals end − start + 1; check it against the ends.
  const endByte = partedBytes(end, sectorSize);
  if (startByte !== null && endByte !== null) {
    const unit = /s$/.test(end.trim()) ? BigInt(sectorSize ?? 1) : 1n;
    const fromEnds = endByte + unit - startByte;
    if (sizeBytes === null) sizeBytes = fromEnds;
    else if (sizeBytes !== fromEnds) sizeBytes = null;
  }
  return {
    number,
    label: device ? `${device}${/\d$/.test(device) ? "p" : ""}${number}` : `Partition ${number}`,
    startByte,
    sizeBytes,
    exact: startByte !== null && sizeBytes !== null,
  };
}

const anyOf = (words: readonly string[]): string => `(?:${words.map(literalPattern).join("|")})`;
/** A colon as parted prints it: `:`, French ` :`, Chinese full-width `：`. */
const COLON = String.raw`\s*[:：]`;
const MODEL = new RegExp(`^${anyOf(MODEL_TITLES)}${COLON}\\s*(.*)$`);
// The device is a path (`/dev/sda`, `/home/me/disk.img`): fdisk's `Disk identifier: 0x…` is no disk.
const DISK = new RegExp(`^${anyOf(DISK_TITLES)}\\s+(\\/\\S*)${COLON}\\s*(\\S+)$`);
const BYTE = `[${BYTE_UNIT_LETTERS}]`;
const SECTOR_SIZES = new RegExp(
  `^${anyOf(SECTOR_SIZE_TITLES)}${COLON}\\s*(\\d+)${BYTE}\\/(\\d+)${BYTE}$`,
);
const TABLE = new RegExp(`^${anyOf(TABLE_TITLES)}${COLON}\\s*(\\S+)$`);
const DISK_FLAGS = new RegExp(`^${anyOf(DISK_FLAGS_TITLES)}${COLON}`);
const FREE_SPACE = new RegExp(anyOf(FREE_SPACE_WORDS), "i");
/** A partition row: a number, then a value with its unit. */
const ROW_LIKE =
  /^\s*\d{1,4}\s+(?:\d+(?:[.,]\d+)?(?:s|B|kB|MB|GB|TB|PB|[kK]iB|MiB|GiB|TiB|PiB|%|cyl)|\d+,\d+,\d+)\s/;
/**
 * parted's sector size line in any language, known or not (`Xxx (yyy/zzz): 512B/4096B`;
 * Korean's catalogue writes `512/B512B`).
 */
const ANY_SECTOR_SIZES = new RegExp(`^[^:：]{2,80}${COLON}\\s*\\d+${BYTE}?\\/${BYTE}?\\d+${BYTE}$`);

/** Column titles by lower case, and the longest title in words. */
const TITLES: ReadonlyMap<string, PartedColumn> = new Map(
  (Object.entries(COLUMN_TITLES) as [PartedColumn, readonly string[]][]).flatMap(
    ([column, titles]) => titles.map((t) => [t.toLowerCase(), column] as const),
  ),
);
const TITLE_WORDS = Math.max(...[...TITLES.keys()].map((t) => t.split(" ").length));

/** The human `print`, in any language of partedWords.ts. */
export const parseParted: LineParser = (raw) => {
  const lines = cleanLines(raw);
  if (!lines.some((l) => TABLE.test(l.trim()) || SECTOR_SIZES.test(l.trim()))) {
    const foreign = lines.findIndex((l) => ANY_SECTOR_SIZES.test(l.trim()));
    if (foreign === -1) return null;
    return {
      ok: false,
      error: `Line ${foreign + 1} (\`${shorten(lines[foreign]?.trim() ?? "")}\`) looks like parted's \`Sector size\` line in a language this reader does not know, so its columns and flags cannot be read safely. Run it again in English: \`LC_ALL=C parted /dev/sdX unit s print\`.`,
      notes: [],
    };
  }
  const notes = new Notes();
  const disks: ListingDisk[] = [];
  let disk: ListingDisk | null = null;
  let header: HeaderColumn[] | null = null;
  let sawRounded = false;
  let modelLine: number | null = null;
  /** The first line that looks like a partition row with no column titles read above it. */
  let rowWithoutHeader: number | null = null;
  /** Partition rows whose blanks were collapsed: only their numbers, type and flags read. */
  const collapsedRows: number[] = [];
  const open = (index: number): ListingDisk => {
    disk = emptyDisk(null, index + 1);
    disks.push(disk);
    header = null;
    return disk;
  };
  const wholeDeviceFs = new Set<ListingDisk>();
  lines.forEach((line, index) => {
    const text = line.trim();
    const model = MODEL.exec(text);
    if (model) {
      notes.use(index);
      const d = open(index);
      const name = model[1]?.trim() ?? "";
      if (name !== "" && name !== "(file)")
        d.identity = { model: name.replace(/\s*\([^)]*\)$/, "") };
      modelLine = index;
      return;
    }
    if (DISK_FLAGS.test(text)) {
      notes.use(index);
      modelLine = null;
      return;
    }
    // `unit chs` and `unit cyl` add the BIOS geometry (nothing exact comes from it).
    if (/^BIOS cylinder,head,sector geometry:/.test(text) && disk !== null) {
      notes.use(index);
      return;
    }
    const diskMatch = DISK.exec(text);
    if (diskMatch) {
      notes.use(index);
      const d: ListingDisk = disk && modelLine === index - 1 ? disk : open(index);
      modelLine = null;
      d.device = diskMatch[1] ?? null;
      d.sizeBytes = null;
      (d as ListingDisk & { sizeText?: string }).sizeText = diskMatch[2] ?? "";
      return;
    }
    modelLine = null;
    const sizes = SECTOR_SIZES.exec(text);
    if (sizes) {
      notes.use(index);
      const d = disk ?? open(index);
      d.logicalSectorSize = sectorSizeFrom(sizes[1]);
      d.physicalSectorSize = sectorSizeFrom(sizes[2]);
      const sizeText = (d as ListingDisk & { sizeText?: string }).sizeText;
      if (sizeText !== undefined) d.sizeBytes = partedBytes(sizeText, d.logicalSectorSize);
      return;
    }
    const table = TABLE.exec(text);
    if (table) {
      notes.use(index);
      const d = disk ?? open(index);
      const label = table[1];
      d.tableType = label === "gpt" ? "gpt" : label === "msdos" ? "dos" : null;
      if (label === "loop") wholeDeviceFs.add(d);
      return;
    }
    const columns = headerColumns(line);
    if (columns) {
      notes.use(index);
      header = columns;
      return;
    }
    const d = disk as ListingDisk | null;
    if (!d) return;
    if (!header) {
      if (rowWithoutHeader === null && ROW_LIKE.test(line)) rowWithoutHeader = index;
      return;
    }
    const { cells, collapsed } = cutByHeader(line, header);
    const number = cells.get("number");
    const start = cells.get("start") ?? "";
    const end = cells.get("end") ?? "";
    const size = cells.get("size") ?? "";
    if (!VALUE.test(start) || !VALUE.test(end)) return;
    notes.use(index);
    if (number === undefined || !/^\d{1,4}$/.test(number)) {
      if (FREE_SPACE.test(line))
        notes.add(index, `Free space ${start} to ${end}: not a partition.`);
      else notes.add(index, `A row without a partition number (${start} to ${end}): not read.`);
      return;
    }
    if (rounded(start) || rounded(size)) sawRounded = true;
    if (collapsed) collapsedRows.push(index);
    const p = partition(Number(number), d.device, start, end, size, d.logicalSectorSize);
    const typeCell = cells.get("type");
    const type = typeCell === undefined ? undefined : inEnglish(TYPE_TRANSLATIONS, typeCell);
    const fs = cells.get("filesystem");
    const name = cells.get("name");
    const flags = cells.get("flags");
    if (fs) p.filesystem = fs;
    if (name) p.name = name;
    if (type) p.type = type;
    const flagList = flags
      ? flags
          .split(/,\s*/)
          .filter((f) => f !== "")
          .map((f) => inEnglish(FLAG_TRANSLATIONS, f))
      : [];
    if (type === "extended") flagList.push("extended");
    if (type === "logical") flagList.push("logical");
    if (flagList.length > 0) p.flags = flagList;
    // An extended container is listed with its whole extent: keep it, marked, like fdisk does.
    d.partitions.push(p);
  });
  if (disks.length === 0 || disks.every((d) => d.partitions.length === 0 && d.device === null)) {
    return null;
  }
  if (rowWithoutHeader !== null) {
    notes.unread(lines);
    return {
      ok: false,
      error: `Line ${rowWithoutHeader + 1} (\`${shorten(lines[rowWithoutHeader]?.trim() ?? "")}\`) looks like a parted partition row, but no column titles this reader knows are above it (in English: \`Number  Start  End  Size …\`), so its columns cannot be told apart. Run \`LC_ALL=C parted /dev/sdX unit s print\` and paste all of it.`,
      notes: notes.list,
    };
  }
  const [firstCollapsed] = collapsedRows;
  if (firstCollapsed !== undefined) {
    notes.add(
      firstCollapsed,
      `${collapsedRows.length === 1 ? "This row has" : `${collapsedRows.length} rows have`} single blanks between columns (copied from a web page?), so the columns cannot be cut where parted put them: the numbers, the msdos type and the flags at the row's end are read; file systems and names are not. Paste the listing as parted printed it to read them too.`,
    );
  }
  if (sawRounded) {
    notes.add(
      0,
      "parted printed rounded sizes (its default unit): they are not exact. Run `parted /dev/sdX unit s print` (or `unit B print`) for exact numbers.",
    );
  }
  for (const d of disks) delete (d as ListingDisk & { sizeText?: string }).sizeText;
  return withoutDisks(okResult("parted", disks, notes, lines), noPartitionTable(wholeDeviceFs));
};

/** A title and the display column where it starts. */
interface HeaderColumn {
  column: PartedColumn;
  at: number;
}

/**
 * Columns of the screen: Chinese and Japanese characters take two, and parted aligns its
 * columns by what the screen shows, not by characters.
 */
function charWidth(code: number): number {
  return (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd)
    ? 2
    : 1;
}

/** The line's characters, each with the screen column it starts at. */
function screenColumns(line: string): { char: string; at: number }[] {
  const out: { char: string; at: number }[] = [];
  let at = 0;
  for (const char of line) {
    out.push({ char, at });
    at += charWidth(char.codePointAt(0) ?? 0);
  }
  return out;
}

/** The blank-separated words of a line, each with its screen column. */
function screenTokens(line: string): { text: string; at: number }[] {
  const out: { text: string; at: number }[] = [];
  let current: { text: string; at: number } | null = null;
  for (const { char, at } of screenColumns(line)) {
    if (char === " ") current = null;
    else if (current) current.text += char;
    else {
      current = { text: char, at };
      out.push(current);
    }
  }
  return out;
}

/**
 * The header row (`Number  Start  End  Size  File system  Name  Flags`, in any language of
 * partedWords.ts), or null when the line is not one: every word must belong to a known title,
 * and the first three are the number, start and end.
 */
function headerColumns(line: string): HeaderColumn[] | null {
  const words = screenTokens(line);
  const out: HeaderColumn[] = [];
  let i = 0;
  while (i < words.length) {
    let found = false;
    for (let n = Math.min(TITLE_WORDS, words.length - i); n >= 1 && !found; n--) {
      const title = words
        .slice(i, i + n)
        .map((w) => w.text)
        .join(" ")
        .toLowerCase();
      const column = TITLES.get(title);
      if (column !== undefined) {
        out.push({ column, at: words[i]?.at ?? 0 });
        i += n;
        found = true;
      }
    }
    if (!found) return null;
  }
  const [a, b, c] = out;
  return a?.column === "number" && b?.column === "start" && c?.column === "end" ? out : null;
}

/**
 * parted aligns every column's values with its title's first screen column: cut there. When a
 * cut would split a word (blanks collapsed by a web page), `collapsed` is set and the words are
 * read in header order: the numbers, then what can still be told apart — an msdos type first,
 * and the flags last (`boot, esp`: flag words, each but the last followed by a comma). The
 * file system and the name between them are left unread. A name that is a flag word, last in
 * its row, is then read as a flag: for the host-partition warning, one warning too many is the
 * safe side.
 */
function cutByHeader(
  line: string,
  header: HeaderColumn[],
): { cells: Map<PartedColumn, string>; collapsed: boolean } {
  const chars = screenColumns(line);
  const cells = new Map<PartedColumn, string>();
  let splitsWord = false;
  header.forEach((column, i) => {
    const next = header[i + 1];
    const inside = chars.filter((c) => c.at >= column.at && (!next || c.at < next.at));
    const first = chars.findIndex((c) => c.at >= column.at);
    if (first > 0 && chars[first - 1]?.char !== " " && chars[first]?.char !== " ") {
      splitsWord = true;
    }
    const cell = inside
      .map((c) => c.char)
      .join("")
      .trim();
    if (cell !== "") cells.set(column.column, cell);
  });
  const start = cells.get("start") ?? "";
  const end = cells.get("end") ?? "";
  if (!splitsWord && VALUE.test(start) && VALUE.test(end)) return { cells, collapsed: false };
  // Collapsed: Number? Start End Size, then free text.
  const words = tokens(line).map((t) => t.text);
  const out = new Map<PartedColumn, string>();
  const collapsed = { cells: out, collapsed: true };
  let i = 0;
  if (/^\d{1,4}$/.test(words[0] ?? "")) out.set("number", words[i++] ?? "");
  for (const column of ["start", "end", "size"] as const) {
    const w = words[i];
    if (w === undefined || !VALUE.test(w)) return collapsed;
    out.set(column, w);
    i++;
  }
  const rest = words.slice(i);
  const has = (column: PartedColumn) => header.some((h) => h.column === column);
  if (has("type") && rest[0] !== undefined && isPartedType(rest[0]))
    out.set("type", rest.shift() ?? "");
  if (has("flags")) {
    const flags: string[] = [];
    for (let k = rest.length - 1; k >= 0; k--) {
      const word = rest[k] ?? "";
      const last = k === rest.length - 1;
      if (last ? !isPartedFlag(word) : !word.endsWith(",") || !isPartedFlag(word.slice(0, -1)))
        break;
      flags.unshift(last ? word : word.slice(0, -1));
    }
    if (flags.length > 0) out.set("flags", flags.join(", "));
  }
  return collapsed;
}

const KNOWN_FLAGS = new Set([...PARTED_FLAGS, ...Object.values(FLAG_TRANSLATIONS).flat()]);
const isPartedFlag = (word: string): boolean => KNOWN_FLAGS.has(word);
const KNOWN_TYPES = new Set(Object.entries(TYPE_TRANSLATIONS).flat(2));
const isPartedType = (word: string): boolean => KNOWN_TYPES.has(word);

const MACHINE_DISK = /^(\/[^:]*|[^:]+):([^:]+):([^:]*):(\d+):(\d+):([^:]*):(.*);$/;
// `unit chs` leaves the size empty: `1:0,32,32:2,172,41:::boot, lba;`.
const MACHINE_PART = /^(\d{1,4}):([^:]+):([^:]+):([^:]*):(.*);$/;
const CHS_VALUE = /^\d+,\d+,\d+$/;
/** After `CHS;` or `CYL;`: the BIOS geometry, `cylinders:heads:sectors:cylinder size;`. */
const MACHINE_GEOMETRY = /^\d+:\d+:\d+:[^:]+;$/;

/** The machine-readable `parted -m … print`. */
export const parsePartedMachine: LineParser = (raw) => {
  const lines = cleanLines(raw);
  const first = lines.findIndex((l) => /^(BYT|CHS|CYL);$/.test(l.trim()));
  if (first === -1) return null;
  const notes = new Notes();
  const disks: ListingDisk[] = [];
  let disk: ListingDisk | null = null;
  let sawRounded = false;
  const wholeDeviceFs = new Set<ListingDisk>();
  lines.forEach((line, index) => {
    const text = line.trim();
    if (/^(BYT|CHS|CYL);$/.test(text)) {
      notes.use(index);
      return;
    }
    const d = MACHINE_DISK.exec(text);
    if (d && !MACHINE_PART.test(text)) {
      notes.use(index);
      disk = emptyDisk(d[1] ?? null, index + 1);
      disks.push(disk);
      disk.logicalSectorSize = sectorSizeFrom(d[4]);
      disk.physicalSectorSize = sectorSizeFrom(d[5]);
      disk.sizeBytes = partedBytes(d[2] ?? "", disk.logicalSectorSize);
      const label = d[6];
      disk.tableType = label === "gpt" ? "gpt" : label === "msdos" ? "dos" : null;
      if (label === "loop") wholeDeviceFs.add(disk);
      const model = (d[7] ?? "").replace(/:[^:]*$/, "").trim();
      if (model !== "") disk.identity = { model };
      return;
    }
    if (MACHINE_GEOMETRY.test(text) && disk !== null) {
      notes.use(index);
      return;
    }
    const p = MACHINE_PART.exec(text);
    const current = disk as ListingDisk | null;
    if (!p || !current) return;
    notes.use(index);
    // `unit chs` prints no size field at all: start:end:fs:name:flags.
    const chs = CHS_VALUE.test(p[3] ?? "");
    const rest = chs ? [p[4] ?? "", ...(p[5] ?? "").split(":")] : (p[5] ?? "").split(":");
    if (rest[0] === "free") {
      notes.add(index, `Free space ${p[2]} to ${p[3]}: not a partition.`);
      return;
    }
    const [start, end, size] = [p[2] ?? "", p[3] ?? "", chs ? "" : (p[4] ?? "")];
    if (rounded(start) || rounded(size)) sawRounded = true;
    const part = partition(
      Number(p[1]),
      current.device,
      start,
      end,
      size,
      current.logicalSectorSize,
    );
    const [fs, name, flags] = [rest[0] ?? "", rest[1] ?? "", rest.slice(2).join(":")];
    if (fs !== "") part.filesystem = fs;
    if (name !== "") part.name = name;
    // -m prints flags in the user's language too (`arranque, esp`): read them in English.
    const flagList = flags
      .split(/,\s*/)
      .filter((f) => f !== "")
      .map((f) => inEnglish(FLAG_TRANSLATIONS, f));
    if (flagList.length > 0) part.flags = flagList;
    current.partitions.push(part);
  });
  if (disks.length === 0) return null;
  if (sawRounded) {
    notes.add(
      first,
      "parted printed rounded sizes (its default unit): they are not exact. Run `parted -m /dev/sdX unit s print` for exact numbers.",
    );
  }
  return withoutDisks(
    okResult("parted-machine", disks, notes, lines),
    noPartitionTable(wholeDeviceFs),
  );
};

/**
 * parted's `loop` label is no partition table: a file system (or LVM, swap…) fills the whole
 * device, and parted lists it as a partition 1 from sector 0 to the end. No such partition
 * exists (there is no /dev/sdX1), and none of the device is free: it is taken out of the
 * result (`withoutDisks`), with a note naming what fills it.
 */
function noPartitionTable(disks: ReadonlySet<ListingDisk>): TakenOut[] {
  return [...disks].map((d) => {
    const what = d.partitions[0]?.filesystem;
    return {
      disk: d,
      line: d.line ?? 1,
      why: `${d.device ?? "This disk"} has no partition table (parted says \`loop\`): ${what ? `one ${what} file system` : "one file system or volume"} fills the whole device, so none of it is free. (parted lists it as a partition 1, but there is no such partition.)`,
    };
  });
}
