/**
 * Listing parsers: pasted text (or dropped bytes) → disks and partitions with exact numbers.
 *
 * Each parser looks at the lines and either recognises its format (and returns a result,
 * possibly an error about that format) or returns null. The first that recognises wins.
 * Parsers never throw: a bug in one becomes an error result, not a broken page.
 */
import { decodeListingBytes, splitLines } from "./decode.ts";
import { SUPPORTED_FORMATS_TEXT, type ListingResult } from "./types.ts";
import { PARSERS } from "./registry.ts";
import { mergeWindowsDiskFacts } from "./windows/merge.ts";
import { unframe, withoutMarkup } from "./frame.ts";
import { cleanLine, MAX_LINE_LENGTH, NOT_SHOWN, plainChars, shorten } from "./text.ts";
import { withEmptyDiskNotes, withLayoutNotes } from "./layout.ts";
import { withHostUse } from "./hostUse.ts";
import { crossChecked } from "./crossCheck.ts";
import type { ListingDisk, ListingNote, ListingPartition } from "./types.ts";

export type {
  LineParser,
  ListingResult,
  ListingDisk,
  ListingPartition,
  ListingNote,
  ListingFormat,
} from "./types.ts";
export { SUPPORTED_FORMATS_TEXT } from "./types.ts";

/**
 * Recognises and reads a listing: text as pasted, or the bytes of a dropped file (UTF-8, or
 * UTF-16 with a BOM).
 *
 * @example
 * parseListing(
 *   "Name                   NumberOfBlocks  StartingOffset\n" +
 *     "Disk #0, Partition #0  125829120       1048576\n",
 * );
 * // { ok: true, format: "wmic",
 * //   disks: [{ device: "\\\\.\\PhysicalDrive0", logicalSectorSize: null, sizeBytes: null,
 * //     partitions: [{ number: 0, startByte: 1048576n, sizeBytes: 64424509440n, exact: true, … }] }],
 * //   notes: [{ line: 2, text: "Disk 0: BlockSize is not listed, so NumberOfBlocks is taken as 512-byte blocks. …" }] }
 */
export function parseListing(input: string | Uint8Array): ListingResult {
  try {
    const text = typeof input === "string" ? input : decodeListingBytes(input).text;
    // Zero-width and typographic spaces from web pages, and a forum's code markup glued to a
    // line, for every parser (not all of them clean their lines).
    const lines = splitLines(text).map((l) => withoutMarkup(plainChars(l)));
    // Another tool's mount points pasted with the listing reach its partitions (hostUse.ts);
    // partitions past their disk's end or over each other get a note (layout.ts).
    return withEmptyDiskNotes(withLayoutNotes(withHostUse(readListing(lines), lines)));
  } catch (e) {
    return {
      ok: false,
      error: `The listing could not be read (internal error: ${e instanceof Error ? e.message : String(e)}).`,
      notes: [],
    };
  }
}

/** The listing's disks and notes, from its lines as `parseListing` cleaned them. */
function readListing(lines: readonly string[]): ListingResult {
  if (lines.every((l) => l.trim() === "")) {
    return { ok: false, error: "The listing is empty.", notes: [] };
  }
  const result = unframed(parseLines(lines), lines);
  const width = cutWidth(lines);
  if (width === null) return result;
  // A console that narrow may have wrapped the lines rather than cut them: read them joined
  // when nothing exact was read, or when the line after a full-width one was not understood
  // (a row's type or flags, wrapped onto the next line). A listing whose rows are all padded
  // to one width, and read, is never joined, nor parsed twice.
  const read = result.ok && exactCount(result) > 0;
  if (read && !continuationUnread(result, lines, width)) return result;
  const joined = rejoinWrapped(lines, width);
  if (joined === null) return result;
  const rejoined = parseLines(joined.lines);
  if (!rejoined.ok || exactCount(rejoined) === 0) return result;
  // Joined, a listing that read must keep every exact number it had, and read more lines.
  if (read && !(keepsEveryExact(result, rejoined) && rejoined.notes.length < result.notes.length))
    return result;
  return fromJoinedLines(rejoined, joined.origin, width);
}

/**
 * A paste refused as it is (or read to disks without partitions), read again without the line
 * numbers or quote bars in front of every line (frame.ts), when that reads a disk: with a note
 * saying what was taken off.
 */
function unframed(result: ListingResult, lines: readonly string[]): ListingResult {
  // A numbered `Command (m for help): Disk …` line still reads as a disk, with no partition.
  if (result.ok && countPartitions(result) > 0) return result;
  const bare = unframe(lines);
  if (bare === null) return result;
  const again = parseLines(bare.lines);
  if (!again.ok || again.disks.length === 0) return result;
  if (result.ok && countPartitions(again) === 0) return result;
  return {
    ...again,
    notes: [
      {
        line: 1,
        important: true,
        text: `Every line began with ${bare.what} (added by the page it was copied from): they were taken off before reading. Compare the numbers with the machine's own output.`,
      },
      ...again.notes,
    ],
  };
}

/**
 * The first parser's result that recognises the lines, or "not recognised". When it reads no
 * exact number (lsblk without START, diskpart) and a later parser reads exact ones from the
 * same paste (`fdisk -l` pasted after `lsblk`), the later one is taken, with a note.
 */
function parseLines(lines: readonly string[]): ListingResult {
  let first: ListingResult | null = null;
  for (const parse of PARSERS) {
    const found = parse(lines);
    if (!found) continue;
    const result = mergeWindowsDiskFacts(found, lines);
    if (first === null) {
      first = result;
      if (
        (!result.ok && !result.everyDiskTakenOut) ||
        (result.ok && (exactCount(result) > 0 || result.disks.some((d) => d.sectorSizeUnknown)))
      )
        return crossChecked(withUnreadDisks(result, lines), lines, PARSERS, parse);
      continue;
    }
    const why = readInstead(first, result);
    if (why !== null && result.ok) {
      const note: ListingNote = { line: 1, important: true, text: shorten(why) };
      const read = withUnreadDisks({ ...result, notes: [note, ...result.notes] }, lines);
      return crossChecked(read, lines, PARSERS, parse);
    }
  }
  if (first !== null) return withUnreadDisks(first, lines);
  return {
    ok: false,
    error: `No partition listing recognised.${closestMatch(lines)} Supported: ${SUPPORTED_FORMATS_TEXT}.`,
    notes: [],
  };
}

/**
 * Why a later listing in the same paste is read instead of the first (for a note at the top),
 * or null: the first showed no disk that can be planned, or gave no exact numbers where the
 * later one does.
 */
function readInstead(first: ListingResult, later: ListingResult): string | null {
  if (!later.ok) return null;
  if (!first.ok) {
    return later.disks.length > 0
      ? `This paste holds more than one listing; the ${later.format} one was read. The other shows no disk that can be planned: ${first.error}`
      : null;
  }
  return exactCount(later) > 0
    ? `This paste holds more than one listing: the ${first.format} one gives no exact numbers, so the ${later.format} one was read, and the other lines are notes.`
    : null;
}

/** A partition's numbers and type, to tell a repeat of it from another partition. */
const partitionValues = (p: ListingPartition): unknown[] => [
  p.startByte,
  p.sizeBytes,
  p.startSector,
  p.sizeSectors,
  p.type,
];

/**
 * Whether two entries can be the same partition: every value both give is the same (one copy
 * of a diskpart session may have the offset its `detail partition` gave, the other not).
 */
function sameOrLessKnown(a: ListingPartition, b: ListingPartition): boolean {
  const bv = partitionValues(b);
  return partitionValues(a).every((v, i) => v == null || bv[i] == null || v === bv[i]);
}

const knownCount = (p: ListingPartition): number =>
  partitionValues(p).filter((v) => v != null).length;

/**
 * The same listing pasted twice puts each partition on its disk twice (Get-Partition and
 * diskpart gather partitions by disk number, VBoxManage by drive): a repeat with the same
 * numbers is dropped, with a note. The same partition number with other numbers means two
 * listings of one disk number (two machines, or before and after a change) were pasted
 * together: refused, as they would be planned as one disk.
 */
function withoutRepeats(result: ListingResult): ListingResult {
  if (!result.ok) return result;
  const notes: ListingNote[] = [];
  const disks: ListingDisk[] = [];
  for (const disk of result.disks) {
    const seen = new Map<number, number>();
    const kept: ListingPartition[] = [];
    let repeats = 0;
    for (const p of disk.partitions) {
      const at = p.number === null ? undefined : seen.get(p.number);
      const before = at === undefined ? undefined : kept[at];
      if (at === undefined || before === undefined) {
        if (p.number !== null) seen.set(p.number, kept.length);
        kept.push(p);
        continue;
      }
      if (!sameOrLessKnown(before, p)) {
        return {
          ok: false,
          error: `${disk.device ?? "A disk"} has partition ${p.number} twice, with different numbers (${before.label}, ${p.label}): the paste holds two listings of that disk (two machines, or before and after a change). Paste the listing of one machine, taken once.`,
          notes: result.notes,
        };
      }
      // The copy that knows more is kept.
      if (knownCount(p) > knownCount(before)) kept[at] = p;
      repeats++;
    }
    if (repeats === 0) {
      disks.push(disk);
      continue;
    }
    notes.push({
      line: disk.line ?? 1,
      important: true,
      text: `${disk.device ?? "This disk"}: ${repeats} partition${repeats === 1 ? " is" : "s are"} listed twice with the same numbers (the listing pasted twice?): each is kept once.`,
    });
    disks.push({ ...disk, partitions: kept });
  }
  if (notes.length === 0) return result;
  return { ...result, disks, notes: [...notes, ...result.notes].sort((a, b) => a.line - b.line) };
}

/** `Disk /dev/sda: …` as fdisk, parted and gdisk begin each disk (in English). */
const DISK_LINE = /^Disk (\/dev\/[^\s:]+):/;

/**
 * A note for each disk a `Disk /dev/…:` line names but the result does not hold: another
 * command's listing in the same paste (`fdisk -l` of one disk, `parted print` of another) that
 * the parser which answered does not read. Without it, that disk would just be missing.
 */
function withUnreadDisks(found: ListingResult, lines: readonly string[]): ListingResult {
  const result = withoutRepeats(found);
  if (!result.ok) return result;
  const read = new Set(result.disks.map((d) => d.device));
  // A disk the parser read and took out has its own note already (text.ts, NOT_SHOWN).
  for (const n of result.notes) {
    if (n.text.startsWith(NOT_SHOWN))
      read.add(n.text.slice(NOT_SHOWN.length).trim().split(" ")[0] ?? "");
  }
  const notes: ListingNote[] = [];
  const named = new Set<string>();
  lines.slice(0, 100_000).forEach((raw, index) => {
    if (raw.length > MAX_LINE_LENGTH) return;
    const device = DISK_LINE.exec(cleanLine(raw).trim())?.[1];
    if (device === undefined || read.has(device) || named.has(device)) return;
    named.add(device);
    notes.push({
      line: index + 1,
      important: true,
      text: `${device}'s listing here was not read: this paste holds more than one command's output, and only the ${result.format} listing was read. Paste that disk's listing on its own to plan on it.`,
    });
  });
  if (notes.length === 0) return result;
  return { ...result, notes: [...notes, ...result.notes].sort((a, b) => a.line - b.line) };
}

const exactCount = (result: ListingResult): number =>
  result.ok ? result.disks.reduce((n, d) => n + d.partitions.filter((p) => p.exact).length, 0) : 0;

/** Each disk's exact partitions as "disk start+size" keys. */
const exactKeys = (result: ListingResult & { ok: true }): string[] =>
  result.disks.flatMap((d, i) =>
    d.partitions.filter((p) => p.exact).map((p) => `${i} ${p.startByte}+${p.sizeBytes}`),
  );

function keepsEveryExact(
  before: ListingResult & { ok: true },
  after: ListingResult & { ok: true },
): boolean {
  const kept = new Set(exactKeys(after));
  return before.disks.length === after.disks.length && exactKeys(before).every((k) => kept.has(k));
}

/** Whether a note is about the line after one of exactly `width` characters. */
function continuationUnread(
  result: ListingResult,
  lines: readonly string[],
  width: number,
): boolean {
  const noted = new Set(result.notes.map((n) => n.line));
  return lines.some((l, i) => l.replace(/\r$/, "").length === width && noted.has(i + 2));
}

/**
 * The lines a console `width` characters wide wrapped when they were copied, joined back: a
 * line of exactly `width` characters continues on the next line (and that one on the next, if
 * it is as wide). `origin[i]` is the 1-based line of the text where joined line `i` began.
 * Null when no line was joined. Only tried when the lines as they are read badly (see
 * `parseListing`): a table whose rows are all padded to one width must not be glued together.
 */
export function rejoinWrapped(
  lines: readonly string[],
  width: number,
): { lines: string[]; origin: number[] } | null {
  const out: string[] = [];
  const origin: number[] = [];
  let joinedAny = false;
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = (lines[i] ?? "").replace(/\r$/, "");
    let piece = line;
    while (piece.length === width && i + 1 < lines.length && (lines[i + 1] ?? "").trim() !== "") {
      piece = (lines[++i] ?? "").replace(/\r$/, "");
      line += piece;
      joinedAny = true;
    }
    out.push(line);
    origin.push(start + 1);
  }
  return joinedAny ? { lines: out, origin } : null;
}

/** A result read from joined lines, its line numbers those of the text as pasted, with a note. */
function fromJoinedLines(
  result: ListingResult & { ok: true },
  origin: readonly number[],
  width: number,
): ListingResult {
  const at = (line: number) => origin[line - 1] ?? line;
  return {
    ...result,
    disks: result.disks.map((d) => (d.line === undefined ? d : { ...d, line: at(d.line) })),
    notes: [
      {
        line: 1,
        important: true,
        text: `The lines were wrapped at ${width} characters (a console window that narrow wraps them when they are copied): each line of exactly ${width} characters was read joined with the line after it. Compare the numbers with the machine's own output, or save the output to a file (add \`> partitions.txt\` to the command) and open that file.`,
      },
      ...result.notes.map((n) => ({ ...n, line: at(n.line) })),
    ],
  };
}

/** The CLI's JSON: bigints as decimal strings. A public contract (see README). */
export function listingToJson(result: ListingResult): unknown {
  if (!result.ok) return { error: result.error, disks: [], notes: result.notes };
  return {
    format: result.format,
    disks: result.disks.map((d) => ({
      device: d.device,
      logicalSectorSize: d.logicalSectorSize,
      ...(d.physicalSectorSize !== undefined ? { physicalSectorSize: d.physicalSectorSize } : {}),
      sizeBytes: d.sizeBytes === null ? null : d.sizeBytes.toString(),
      ...(d.sizeLowerBoundBytes != null
        ? { sizeLowerBoundBytes: d.sizeLowerBoundBytes.toString() }
        : {}),
      ...(d.tableType !== undefined ? { tableType: d.tableType } : {}),
      ...(d.diskNumber !== undefined ? { diskNumber: d.diskNumber } : {}),
      ...(d.identity !== undefined ? { identity: d.identity } : {}),
      ...(d.isBoot !== undefined ? { isBoot: d.isBoot } : {}),
      ...(d.isSystem !== undefined ? { isSystem: d.isSystem } : {}),
      ...(d.sectorSizeUnknown ? { sectorSizeUnknown: true } : {}),
      partitions: d.partitions.map((p) => ({
        number: p.number,
        label: p.label,
        startByte: p.startByte === null ? null : p.startByte.toString(),
        sizeBytes: p.sizeBytes === null ? null : p.sizeBytes.toString(),
        exact: p.exact,
        ...(p.type !== undefined ? { type: p.type } : {}),
        ...(p.flags !== undefined ? { flags: p.flags } : {}),
        ...(p.startSector !== undefined ? { startSector: p.startSector.toString() } : {}),
        ...(p.sizeSectors !== undefined ? { sizeSectors: p.sizeSectors.toString() } : {}),
        ...(p.name !== undefined ? { name: p.name } : {}),
        ...(p.filesystem !== undefined ? { filesystem: p.filesystem } : {}),
        ...(p.mountPoint !== undefined ? { mountPoint: p.mountPoint } : {}),
        ...(p.partitionGuid !== undefined ? { partitionGuid: p.partitionGuid } : {}),
        ...(p.isBoot !== undefined ? { isBoot: p.isBoot } : {}),
        ...(p.isSystem !== undefined ? { isSystem: p.isSystem } : {}),
      })),
    })),
    notes: result.notes,
  };
}

export function countPartitions(result: ListingResult): number {
  return result.ok ? result.disks.reduce((n, d) => n + d.partitions.length, 0) : 0;
}

/**
 * The listing with the sector size the user gave for every disk whose listing counted in
 * sectors without saying how big they are (`sectorSizeUnknown`): their partitions become exact
 * bytes. `disk` limits it to one disk (index in the listing). Other disks are unchanged.
 *
 * @example applySectorSize(parseListing(trimmedFdiskTable), 512)
 * // partitions with startByte = startSector × 512 and exact: true
 */
export function applySectorSize(
  result: ListingResult,
  sectorSize: 512 | 4096,
  disk?: number,
): ListingResult {
  if (!result.ok) return result;
  const unit = BigInt(sectorSize);
  return {
    ...result,
    disks: result.disks.map((d, i) => {
      if (!d.sectorSizeUnknown || (disk !== undefined && disk !== i)) return d;
      return {
        ...d,
        logicalSectorSize: sectorSize,
        sectorSizeUnknown: false,
        partitions: d.partitions.map((p) => {
          if (p.startSector === undefined || p.sizeSectors === undefined) return p;
          const { startSector, sizeSectors, ...rest } = p;
          return {
            ...rest,
            startByte: startSector * unit,
            sizeBytes: sizeSectors * unit,
            exact: true,
          };
        }),
      };
    }),
  };
}

/** Words that tell which tool the paste came from, and the command that gives exact numbers. */
const HINTS: readonly [RegExp, string][] = [
  [
    /Get-Partition|PartitionNumber/i,
    "This looks like PowerShell Get-Partition output, but its table was not found: run `Get-Partition | Format-List DiskNumber,PartitionNumber,Offset,Size,Type` and paste all of it.",
  ],
  [
    // wmic's Name column ("Disk #0, Partition #1") tells its rows even when the header is cut off.
    /\bwmic\b|StartingOffset|NumberOfBlocks|Disk #\d+, Partition #\d+/i,
    "This looks like wmic output, but its table was not found: run `wmic partition get Name,DiskIndex,Index,BlockSize,NumberOfBlocks,StartingOffset,Size` and paste all of it, header included.",
  ],
  [
    /DISKPART>|diskpart/i,
    "This looks like diskpart: its `list partition` rounds every number. In PowerShell run `Get-Partition | Format-List DiskNumber,PartitionNumber,Offset,Size,Type` instead.",
  ],
  [
    // VBoxManage's `Cannot open the raw disk: VERR_ACCESS_DENIED` (older: `Error opening …`).
    /VERR_ACCESS_DENIED/,
    "VirtualBox was not allowed to open the disk (VERR_ACCESS_DENIED): run the command again from a prompt opened as administrator (Windows) or with sudo (Linux), and paste its output.",
  ],
  [
    /VBoxManage/i,
    "This looks like a VBoxManage command: paste its output, or on VirtualBox 7 run `VBoxManage list hostdrives --long` for exact numbers.",
  ],
  [
    // Get-Volume's default table (Windows 8.1: `DriveLetter FileSystemLabel FileSystem …`;
    // Windows 10 on: `DriveLetter FriendlyName FileSystemType DriveType …`), or its list.
    /^\s*DriveLetter\s+(?:FileSystemLabel|FriendlyName)\s+FileSystem(?:Type)?\s+DriveType\b|^\s*SizeRemaining\s*:/im,
    "This looks like PowerShell Get-Volume: it lists file systems with rounded sizes, not the partitions that hold them or where they start. Run `Get-Partition | Format-List DiskNumber,PartitionNumber,Offset,Size,Type` and `Get-Disk | Format-List Number,Path,LogicalSectorSize,Size`, and paste both.",
  ],
  [
    // `sfdisk -F` (--list-free): `Unpartitioned space /dev/sda: 1 MiB, …`, then free ranges only.
    /^Unpartitioned space \S+: /m,
    "This looks like sfdisk -F (--list-free): it lists only the free space between partitions, not the partitions themselves, so what else is on the disk is unknown. Run `sudo fdisk -l /dev/sdX` and paste all of it, from its `Disk /dev/…:` line on: its free space shows in the plan.",
  ],
  [
    // sfdisk -d / -l and partx on a disk without a partition table (util-linux 2.38's words).
    /does not contain a recognized partition table|failed to read partition table/i,
    "This looks like sfdisk or partx on a disk without a partition table. It is blank, or holds a file system, LVM, RAID or encryption made on the whole disk, which no partition table shows: `sudo wipefs -n /dev/sdX` prints nothing on an empty disk. For its size and sector size, run `sudo fdisk -l /dev/sdX` and paste all of it.",
  ],
  [
    /^\s*major\s+minor\s+#blocks\s+name\b/im,
    "This looks like /proc/partitions: it gives each device's size in KiB, rounded, and not where a partition starts. Run `sudo fdisk -l /dev/sdX` and paste all of it, from its `Disk /dev/…:` line on.",
  ],
  [
    /^\/dev\/\S+:(?: [A-Z_]+="[^"]*")*\s(?:UUID|PARTUUID|PTUUID|PTTYPE|TYPE|LABEL|BLOCK_SIZE)="/m,
    "This looks like blkid output: it names file systems and UUIDs, not where partitions start or how big they are. Run `sudo fdisk -l /dev/sdX` and paste all of it, from its `Disk /dev/…:` line on.",
  ],
  [
    /^(?:Filesystem|Dateisystem|Sys\. de fichiers|S\.ficheros)\s.*(?:Mounted on|Eingehängt auf|Monté sur|Montado en)\s*$/im,
    "This looks like df output: it measures mounted file systems, not the partitions that hold them or where they start. Run `sudo fdisk -l /dev/sdX` and paste all of it, from its `Disk /dev/…:` line on.",
  ],
  [
    /^\S+ on \/\S* type \S+ \(/m,
    "This looks like mount output: it says where file systems are mounted, not where partitions start or how big they are. Run `sudo fdisk -l /dev/sdX` and paste all of it, from its `Disk /dev/…:` line on.",
  ],
  [
    /(?:^|\s)(?:ata|nvme|scsi|usb|wwn)-\S+ -> \.\.\/\.\.\/\w+/m,
    "This looks like a listing of /dev/disk/by-id: it names the disks (their stable names are good raw-disk paths), but gives no partitions. Run `sudo fdisk -l /dev/sdX` and paste all of it, from its `Disk /dev/…:` line on.",
  ],
  [
    /\bparted\b|Partition Table:/i,
    "This looks like parted output: run `sudo parted /dev/sdX unit s print` and paste all of it, from its `Model:` line on.",
  ],
  [
    // `lsblk -f` (no SIZE, no START) is told by its NAME and FSTYPE titles.
    /\blsblk\b|MAJ:MIN|^\s*NAME\s+(?:\S+\s+)*FSTYPE\b/im,
    "This looks like lsblk output: run `lsblk -b -o NAME,START,SIZE,LOG-SEC,TYPE,FSTYPE,PARTLABEL,MOUNTPOINT` and paste all of it, header included.",
  ],
  [
    // FreeBSD's gpt (and so macOS's) when it may not open the disk: on macOS, System
    // Integrity Protection keeps it from the boot disk.
    /gpt(?: show)?: unable to open device/i,
    "gpt could not open the disk (on macOS, System Integrity Protection keeps it from the boot disk): run `diskutil info -all` instead and paste all of it; it gives every partition's exact offset and size.",
  ],
  [
    // OpenBSD fdisk (MBR `LBA Info:` table, GPT `Usable LBA:`), disklabel, NetBSD dkctl.
    // (util-linux fdisk's `Disklabel type: dos` is not OpenBSD's disklabel.)
    /LBA Info:|Usable LBA:|bytes\/sector:|\bdisklabel\b(?!\s+type\s*:)|\bdkctl\b|\bwedges?:/i,
    "This looks like OpenBSD or NetBSD (fdisk, disklabel or dkctl). VirtualBox does not run there, and a plan needs the disk as the VirtualBox host names it: paste that system's listing (Linux `sudo fdisk -l`, FreeBSD `gpart list`, macOS `diskutil info -all`, Windows `Get-Partition`).",
  ],
  [
    /diskutil|\/dev\/disk\d/i,
    "This looks like macOS: run `sudo gpt -r show /dev/diskN; diskutil info diskN` (GPT) or `sudo fdisk /dev/diskN` (MBR) and paste all of it.",
  ],
  [
    /fdisk|\/dev\/(sd|nvme|vd|hd|mmcblk)/i,
    "This looks like Linux: run `sudo fdisk -l /dev/sdX` and paste all of it, from its `Disk /dev/…:` line on.",
  ],
];

const UUID_AT_END = /(?:^|\s)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\r?$/i;

/**
 * The width a console cut the text's lines at when it was copied, or null: the longest lines
 * all end at the same column (60 or more), several of them, each followed by more text.
 */
export function cutWidth(lines: readonly string[]): number | null {
  // A ruler (`-----`) under a header is as wide as the table, not cut: it does not count.
  const lengths = lines
    .slice(0, 500)
    .map((l) => l.replace(/\r$/, ""))
    .map((l) => (/^\s*[-=]+\s*$/.test(l) ? 0 : l.length));
  const widest = Math.max(0, ...lengths);
  if (widest < 60) return null;
  // PowerShell's tables (Get-Volume, Format-Table) right-align their last column: every row
  // ends where the title's dashes end, as PowerShell fitted it to the window. Not cut.
  const ruled = lines
    .slice(0, 500)
    .some(
      (l) => /^\s*-+(?:\s+-+)+\s*$/.test(l) && l.replace(/\r$/, "").trimEnd().length === widest,
    );
  if (ruled) return null;
  // A line that ends in a whole UUID (partx, lsblk, blkid put them last) ends where its table
  // does, padded to the same width as the others: not cut.
  const whole = (i: number) => UUID_AT_END.test(lines[i] ?? "");
  const cut = lengths.filter(
    (n, i) => n === widest && (lengths[i + 1] ?? 0) > 0 && !whole(i),
  ).length;
  return cut >= 2 ? widest : null;
}

/** A sentence naming the closest format the text resembles and what to run, or "". */
function closestMatch(lines: readonly string[]): string {
  const text = lines.slice(0, 500).join("\n");
  const width = cutWidth(lines);
  const cut =
    width === null
      ? ""
      : ` Its lines look cut at ${width} characters, as a console window that narrow cuts them when they are copied: save the output to a file instead (add \`> partitions.txt\` to the command) and open that file, or widen the window and copy again.`;
  for (const [pattern, hint] of HINTS) if (pattern.test(text)) return `${cut} ${hint}`;
  return cut;
}
