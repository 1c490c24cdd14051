/**
 * One disk listed by two tools in one paste (`sudo fdisk -l` and `sudo parted /dev/sda unit s
 * print`, or gdisk, sfdisk…), both with exact numbers. One parser answers for the paste
 * (index.ts); the other tool's listing of the same device is read here and compared with it.
 * When they agree, a note says so. When they disagree (a partition moved or resized between
 * the two commands, or listings of two machines), the paste is refused with an important note
 * giving both tools' numbers: only the machine can say which is current, and picking one in
 * silence could hand a VM sectors that now belong to another partition.
 */
import type {
  LineParser,
  ListingDisk,
  ListingNote,
  ListingPartition,
  ListingResult,
} from "./types.ts";
import { cleanLine, MAX_LINE_LENGTH } from "./text.ts";
import { isExtendedPartition } from "./layout.ts";

/** `Disk /dev/sda: …` as fdisk, parted and gdisk begin each disk (in English). */
const DISK_LINE = /^Disk (\/dev\/[^\s:]+):/;

/** Formats that print that line once for each disk they list. */
const DISK_LINE_FORMATS = new Set(["fdisk", "busybox-fdisk", "parted", "gdisk"]);

const hasExact = (d: ListingDisk): boolean =>
  d.device !== null && d.partitions.some((p) => p.exact);

/** The disk's partitions that hold data (not an extended container), by number. */
function byNumber(d: ListingDisk): Map<number, ListingPartition> {
  const out = new Map<number, ListingPartition>();
  for (const p of d.partitions) {
    if (p.number !== null && !isExtendedPartition(p)) out.set(p.number, p);
  }
  return out;
}

const where = (p: ListingPartition, sectorSize: number | null): string => {
  if (p.startByte === null || p.sizeBytes === null) return "not exact";
  const ss = sectorSize === null ? null : BigInt(sectorSize);
  if (ss !== null && p.startByte % ss === 0n && p.sizeBytes % ss === 0n) {
    const start = p.startByte / ss;
    const size = p.sizeBytes / ss;
    return `sectors ${start} to ${start + size - 1n} (${size} sectors)`;
  }
  return `bytes ${p.startByte} to ${p.startByte + p.sizeBytes - 1n}`;
};

/** What differs between two listings of one disk, each as a sentence; [] when they agree. */
function differences(a: ListingDisk, fa: string, b: ListingDisk, fb: string): string[] {
  const out: string[] = [];
  if (a.sizeBytes !== null && b.sizeBytes !== null && a.sizeBytes !== b.sizeBytes)
    out.push(`the disk has ${a.sizeBytes} bytes in ${fa}, ${b.sizeBytes} in ${fb}`);
  if (
    a.logicalSectorSize !== null &&
    b.logicalSectorSize !== null &&
    a.logicalSectorSize !== b.logicalSectorSize
  )
    out.push(
      `its sectors are ${a.logicalSectorSize} bytes in ${fa}, ${b.logicalSectorSize} in ${fb}`,
    );
  const ss = a.logicalSectorSize ?? b.logicalSectorSize;
  const pa = byNumber(a);
  const pb = byNumber(b);
  for (const n of [...new Set([...pa.keys(), ...pb.keys()])].sort((x, y) => x - y)) {
    const x = pa.get(n);
    const y = pb.get(n);
    if (x && y) {
      if (!x.exact || !y.exact) continue;
      if (x.startByte !== y.startByte || x.sizeBytes !== y.sizeBytes)
        out.push(`partition ${n} is on ${where(x, ss)} in ${fa}, ${where(y, ss)} in ${fb}`);
    } else if (x?.exact && b.partitions.every((p) => p.exact || isExtendedPartition(p))) {
      out.push(`partition ${n} (${where(x, ss)}) is in ${fa} only`);
    } else if (y?.exact && a.partitions.every((p) => p.exact || isExtendedPartition(p))) {
      out.push(`partition ${n} (${where(y, ss)}) is in ${fb} only`);
    }
  }
  return out;
}

/**
 * `result` (read by `answered`) checked against every other format's exact listing of the
 * same devices in the paste: refused when they disagree, with a note when they agree.
 */
export function crossChecked(
  result: ListingResult,
  lines: readonly string[],
  parsers: readonly LineParser[],
  answered: LineParser,
): ListingResult {
  if (!result.ok) return result;
  const devices = new Set(result.disks.filter(hasExact).map((d) => d.device));
  if (devices.size === 0) return result;
  // Only when another listing of one of these disks may be there: its `Disk /dev/…:` line
  // twice, or once beside a format that does not print it. Other pastes are not read again.
  const seen = new Map<string, number>();
  for (const raw of lines.slice(0, 100_000)) {
    if (raw.length > MAX_LINE_LENGTH || !raw.includes("Disk /")) continue;
    const device = DISK_LINE.exec(cleanLine(raw).trim())?.[1];
    if (device !== undefined && devices.has(device)) seen.set(device, (seen.get(device) ?? 0) + 1);
  }
  const twice = [...seen.values()].some((n) => n >= 2);
  if (!twice && (seen.size === 0 || DISK_LINE_FORMATS.has(result.format))) return result;

  const agreed: string[] = [];
  for (const parse of parsers) {
    if (parse === answered) continue;
    const other = parse(lines);
    if (!other?.ok || other.format === result.format) continue;
    for (const b of other.disks.filter(hasExact)) {
      if (!devices.has(b.device)) continue;
      for (const a of result.disks.filter((d) => d.device === b.device && hasExact(d))) {
        const diff = differences(a, result.format, b, other.format);
        const device = a.device ?? "";
        if (diff.length === 0) {
          agreed.push(`${device} (${other.format})`);
          continue;
        }
        const text = `${device} is listed twice in this paste, by ${result.format} and by ${other.format}, and the two disagree: ${diff.join("; ")}. The commands were run at different times (a partition changed in between) or on different machines, and only the machine can say which is current. Run one of them again now and paste its output alone.`;
        const note: ListingNote = { line: a.line ?? 1, important: true, text };
        return {
          ok: false,
          error: text,
          notes: [note, ...result.notes].sort((x, y) => x.line - y.line),
        };
      }
    }
  }
  if (agreed.length === 0) return result;
  return {
    ...result,
    notes: [
      {
        line: 1,
        text: `Also listed in this paste: ${agreed.join(", ")}, with the same exact numbers as the ${result.format} listing, which was read.`,
      },
      ...result.notes,
    ],
  };
}
