/**
 * VirtualBox's own listings (docs/listings.md):
 *
 * - `VBoxManage internalcommands listpartitions -rawdisk DEV` (VBoxInternalManage.cpp):
 *   `Number  Type   StartCHS       EndCHS      Size (MiB)  Start (Sect)`; Start is exact (in
 *   512-byte sectors), Size is whole MiB rounded down: not exact. Extended partitions are not
 *   listed; logical ones are numbered from 5.
 * - `VBoxManage list hostdrives` (VirtualBox 7, VBoxManageList.cpp): per drive `Drive:`,
 *   `Model:`, `UUID:`, `Size:` (bytes with `--long`), `Sector Size:`, `Scheme:`, then a
 *   partition table whose sizes and offsets are bytes with `--long` (exact) and rounded without.
 */
import { vmdkSectors, vmdkSectorsToBytes } from "../../units.ts";
import type { LineParser, ListingDisk, ListingPartition } from "../types.ts";
import {
  cleanLines,
  decimal,
  emptyDisk,
  NOT_SHOWN,
  Notes,
  okResult,
  sectorSizeFrom,
} from "../text.ts";
import { UUID_TEXT } from "../../vbox.ts";
import { canonicalDiskNumber, physicalDrive } from "./numbers.ts";

const LISTPARTITIONS_HEADER = /^Number\s+Type\s+StartCHS\s+EndCHS\s+Size \(MiB\)\s+Start \(Sect\)$/;
const LISTPARTITIONS_ROW =
  /^(\d{1,3})\s+(0x[0-9a-f]{1,2}|0+)\s+\d+\s*\/\s*\d+\s*\/\s*\d+\s+\d+\s*\/\s*\d+\s*\/\s*\d+\s+(\d+)\s+(\d+)$/i;

/**
 * The disk as the command line names it, quotes taken off by the caller. A Unix-like shell on
 * Windows (Git Bash, MSYS) needs `\\\\.\\PhysicalDrive0` unquoted, which is `\\.\PhysicalDrive0`:
 * Windows' device names are given back as Windows spells them.
 */
function commandLineDevice(word: string): string {
  const escaped = /^\\{4}\.\\{2}(physicaldrive\d{1,3})$/i.exec(word);
  const n = canonicalDiskNumber(escaped ? `\\\\.\\${escaped[1] ?? ""}` : word);
  return n === null ? word : physicalDrive(n);
}

export const parseVboxListPartitions: LineParser = (raw) => {
  const lines = cleanLines(raw);
  const header = lines.findIndex((l) => LISTPARTITIONS_HEADER.test(l.trim()));
  if (header === -1) return null;
  const notes = new Notes();
  notes.use(header);
  // The command line, when pasted, names the disk.
  let device: string | null = null;
  lines.forEach((line, index) => {
    const m = /listpartitions\s+--?rawdisk\s+(["']?)([^"'\s]+)\1/i.exec(line);
    if (m) {
      device = commandLineDevice(m[2] ?? "");
      notes.use(index);
    }
  });
  const disk = emptyDisk(device, header + 1);
  lines.forEach((line, index) => {
    if (index <= header) return;
    const m = LISTPARTITIONS_ROW.exec(line.trim());
    if (!m) return;
    notes.use(index);
    const start = decimal(m[4]);
    const p: ListingPartition = {
      number: Number(m[1]),
      label: `Partition ${m[1]}`,
      startByte: start === null ? null : vmdkSectorsToBytes(vmdkSectors(start)),
      sizeBytes: null,
      exact: false,
      type: m[2] ?? "",
    };
    disk.partitions.push(p);
  });
  // VBoxInternalManage.cpp lists a GPT entry with type 0 and skips MBR slots of type 0: all
  // zero is a GPT disk, whose entries 5 and up are not logical partitions.
  const zero = (t: string | undefined) => /^(?:0x)?0+$/i.test(t ?? "");
  if (disk.partitions.length > 0) {
    const gpt = disk.partitions.every((p) => zero(p.type));
    const mbr = disk.partitions.every((p) => !zero(p.type));
    if (gpt) disk.tableType = "gpt";
    if (mbr) {
      disk.tableType = "dos";
      for (const p of disk.partitions) if ((p.number ?? 0) >= 5) p.flags = ["logical"];
    }
  }
  notes.add(
    header,
    "VBoxManage listpartitions gives sizes in whole MiB (rounded down): the sizes are not exact. On VirtualBox 7, `VBoxManage list hostdrives --long` gives exact byte offsets and sizes.",
  );
  if (device === null) notes.add(header, "The listing does not name the disk: enter its path.");
  // partRead's errors (`Logical partition chain broken`, `Overlapping MBR partitions`…) are
  // printed before the table, which is then printed anyway with what was read: such a table may
  // miss partitions, and free space in it may be in use. Refused.
  const failed = lines.findIndex((l) => /^VBoxManage(?:\.exe)?: error: /i.test(l.trim()));
  if (failed !== -1) {
    notes.unread(lines);
    return {
      ok: false,
      error: `VBoxManage reported an error reading the partition table (line ${failed + 1}: \`${lines[failed]?.trim() ?? ""}\`) and printed only what it could read: partitions may be missing. List the disk with the system's own tool instead (Windows: \`Get-Partition | Format-List DiskNumber,PartitionNumber,Offset,Size,Type\`; Linux: \`sudo fdisk -l /dev/sdX\`).`,
      notes: notes.list,
    };
  }
  return okResult("vbox-listpartitions", [disk], notes, lines);
};

const FIELD = /^(Drive|Model|UUID|Size|Sector Size|Scheme|Partitions):\s*(.*)$/;
const MBR_LONG =
  /^(\d{1,3})\s+([0-9a-f]{2})\s+(\d+)\s+(\d+)\s+\d+\/\s*\d+\/\s*\d+\s+\d+\/\s*\d+\/\s*\d+\s+(yes|no)\s*(.*)$/i;
const SIZE_TEXT = String.raw`(\S+(?:\s[KMGTPE]?i?B)?)`;
const GPT_ROW = new RegExp(
  String.raw`^(\d{1,3})\s+(.*?)\s*(${UUID_TEXT})\s+${SIZE_TEXT}\s+${SIZE_TEXT}\s+(on|off)\s*(.*)$`,
  "i",
);
const MBR_SHORT =
  /^(\d{1,3})\s+([0-9a-f]{2})\s+(.+?)\s+\d+\/\s*\d+\/\s*\d+\s+\d+\/\s*\d+\/\s*\d+\s+(yes|no)\s*(.*)$/i;

/** A drive VirtualBox may not read (VBoxManageList.cpp): only its path and model are listed. */
const DENIED =
  /^Further disk and partitioning information is not available for drive "(.+)"\.\s*\(E_ACCESSDENIED\)$/;

export const parseVboxHostDrives: LineParser = (raw) => {
  const lines = cleanLines(raw);
  if (
    !lines.some((l) => /^Drive:\s+\S/.test(l.trim())) ||
    !lines.some((l) => /^Scheme:\s/.test(l.trim()) || DENIED.test(l.trim()))
  ) {
    return null;
  }
  const notes = new Notes();
  const disks: ListingDisk[] = [];
  let disk: ListingDisk | null = null;
  let rounded = false;
  /** The drives VirtualBox was not allowed to read. */
  const denied: string[] = [];
  lines.forEach((line, index) => {
    const text = line.trim();
    const refused = DENIED.exec(text);
    if (refused) {
      notes.use(index);
      const name = refused[1] ?? "";
      denied.push(name);
      // Its partitions are unknown: the drive is not shown, never shown empty.
      notes.add(
        index,
        `${NOT_SHOWN} ${name}: VirtualBox was not allowed to read it (E_ACCESSDENIED), so its size and partitions are not listed: run \`VBoxManage list hostdrives --long\` again as administrator (Windows) or with sudo (Linux).`,
        true,
      );
      return;
    }
    const f = FIELD.exec(text);
    if (f) {
      notes.use(index);
      const [key, value] = [f[1], (f[2] ?? "").trim()];
      if (key === "Drive") {
        disk = emptyDisk(value, index + 1);
        disks.push(disk);
        return;
      }
      const d = disk as ListingDisk | null;
      if (!d) return;
      if (key === "Model" && !/unknown/.test(value))
        d.identity = { ...d.identity, model: value.replace(/^"|"$/g, "") };
      else if (key === "UUID" && /^[0-9a-f-]{36}$/i.test(value))
        d.identity = { ...d.identity, vboxUuid: value.toLowerCase() };
      else if (key === "Size") {
        const bytes = /^(\d+) bytes\b/.exec(value);
        d.sizeBytes = bytes ? decimal(bytes[1]) : null;
        if (!bytes) rounded = true;
      } else if (key === "Sector Size")
        d.logicalSectorSize = sectorSizeFrom(/^(\d+)/.exec(value)?.[1]);
      else if (key === "Scheme")
        d.tableType = value === "GPT" ? "gpt" : value === "MBR" ? "dos" : null;
      return;
    }
    const d = disk as ListingDisk | null;
    if (!d) return;
    if (/^##\s/.test(text) || /^First\s+Last$/.test(text)) {
      notes.use(index);
      return;
    }
    const mbr = MBR_LONG.exec(text);
    if (mbr) {
      notes.use(index);
      const p: ListingPartition = {
        number: Number(mbr[1]),
        label: `Partition ${mbr[1]}`,
        sizeBytes: decimal(mbr[3]),
        startByte: decimal(mbr[4]),
        exact: true,
        type: mbr[2] ?? "",
      };
      p.exact = p.startByte !== null && p.sizeBytes !== null;
      if (mbr[5]?.toLowerCase() === "yes") p.flags = ["boot"];
      d.partitions.push(p);
      return;
    }
    const gpt = GPT_ROW.exec(text);
    if (gpt) {
      notes.use(index);
      const size = /^\d+$/.test(gpt[4] ?? "") ? decimal(gpt[4]) : null;
      const start = /^\d+$/.test(gpt[5] ?? "") ? decimal(gpt[5]) : null;
      if (size === null || start === null) rounded = true;
      const p: ListingPartition = {
        number: Number(gpt[1]),
        label: `Partition ${gpt[1]}`,
        startByte: start,
        sizeBytes: size,
        exact: start !== null && size !== null,
        partitionGuid: (gpt[3] ?? "").toUpperCase(),
      };
      const type = (gpt[2] ?? "").trim();
      if (type) p.type = type;
      const name = (gpt[7] ?? "").trim();
      if (name) p.name = name;
      d.partitions.push(p);
      return;
    }
    const short = MBR_SHORT.exec(text);
    if (short) {
      notes.use(index);
      rounded = true;
      d.partitions.push({
        number: Number(short[1]),
        label: `Partition ${short[1]}`,
        startByte: null,
        sizeBytes: null,
        exact: false,
        type: short[2] ?? "",
      });
    }
  });
  if (disks.length === 0) return null;
  if (denied.length === disks.length && disks.every((d) => d.partitions.length === 0)) {
    notes.unread(lines);
    return {
      ok: false,
      error: `VirtualBox was not allowed to read any drive (E_ACCESSDENIED: ${denied.join(", ")}), so no size or partition is listed. Run \`VBoxManage list hostdrives --long\` again from a prompt opened as administrator (Windows) or with sudo (Linux), and paste all of it.`,
      notes: notes.list,
    };
  }
  if (rounded) {
    notes.add(
      0,
      "`VBoxManage list hostdrives` without --long rounds sizes and offsets: run `VBoxManage list hostdrives --long` for exact numbers.",
    );
  }
  // A drive VirtualBox could not read lists no partition: it is not shown (its note says why).
  const shown = disks.filter(
    (d) => !(d.partitions.length === 0 && denied.includes(d.device ?? "")),
  );
  return okResult("vbox-hostdrives", shown, notes, lines);
};
