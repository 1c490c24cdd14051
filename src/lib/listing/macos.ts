/**
 * macOS and the BSDs (docs/listings.md):
 *
 * - `diskutil list`: identifiers (`/dev/disk0`, `disk0s2`) and rounded sizes (`500.1 GB`), no
 *   positions at all: useful to find the disk, never exact.
 * - macOS `fdisk /dev/diskN` (MBR): `[ start - size]` in the disk's own blocks, exact; the
 *   header's `[N sectors]` is the disk's block count (DKIOCGETBLOCKCOUNT). The block size is
 *   not printed: 4096 on Apple silicon's internal SSD and some USB drives, so it is asked, or
 *   taken from a pasted `diskutil info` of the same disk whose size is exactly N blocks.
 * - `gpt show` / `gpt -r show` (macOS, FreeBSD, NetBSD): `start size index contents` in the
 *   device's blocks, exact once the block size is known (it is not printed).
 */
import type { LineParser, ListingDisk, ListingPartition } from "./types.ts";
import {
  cleanLines,
  decimal,
  emptyDisk,
  type GptBehindMbr,
  Notes,
  okResult,
  partitionFromSectors,
  sectorSizeFrom,
  tokens,
  withoutGptBehindMbr,
} from "./text.ts";
import {
  infoBlockSize,
  infoOffset,
  infoSizeBytes,
  readDiskutilInfo,
  type InfoBlock,
} from "./macosInfo.ts";

const DISKUTIL_DISK = /^(\/dev\/disk\d+)\s*(\(.*\))?:$/;
// "*" marks a whole disk's size, "+" a synthesized container's.
// An APFS snapshot's identifier names its volume's too: disk3s1s1 is a snapshot of disk3s1.
const DISKUTIL_ROW =
  /^(\d+):\s+(.*?)\s+[*+]?(\d+(?:[.,]\d+)?\s*[KMGTP]?B)\s+(disk\d+(?:s\d+){0,2})$/;
const DISKUTIL_SIZE_AND_ID = /\s[*+]?\d+(?:[.,]\d+)?\s*[KMGTP]?B\s+disk\d+(?:s\d+){0,2}$/;
const DISKUTIL_FREE = /^\(free space\)\s+\d+(?:[.,]\d+)?\s*[KMGTP]?B\s+-$/;
/**
 * Since macOS 12 diskutil wraps every volume name in Unicode isolates (U+2068 … U+2069, shown
 * as `⁨Macintosh HD⁩`), an empty name too (`⁨⁩`): they are no part of the name.
 */
const ISOLATES = /[\u2066-\u2069]/g;

/**
 * A row's TYPE and NAME. diskutil right-aligns TYPE to end just before the header's "NAME" and
 * starts NAME under it, and either may hold spaces ("Apple_APFS" "Container disk1", "APFS
 * Volume" "Macintosh HD"): the header's column tells them apart. Where the row does not line up
 * with it (spaces collapsed in a copy), two or more spaces, else the last space, split them.
 */
function typeAndName(line: string, nameColumn: number | null): { type: string; name: string } {
  const prefix = /^\s*\d+:/.exec(line)?.[0].length ?? 0;
  const sizeAt = DISKUTIL_SIZE_AND_ID.exec(line)?.index ?? line.length;
  if (
    nameColumn !== null &&
    nameColumn - 2 >= prefix &&
    nameColumn <= sizeAt &&
    line[nameColumn - 1] === " " &&
    line[nameColumn - 2] !== " "
  ) {
    return {
      type: line.slice(prefix, nameColumn).trim(),
      name: line.slice(nameColumn, sizeAt).trim(),
    };
  }
  const both = line.slice(prefix, sizeAt).trim();
  const parts = both.split(/\s{2,}|\s(?=\S+$)/);
  return { type: parts[0] ?? both, name: parts.slice(1).join(" ").trim() };
}

export const parseDiskutil: LineParser = (raw) => {
  const lines = cleanLines(raw).map((l) => l.replace(ISOLATES, ""));
  if (!lines.some((l) => DISKUTIL_DISK.test(l.trim()))) return null;
  if (!lines.some((l) => /#:\s+TYPE\s+NAME\s+SIZE\s+IDENTIFIER/.test(l))) return null;
  const notes = new Notes();
  const disks: ListingDisk[] = [];
  let disk: ListingDisk | null = null;
  // Disks macOS makes from partitions (APFS containers, CoreStorage volumes), not hardware.
  const virtual = new Set<ListingDisk | null>();
  let nameColumn: number | null = null;
  lines.forEach((line, index) => {
    const text = line.trim();
    const d = DISKUTIL_DISK.exec(text);
    if (d) {
      notes.use(index);
      disk = emptyDisk(d[1] ?? null, index + 1);
      disks.push(disk);
      if (/virtual|synthesized/.test(d[2] ?? "")) virtual.add(disk);
      return;
    }
    if (/#:\s+TYPE\s+NAME/.test(text)) {
      notes.use(index);
      // Columns only where the header kept its alignment (not collapsed in a copy).
      nameColumn = /#:\s{2,}TYPE NAME\s{2,}SIZE/.test(text) ? line.indexOf(" NAME ") + 1 : null;
      return;
    }
    // Under an APFS container: the partition it lives in, already listed with its disk.
    if (/^Physical Stores? disk\d+s\d+(,\s*disk\d+s\d+)*$/.test(text)) {
      notes.use(index);
      return;
    }
    // Under a CoreStorage volume (macOS 10.7 to 10.12, Fusion Drives): the partition it lives
    // in, its UUID and its encryption state.
    if (
      virtual.has(disk as ListingDisk | null) &&
      (/^Logical Volume on disk\d+s\d+(,\s*disk\d+s\d+)*$/.test(text) ||
        /^[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}$/i.test(text) ||
        /^(?:(?:Unlocked|Locked) )?(?:Encrypted|Unencrypted)$/.test(text))
    ) {
      notes.use(index);
      return;
    }
    // Unpartitioned space in the map: not a partition, nothing to read.
    if (DISKUTIL_FREE.test(text) && disk) {
      notes.use(index);
      return;
    }
    const row = DISKUTIL_ROW.exec(text);
    const current = disk as ListingDisk | null;
    if (!row || !current) return;
    notes.use(index);
    // A snapshot lives inside its volume: the volume's row already stands for it.
    if (/s\d+s\d+$/.test(row[4] ?? "")) return;
    if (row[1] === "0") {
      const scheme = row[2] ?? "";
      current.tableType = /GUID/.test(scheme) ? "gpt" : /FDisk/.test(scheme) ? "dos" : null;
      return;
    }
    const { type, name } = typeAndName(line, nameColumn);
    // The slice number is the identifier's (disk0s3 is slice 3); the `#` column is only the
    // row's place in the list, which diskutil says need not follow the slice numbers.
    const p: ListingPartition = {
      number: Number(/s(\d+)$/.exec(row[4] ?? "")?.[1] ?? row[1]),
      label: `/dev/${row[4]}`,
      startByte: null,
      sizeBytes: null,
      exact: false,
      type,
    };
    if (name) p.name = name;
    current.partitions.push(p);
  });
  if (disks.length === 0) return null;
  for (const d of disks) {
    if (!virtual.has(d)) continue;
    notes.add(
      (d.line ?? 1) - 1,
      `${d.device ?? "This disk"} is not a physical disk but one macOS makes from a partition (an APFS container or a CoreStorage volume): a raw disk VMDK uses the physical disk that holds that partition.`,
    );
  }
  const filled = fillFromInfo(disks, readDiskutilInfo(lines, notes), notes);
  // Partitions of a real partition map (not an APFS container's volumes) still inexact.
  const inexact = disks.some((d) => d.tableType && d.partitions.some((p) => !p.exact));
  if (filled === 0 || inexact) {
    notes.add(
      0,
      `diskutil list rounds sizes and gives no positions: ${filled === 0 ? "nothing here is exact" : "only the partitions diskutil info was pasted for are exact"}. For a GPT disk run \`sudo gpt -r show /dev/diskN; diskutil info diskN\` and paste both (if gpt cannot open the disk, \`diskutil info -all\`); for an MBR disk \`sudo fdisk /dev/diskN\`.`,
    );
  }
  return okResult("diskutil", disks, notes, lines);
};

/**
 * `diskutil info` blocks pasted with `diskutil list`: a whole disk's block gives its exact size
 * and block size, a partition's its exact offset and size (matched by identifier). Returns how
 * many partitions were made exact; blocks that match nothing are noted.
 */
function fillFromInfo(disks: ListingDisk[], blocks: readonly InfoBlock[], notes: Notes): number {
  let filled = 0;
  for (const b of blocks) {
    const device = `/dev/${b.id}`;
    const disk = disks.find((d) => d.device === device);
    if (disk && b.fields.get("Whole")?.value === "Yes") {
      disk.sizeBytes = infoSizeBytes(b, notes);
      disk.logicalSectorSize = infoBlockSize(b);
      continue;
    }
    const partition = disks.flatMap((d) => d.partitions).find((p) => p.label === device);
    const startByte = partition ? infoOffset(b, notes) : null;
    const sizeBytes = partition ? infoSizeBytes(b, notes) : null;
    if (!partition || startByte === null || sizeBytes === null) {
      notes.add(
        b.line,
        `diskutil info of ${b.id || "an unnamed device"} is not used: ${
          partition
            ? "it gives no exact Partition Offset and Disk Size (an APFS volume has none)."
            : "diskutil list does not list it."
        }`,
      );
      continue;
    }
    partition.startByte = startByte;
    partition.sizeBytes = sizeBytes;
    partition.exact = true;
    filled++;
  }
  return filled;
}

const MAC_FDISK_DISK = /^Disk:\s+(\S+)\s+geometry:\s+\S+\s+\[(\d+)\s+sectors\]$/;
const MAC_FDISK_ROW =
  /^\*?(\d):\s+([0-9A-F]{2})\s+\d+\s+\d+\s+\d+\s+-\s+\d+\s+\d+\s+\d+\s+\[\s*(\d+)\s+-\s+(\d+)\]\s*(.*)$/i;

export const parseMacFdisk: LineParser = (raw) => {
  const lines = cleanLines(raw);
  if (!lines.some((l) => MAC_FDISK_DISK.test(l.trim()))) return null;
  const notes = new Notes();
  const disks: ListingDisk[] = [];
  // The `[N sectors]` of each disk: its size in its own blocks.
  const blockCounts = new Map<ListingDisk, bigint | null>();
  // GPT disks fdisk shows only through their MBR (a protective or hybrid `EE` entry).
  const behindMbr: GptBehindMbr[] = [];
  let disk: ListingDisk | null = null;
  lines.forEach((line, index) => {
    const text = line.trim();
    const d = MAC_FDISK_DISK.exec(text);
    if (d) {
      notes.use(index);
      disk = emptyDisk(d[1] ?? null, index + 1);
      disk.tableType = "dos";
      blockCounts.set(disk, decimal(d[2]));
      disks.push(disk);
      return;
    }
    if (/^Signature:|^Starting\s+Ending|^#:\s+id|^-{10,}/.test(text)) {
      notes.use(index);
      return;
    }
    const row = MAC_FDISK_ROW.exec(text);
    const current = disk as ListingDisk | null;
    if (!row || !current) return;
    notes.use(index);
    const size = decimal(row[4]);
    if (row[2] === "00" || size === 0n) return; // unused slot
    const p = partitionFromSectors(
      {
        number: Number(row[1]),
        label: `${current.device ?? "disk"}s${row[1]}`,
        type: row[2] ?? "",
      },
      decimal(row[3]),
      size,
      null,
    );
    if (text.startsWith("*")) p.flags = ["boot"];
    if (row[2]?.toUpperCase() === "EE") {
      current.tableType = "gpt";
      if (!behindMbr.some((b) => b.disk === current))
        behindMbr.push({ disk: current, line: index + 1 });
      return;
    }
    current.partitions.push(p);
  });
  if (disks.length === 0) return null;
  // Apple's fdisk counts in the disk's own blocks (DKIOCGETBLOCKCOUNT) and never prints their
  // size: 512 on most disks, 4096 on Apple silicon's internal SSD and on some USB drives.
  const infos = infoForDisks(
    readDiskutilInfo(lines, notes),
    disks.map((d) => d.device),
    "fdisk",
    notes,
  );
  disks.forEach((current, i) => {
    const info = infos[i] ?? null;
    const blocks = blockCounts.get(current) ?? null;
    let blockSize = info ? infoBlockSize(info) : null;
    const infoBytes = info ? infoSizeBytes(info, notes) : null;
    if (info && blockSize !== null && infoBytes !== null && blocks !== null) {
      if (blocks * BigInt(blockSize) !== infoBytes) {
        notes.add(
          info.line,
          `diskutil info says ${info.id} has ${infoBytes} bytes, not the ${blocks} blocks of ${blockSize} bytes fdisk counts: not the same disk? Its block size is not used.`,
        );
        blockSize = null;
      }
    }
    const line = (current.line ?? 1) - 1;
    if (blockSize === null) {
      notes.add(
        line,
        `macOS fdisk counts in the disk's own blocks but does not print their size (512 on most disks, 4096 on Apple silicon's internal SSD and some USB drives): say which, or paste \`diskutil info ${current.device?.replace(/^\/dev\/r?/, "") ?? "diskN"}\` with it.`,
      );
      return;
    }
    current.logicalSectorSize = blockSize;
    if (blocks !== null) current.sizeBytes = blocks * BigInt(blockSize);
    current.partitions = inBlocksOf(current.partitions, blockSize);
    notes.add(
      info?.line ?? line,
      info?.id
        ? `The block size, ${blockSize} bytes, is from diskutil info of ${info.id}.`
        : `The block size, ${blockSize} bytes, is from the pasted Device Block Size line (diskutil info): make sure it is of the disk fdisk lists.`,
    );
  });
  return withoutGptBehindMbr(okResult("macos-fdisk", disks, notes, lines), behindMbr, (device) => {
    const name = device?.replace(/^\/dev\/r?/, "") ?? "diskN";
    return `sudo gpt -r show /dev/${name}; diskutil info ${name}`;
  });
};

const GPT_SHOW_HEADER = /^start\s+size\s+index\s+contents$/;

export const parseGptShow: LineParser = (raw) => {
  const lines = cleanLines(raw);
  const header = lines.findIndex((l) => GPT_SHOW_HEADER.test(l.trim()));
  if (header === -1) return null;
  const notes = new Notes();
  notes.use(header);
  let device: string | null = null;
  // `gpt show -l` prints each partition's label where its type would be.
  let labels = false;
  lines.forEach((line, index) => {
    const m = /\bgpt\s+(?:-\w+\s+)*show\s+((?:-\w+\s+)*)(\S+)/.exec(line);
    if (m && index < header) {
      device = m[2] ?? null;
      labels = /(?:^|\s)-\w*l/.test(m[1] ?? "");
      notes.use(index);
    }
  });
  const disk = emptyDisk(device, header + 1);
  disk.tableType = "gpt";
  let tableBlocks: bigint | null = null;
  let endBlock = 0n;
  lines.forEach((line, index) => {
    if (index <= header) return;
    const t = tokens(line.trim()).map((x) => x.text);
    const start = decimal(t[0]);
    const size = decimal(t[1]);
    if (start === null || size === null) return;
    notes.use(index);
    if (start + size > endBlock) endBlock = start + size;
    if (/^Pri GPT table$/.test(t.slice(2).join(" "))) tableBlocks = size;
    // A disk with a plain MBR (no GPT): an `MBR` row, then `MBR part N` rows, N the type id.
    if (t.slice(2).join(" ") === "MBR") disk.tableType = "dos";
    if (!/^\d{1,3}$/.test(t[2] ?? "")) return; // PMBR, GPT header/table, unused space
    const contents = t.slice(3).join(" ");
    const mbrType = /^MBR part (\d{1,3})$/.exec(contents)?.[1];
    const value = contents.replace(/^GPT part - /, "");
    const p = partitionFromSectors(
      {
        number: Number(t[2]),
        label: `Partition ${t[2]}`,
        ...(mbrType !== undefined
          ? { type: Number(mbrType).toString(16).toUpperCase().padStart(2, "0") }
          : labels
            ? { name: value }
            : { type: value }),
      },
      start,
      size,
      null,
    );
    disk.partitions.push(p);
  });
  // `gpt -v` prints the device's sizes first: `gpt show: disk0: mediasize=N; sectorsize=S;
  // blocks=B` (to standard error, so only when both were copied); `-vv` and `-vvv` add lines
  // about the tables and entries it found.
  let verbose: { bytes: bigint; sectorSize: number; line: number } | null = null;
  lines.forEach((line, index) => {
    const text = line.trim();
    const v = /^gpt(?: show)?: (\S+): mediasize=(\d+); sectorsize=(\d+); blocks=(\d+)$/.exec(text);
    if (v) {
      notes.use(index);
      const bytes = decimal(v[2]);
      const size = sectorSizeFrom(v[3]);
      const blocks = decimal(v[4]);
      if (bytes !== null && size !== null && blocks !== null && blocks * BigInt(size) === bytes) {
        verbose = { bytes, sectorSize: size, line: index };
        if (device === null) device = v[1] ?? null;
      } else {
        notes.add(
          index,
          "gpt's sizes here do not agree (mediasize is not blocks × sectorsize): not used.",
        );
      }
      return;
    }
    if (/^gpt(?: show)?: \S+: ((Pri|Sec) GPT at sector \d+|GPT partition: type=.*)$/.test(text)) {
      notes.use(index);
    }
  });
  // `diskutil info` of the same disk pasted along (as the note below asks) gives the block size.
  const [info] = infoForDisks(readDiskutilInfo(lines, notes), [device], "gpt show", notes);
  if (device !== null && /^r?disk\d+$/.test(device)) disk.device = `/dev/${device}`;
  const fromGpt = verbose as { bytes: bigint; sectorSize: number; line: number } | null;
  if (fromGpt !== null) {
    disk.logicalSectorSize = fromGpt.sectorSize;
    disk.sizeBytes = fromGpt.bytes;
    disk.partitions = inBlocksOf(disk.partitions, fromGpt.sectorSize);
    notes.add(
      fromGpt.line,
      `The block size, ${fromGpt.sectorSize} bytes, and the disk's size are from gpt -v's own line.`,
    );
    nameMacPartitions(disk);
    return okResult("gpt-show", [disk], notes, lines);
  }
  let blockSize = info ? infoBlockSize(info) : null;
  const infoBytes = info ? infoSizeBytes(info, notes) : null;
  if (
    info &&
    blockSize !== null &&
    infoBytes !== null &&
    endBlock * BigInt(blockSize) > infoBytes
  ) {
    notes.add(
      info.line,
      `diskutil info says ${info.id} has ${infoBytes} bytes, but gpt show's rows reach block ${endBlock} of ${blockSize} bytes: not the same disk? Its block size is not used.`,
    );
    blockSize = null;
  }
  if (info && blockSize !== null) {
    if (info.id !== "") disk.device = `/dev/${info.id}`;
    disk.logicalSectorSize = blockSize;
    disk.sizeBytes = infoBytes;
    disk.partitions = inBlocksOf(disk.partitions, blockSize);
    notes.add(
      info.line,
      info.id === ""
        ? `The block size, ${blockSize} bytes, is from the pasted Device Block Size line (diskutil info): make sure it is of the disk gpt show lists.`
        : `The block size, ${blockSize} bytes, is from diskutil info of ${info.id}.`,
    );
  } else {
    notes.add(
      header,
      "gpt show counts in the device's blocks but does not print their size: say 512 or 4096, or on macOS paste `diskutil info diskN` of the same disk with it." +
        blockSizeHint(tableBlocks),
    );
  }
  nameMacPartitions(disk);
  return okResult("gpt-show", [disk], notes, lines);
};

/** On macOS a partition's device is the disk's with `s` and its index (disk0s2 is entry 2). */
function nameMacPartitions(disk: ListingDisk): void {
  const mac = /^\/dev\/r?(disk\d+)$/.exec(disk.device ?? "")?.[1];
  if (mac === undefined) return;
  for (const p of disk.partitions) if (p.number !== null) p.label = `/dev/${mac}s${p.number}`;
}

/**
 * The `diskutil info` block of each disk a listing names: the whole disk named like it, or the
 * only whole disk when the listing has one disk and does not name it, or a lone `Device Block
 * Size` line (from `diskutil info diskN | grep 'Block Size'`) whose prompt, if pasted, names
 * the same disk. Every other block is noted as not used (its lines were read).
 */
function infoForDisks(
  blocks: readonly InfoBlock[],
  devices: readonly (string | null)[],
  tool: string,
  notes: Notes,
): (InfoBlock | null)[] {
  const names = devices.map((d) => d?.replace(/^\/dev\//, "").replace(/^rdisk/, "disk") ?? null);
  const wholes = blocks.filter((b) => b.fields.get("Whole")?.value === "Yes");
  const only = names.length === 1 ? (names[0] ?? null) : undefined;
  const chosen = names.map((name) => {
    if (only !== undefined) {
      const lone = blocks.length === 1 && blocks[0]?.id === "" ? blocks[0] : null;
      if (lone && (lone.command === undefined || name === null || lone.command === name))
        return lone;
      if (name === null) return wholes.length === 1 ? (wholes[0] ?? null) : null;
    }
    return wholes.find((b) => b.id === name) ?? null;
  });
  const listed = names.filter((n) => n !== null).join(", ") || "another disk";
  for (const b of blocks) {
    if (chosen.includes(b)) continue;
    notes.add(
      b.line,
      `diskutil info of ${b.id || b.command || "an unnamed disk"} is not used: ${
        b.fields.get("Whole")?.value === "Yes" || b.id === ""
          ? `${tool} lists ${listed}, not ${b.id || b.command || "this one"}.`
          : "only the whole disk's block size is needed here."
      }`,
    );
  }
  return chosen;
}

/** Partitions read without a sector size, in bytes now that the disk's block size is known. */
function inBlocksOf(
  partitions: readonly ListingPartition[],
  blockSize: number,
): ListingPartition[] {
  return partitions.map((p) => {
    const base: Omit<ListingPartition, "startByte" | "sizeBytes" | "exact"> = {
      number: p.number,
      label: p.label,
    };
    if (p.type !== undefined) base.type = p.type;
    if (p.name !== undefined) base.name = p.name;
    if (p.flags !== undefined) base.flags = p.flags;
    return partitionFromSectors(base, p.startSector ?? null, p.sizeSectors ?? null, blockSize);
  });
}

/**
 * What the primary GPT table's length suggests about the block size, as a hint only: the usual
 * table holds 128 entries of 128 bytes (16 KiB), which is 32 blocks of 512 bytes or 4 blocks of
 * 4096 (Apple silicon's internal SSD). A table with another number of entries breaks the rule,
 * so the user still says the size.
 */
function blockSizeHint(tableBlocks: bigint | null): string {
  const guess = tableBlocks === 32n ? 512 : tableBlocks === 4n ? 4096 : null;
  return guess === null
    ? ""
    : ` Its primary GPT table is ${tableBlocks} blocks long, which with the usual 128 entries means ${guess}-byte blocks: check before you say so.`;
}
