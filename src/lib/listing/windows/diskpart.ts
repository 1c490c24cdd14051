/**
 * diskpart's `list disk`, `list partition` and `detail partition`, with the `DISKPART>` prompts
 * and `select disk N` lines that say which disk a table belongs to. `list partition` rounds both
 * Size and Offset (`465 GB`, `1024 KB`): nothing there is exact. `detail partition` prints
 * `Offset in Bytes: 122683392`, exact, for the selected partition; its size stays rounded.
 * Partition numbers are diskpart's own, 1-based (docs/listings.md).
 */
import type { LineParser, ListingDisk, ListingPartition } from "../types.ts";
import { cleanLines, decimal, emptyDisk, Notes, okResult, tokens } from "../text.ts";
import { physicalDrive } from "./numbers.ts";

const PROMPT = /^DISKPART>\s*(.*)$/i;
const SELECT_DISK = /^(?:sel(?:ect)?)\s+disk\s+(\d{1,3})$/i;
const SELECT_PARTITION = /^(?:sel(?:ect)?)\s+partition\s+(\d{1,4})$/i;
const SELECTED_DISK = /^Disk (\d{1,3}) is now the selected disk\.?$/i;
const SELECTED_PARTITION = /^Partition (\d{1,4}) is now the selected partition\.?$/i;
const PARTITION_ROW =
  /^\*?\s*Partition\s+(\d{1,4})\s+(.*?)\s+(\d+(?:[.,]\d+)?\s*[KMGT]?B)\s+(\d+(?:[.,]\d+)?\s*[KMGT]?B)\s*$/i;
const DISK_ROW =
  /^\*?\s*Disk\s+(\d{1,3})\s+(\S.*?)\s+(\d+(?:[.,]\d+)?\s*[KMGT]?B)\s+(\d+(?:[.,]\d+)?\s*[KMGT]?B)(.*)$/i;

export const parseDiskpart: LineParser = (raw) => {
  const lines = cleanLines(raw);
  const hasTable = lines.some((l) => /^\s*(Partition|Disk)\s+###\s/.test(l));
  const hasDetail = lines.some((l) => /^Offset in Bytes\s*:/i.test(l.trim()));
  if (!hasTable && !hasDetail) return null;
  const notes = new Notes();
  const disks = new Map<number, ListingDisk>();
  const order: ListingDisk[] = [];
  let selectedDisk: number | null = null;
  let selectedPartition: number | null = null;
  let detailFor: number | null = null;
  const diskFor = (n: number | null, index: number): ListingDisk => {
    const key = n ?? -1;
    let d = disks.get(key);
    if (!d) {
      d = emptyDisk(n === null ? null : physicalDrive(n), index + 1);
      if (n !== null) d.diskNumber = n;
      disks.set(key, d);
      order.push(d);
    }
    return d;
  };
  lines.forEach((line, index) => {
    let text = line.trim();
    const prompt = PROMPT.exec(text);
    if (prompt) {
      notes.use(index);
      text = (prompt[1] ?? "").trim();
    }
    const sd = SELECT_DISK.exec(text) ?? SELECTED_DISK.exec(text);
    if (sd) {
      notes.use(index);
      selectedDisk = Number(sd[1]);
      return;
    }
    const sp = SELECT_PARTITION.exec(text) ?? SELECTED_PARTITION.exec(text);
    if (sp) {
      notes.use(index);
      selectedPartition = Number(sp[1]);
      return;
    }
    if (prompt) return;
    if (/^(Partition|Disk|Volume)\s+###\s/.test(text) || /^-+(\s+-+)+$/.test(text)) {
      notes.use(index);
      return;
    }
    const pr = PARTITION_ROW.exec(text);
    if (pr) {
      notes.use(index);
      const number = Number(pr[1]);
      const d = diskFor(selectedDisk, index);
      const p: ListingPartition = {
        number,
        label: `Partition ${number}`,
        startByte: null,
        sizeBytes: null,
        exact: false,
        type: (pr[2] ?? "").trim(),
      };
      if (/^extended$/i.test(p.type ?? "")) p.flags = ["extended"];
      if (/^logical$/i.test(p.type ?? "")) p.flags = ["logical"];
      d.partitions.push(p);
      return;
    }
    const dr = DISK_ROW.exec(text);
    if (dr && !/###/.test(text)) {
      notes.use(index);
      const d = diskFor(Number(dr[1]), index);
      if (/\*\s*$/.test(dr[5] ?? "")) d.tableType = "gpt";
      return;
    }
    if (/^Partition\s+\d+$/.test(text)) {
      notes.use(index);
      detailFor = Number(text.split(/\s+/)[1]);
      return;
    }
    const offset = /^Offset in Bytes\s*:\s*(\d+)$/i.exec(text);
    if (offset) {
      notes.use(index);
      const number = detailFor ?? selectedPartition;
      const d = diskFor(selectedDisk, index);
      let p = d.partitions.find((x) => x.number === number);
      if (!p) {
        p = {
          number,
          label: `Partition ${number ?? "?"}`,
          startByte: null,
          sizeBytes: null,
          exact: false,
        };
        d.partitions.push(p);
      }
      p.startByte = decimal(offset[1]);
      return;
    }
    const type = /^Type\s*:\s*(\S+)$/i.exec(text);
    if (type && detailFor !== null) {
      notes.use(index);
      const d = diskFor(selectedDisk, index);
      const p = d.partitions.find((x) => x.number === detailFor);
      if (p && !p.type) p.type = type[1] ?? "";
      return;
    }
    if (/^(Hidden|Required|Attrib|Active)\s*:/i.test(text) && detailFor !== null) notes.use(index);
    // Volume rows under `detail partition` name the drive letter and filesystem.
    const vol = tokens(text).map((t) => t.text);
    if (vol[0] === "*" ? vol[1] === "Volume" : vol[0] === "Volume") {
      notes.use(index);
      const d = diskFor(selectedDisk, index);
      const p = d.partitions.find((x) => x.number === detailFor);
      const rest = vol[0] === "*" ? vol.slice(3) : vol.slice(2);
      if (p && rest[0] && /^[A-Z]$/.test(rest[0])) p.mountPoint = `${rest[0]}:`;
      const fs = rest.find((x) => /^(NTFS|FAT32|FAT|exFAT|ReFS|RAW|CDFS|UDF)$/i.test(x));
      if (p && fs) p.filesystem = fs;
      if (p && /\bBoot\b/.test(text)) p.isBoot = true;
      if (p && /\bSystem\b/.test(text)) p.isSystem = true;
    }
  });
  if (order.length === 0) return null;
  notes.add(
    0,
    "diskpart rounds partition sizes (and `list partition` rounds offsets too): nothing here is exact. In PowerShell, paste `Get-Partition | Format-List DiskNumber,PartitionNumber,Offset,Size,Type` and `Get-Disk | Format-List Number,LogicalSectorSize,Size` for exact numbers.",
  );
  return okResult("diskpart", order, notes, lines);
};
