/**
 * GPT fdisk's `gdisk -l` and `sgdisk -p`, and busybox fdisk on a GPT disk (which prints the same
 * table shape). Start and End are the disk's logical sectors, inclusive; the sector size is on
 * its own line (`Sector size (logical): 4096 bytes`, `Sector size (logical/physical): 512/4096
 * bytes`, busybox `Logical sector size: 512`). The Size column is rounded and not used.
 *
 *   Disk /dev/sda: 2097152 sectors, 1024.0 MiB
 *   Sector size (logical/physical): 512/512 bytes
 *   Disk identifier (GUID): 5D0C2F4E-…
 *   Number  Start (sector)    End (sector)  Size       Code  Name
 *      1            2048         1050623   512.0 MiB   EF00  EFI system partition
 *
 * On a disk without a GPT, gdisk and sgdisk still print a GPT listing, made up in memory: an
 * MBR's partitions converted (`Found invalid GPT and valid MBR; converting MBR to GPT format`,
 * gdisk's scan says `MBR: MBR only`, `GPT: not present`), or, on a disk with no table at all,
 * none (`Creating new GPT entries in memory.`). Such a disk is read as what it is (dos, or no
 * table), and the made-up disk GUID is not taken as its identity.
 */
import type { LineParser, ListingDisk } from "../types.ts";
import {
  cleanLines,
  decimal,
  emptyDisk,
  Notes,
  okResult,
  partitionFromSectors,
  sectorSizeFrom,
  tokens,
} from "../text.ts";

const DISK = /^Disk\s+(\S+):\s+(\d+)\s+sectors\b/;
const SECTOR_SIZE =
  /^(?:Sector size \(logical(?:\/physical)?\):\s*(\d+)(?:\/(\d+))?\s*bytes|Logical sector size:\s*(\d+))/;
const GUID = /^Disk identifier \(GUID\):\s*([0-9A-Fa-f-]{36})/;
const TABLE_HEADER = /^Number\s+Start \(sector\)\s+End \(sector\)\s+Size\b/;
/** gdisk 1.0 says `converting MBR to GPT format`, 0.8 `will convert MBR to GPT format`. */
const MBR_CONVERTED =
  /^Found invalid GPT and valid MBR; (?:will convert|converting) MBR to GPT format/;
const NO_TABLE = /^Creating new GPT entries(?: in memory)?\.$/;
/** Lines of every gdisk and sgdisk listing that carry nothing the plan needs. */
const QUIET = [
  /^GPT fdisk \(gdisk\) version \S+$/,
  /^Partition table scan:$/,
  /^Found valid GPT with protective MBR; using GPT\.?$/,
  /^Partition table holds up to \d+ entries$/,
  /^Main partition table begins at sector \d+ and ends at sector \d+$/,
  /^First usable sector is \d+, last usable sector is \d+$/,
  /^Partitions will be aligned on \d+-sector boundaries$/,
  /^Total free space is \d+ sectors \(.*\)$/,
  // The frame and second line of the MBR-conversion banner.
  /^\*{20,}$/,
  /^in memory\.$/,
];
/** gdisk's `Partition table scan:` lines (`MBR: MBR only`, `GPT: not present`). */
const SCAN_LINE = /^(MBR|BSD|APM|GPT):\s+(.+)$/;
/** Busybox fdisk prints this before its GPT table; gdisk prints it too, with a full stop. */
const BUSYBOX_MARK = /^Found valid GPT with protective MBR; using GPT$/;

export const parseGdisk: LineParser = (raw) => {
  const lines = cleanLines(raw);
  if (!lines.some((l) => TABLE_HEADER.test(l.trim()))) return null;
  const busybox =
    lines.some((l) => BUSYBOX_MARK.test(l.trim())) ||
    lines.some((l) => /^Logical sector size:/.test(l.trim()));
  const notes = new Notes();
  const disks: ListingDisk[] = [];
  let disk: ListingDisk | null = null;
  let sectorCount: bigint | null = null;
  let inTable = false;
  /** What gdisk said before the next `Disk …:` line about the table it found. */
  let found: { mbrOnly: boolean; gptAbsent: boolean; converted: boolean; none: boolean } = {
    mbrOnly: false,
    gptAbsent: false,
    converted: false,
    none: false,
  };
  const inMemory = new Map<ListingDisk, { kind: "mbr" | "none"; line: number }>();
  const finishSize = (d: ListingDisk, count: bigint | null) => {
    if (count !== null && d.logicalSectorSize !== null) {
      d.sizeBytes = count * BigInt(d.logicalSectorSize);
    }
  };
  lines.forEach((line, index) => {
    const text = line.trim();
    const diskMatch = DISK.exec(text);
    if (diskMatch) {
      notes.use(index);
      if (disk) finishSize(disk, sectorCount);
      disk = emptyDisk(diskMatch[1] ?? null, index + 1);
      disk.tableType = "gpt";
      const mbr = found.converted || (found.mbrOnly && found.gptAbsent);
      if (mbr || found.none) {
        disk.tableType = mbr ? "dos" : null;
        inMemory.set(disk, { kind: mbr ? "mbr" : "none", line: index + 1 });
      }
      found = { mbrOnly: false, gptAbsent: false, converted: false, none: false };
      disks.push(disk);
      sectorCount = decimal(diskMatch[2]);
      inTable = false;
      return;
    }
    if (QUIET.some((re) => re.test(text))) {
      notes.use(index);
      return;
    }
    const scan = SCAN_LINE.exec(text);
    if (scan) {
      notes.use(index);
      if (scan[1] === "MBR" && scan[2] === "MBR only") found.mbrOnly = true;
      if (scan[1] === "GPT" && scan[2] === "not present") found.gptAbsent = true;
      return;
    }
    if (MBR_CONVERTED.test(text)) {
      notes.use(index);
      found.converted = true;
      return;
    }
    if (NO_TABLE.test(text)) {
      notes.use(index);
      found.none = true;
      return;
    }
    const current = disk as ListingDisk | null;
    const size = SECTOR_SIZE.exec(text);
    if (size && current) {
      notes.use(index);
      current.logicalSectorSize = sectorSizeFrom(size[1] ?? size[3]);
      if (size[2]) current.physicalSectorSize = sectorSizeFrom(size[2]);
      return;
    }
    const guid = GUID.exec(text);
    if (guid && current) {
      notes.use(index);
      // A GPT made up in memory has a made-up GUID: not the disk's.
      if (inMemory.has(current)) return;
      current.identity = { ...current.identity, diskGuid: (guid[1] ?? "").toUpperCase() };
      return;
    }
    if (/^Model:\s*(.+)$/.test(text) && current) {
      notes.use(index);
      current.identity = { ...current.identity, model: text.replace(/^Model:\s*/, "") };
      return;
    }
    if (TABLE_HEADER.test(text)) {
      notes.use(index);
      inTable = true;
      return;
    }
    if (!inTable || !current) return;
    const t = tokens(text);
    const [num, start, end] = [t[0]?.text, t[1]?.text, t[2]?.text];
    if (!/^\d{1,4}$/.test(num ?? "") || !/^\d+$/.test(start ?? "") || !/^\d+$/.test(end ?? "")) {
      inTable = false;
      return;
    }
    const first = decimal(start);
    const last = decimal(end);
    if (first === null || last === null || last < first) return;
    notes.use(index);
    // gdisk: Size (two words) Code Name…; busybox: Size (one word) Name…
    const rest = t.slice(3);
    const codeAt = rest.findIndex((x) => /^[0-9A-F]{4}$/.test(x.text));
    const nameFrom = codeAt >= 0 ? rest[codeAt + 1] : busybox ? rest[1] : undefined;
    const name = nameFrom ? text.slice(nameFrom.at).trim() : "";
    const base = { number: Number(num), label: partitionLabel(current.device, Number(num)) };
    const p = partitionFromSectors(base, first, last - first + 1n, current.logicalSectorSize);
    if (codeAt >= 0) p.type = rest[codeAt]?.text ?? "";
    if (name !== "") p.name = name;
    current.partitions.push(p);
  });
  if (disk) finishSize(disk, sectorCount);
  if (disks.length === 0) return null;
  for (const [d, { kind, line }] of inMemory) {
    const name = d.device ?? "This disk";
    notes.add(
      line - 1,
      kind === "mbr"
        ? `${name} has an MBR (dos) partition table and no GPT: gdisk listed its MBR partitions converted to GPT in memory. Their numbers are exact, but an extended partition is not listed and the disk GUID shown is made up, not the disk's. \`sudo fdisk -l ${d.device ?? "/dev/sdX"}\` lists the MBR as it is.`
        : `${name} has no partition table: the empty GPT gdisk shows (and its disk GUID) exists only in its memory.`,
    );
  }
  // Logical partitions without their extended partition: the boot records between them would
  // look like free space. Only fdisk's listing of the MBR shows where those are.
  const withLogicals = [...inMemory].find(
    ([d, { kind }]) => kind === "mbr" && d.partitions.some((p) => (p.number ?? 0) >= 5),
  );
  if (withLogicals) {
    const [d] = withLogicals;
    notes.unread(lines);
    return {
      ok: false,
      error: `${d.device ?? "This disk"} has an MBR (dos) partition table with logical partitions, which gdisk listed converted to GPT in memory: the extended partition that holds them, and the boot records between them, are not in this listing, so the space around them would look free. Run \`sudo fdisk -l ${d.device ?? "/dev/sdX"}\` and paste all of it instead.`,
      notes: notes.list,
    };
  }
  return okResult(
    busybox && !lines.some((l) => /GPT fdisk/.test(l)) ? "busybox-fdisk" : "gdisk",
    disks,
    notes,
    lines,
  );
};

/** `/dev/sda` + 1 → `/dev/sda1`; `/dev/nvme0n1` + 1 → `/dev/nvme0n1p1`. */
export function partitionLabel(device: string | null, number: number): string {
  if (!device) return `Partition ${number}`;
  return `${device}${/\d$/.test(device) ? "p" : ""}${number}`;
}
