/**
 * Linux sysfs: each partition's `start` and `size` files, as people print them when asked for
 * exact numbers without root (`grep . /sys/block/sda/sda*\/start /sys/block/sda/sda*\/size`).
 *
 * Both files count 512-byte units whatever the disk's logical sector size: the kernel prints
 * the block layer's `sector_t` (block/partitions/core.c: `part_start_show` prints
 * `bd_start_sect`, `part_size_show` `bdev_nr_sectors()`), and the block layer's sector is
 * always 512 bytes (SECTOR_SHIFT 9). lsblk's START, read from the same file, shows LBA 256 of a
 * 4096-byte disk as 2048 (measured, see docs/listings.md). So start × 512 and size × 512 are
 * exact bytes.
 *
 * Shapes read (the file is always named next to its number):
 * - `grep . FILES…`: `/sys/block/sda/sda1/start:2048` (grep names each file before a colon
 *   when given several);
 * - `head FILES…`: `==> /sys/block/sda/sda1/start <==` over the number;
 * - `cat /sys/block/sda/sda1/start` pasted with its command line, the number on the next line.
 * Paths may be `/sys/block/DISK/PART/…` or `/sys/class/block/PART/…` (the disk named by the
 * kernel's rule: `sda1` is on `sda`, `nvme0n1p1` on `nvme0n1`). `/sys/block/DISK/size` is the
 * disk's size, `queue/logical_block_size` its sector size.
 *
 * A loop printing `PATH START SIZE` (`echo $p $(cat $p/start) $(cat $p/size)`) does not say
 * which number is which: it is read only when its command line, pasted with it, says the order;
 * otherwise it is refused, naming the `grep` command above.
 */
import type { LineParser, ListingDisk, ListingPartition } from "../types.ts";
import {
  diskOfPartition,
  cleanLines,
  decimal,
  Notes,
  okResult,
  sectorSizeFrom,
  sortByStart,
  diskNamed,
} from "../text.ts";

const NAME = String.raw`[a-z][a-z0-9_!.-]*`;
/** `/sys/block/sda/sda1/start`, `/sys/class/block/sda1/size`, `/sys/block/sda/size`, `/sys/block/sda/queue/logical_block_size`. */
const SYS_PATH = new RegExp(
  String.raw`^/sys/(?:block/(${NAME})/(?:(${NAME})/)?|class/block/(${NAME})/)(start|size|partition|queue/logical_block_size|queue/physical_block_size)$`,
);
/** `grep . FILES`: `PATH:VALUE`. */
const GREP_LINE = /^(\/sys\/\S+?):\s*(\d+)$/;
/** `head FILES`: `==> PATH <==`. */
const HEAD_LINE = /^==> (\/sys\/\S+) <==$/;
/** A command line running `cat` on one sysfs file (after any prompt). */
const CAT_LINE = /(?:^|[\s$#>])cat\s+(\/sys\/\S+)\s*$/;
/** A loop's line: `PATH NUMBER NUMBER`. */
const LOOP_LINE = new RegExp(
  String.raw`^(/sys/(?:block/${NAME}/${NAME}|class/block/${NAME}))/?\s+(\d+)\s+(\d+)$`,
);
/** The loop's command line, saying in which order it printed the two files. */
const LOOP_COMMAND = /\/(start|size)\b[^\n]*?\/(start|size)\b/;

interface Value {
  disk: string;
  /** Null for a disk's own file. */
  part: string | null;
  file: string;
  value: bigint;
  index: number;
}

/** A sysfs file and its value as one Value, or null when the path is not one read here. */
function sysValue(path: string, text: string, index: number): Value | null {
  const m = SYS_PATH.exec(path.replace(/\/+/g, "/"));
  const value = decimal(text);
  if (!m || value === null) return null;
  const file = m[4] ?? "";
  if (m[3] !== undefined) {
    const disk = diskOfPartition(m[3]);
    return disk === null ? null : { disk, part: m[3], file, value, index };
  }
  return { disk: m[1] ?? "", part: m[2] ?? null, file, value, index };
}

export const parseSysfs: LineParser = (raw) => {
  const lines = cleanLines(raw).map((l) => l.trim());
  const values: Value[] = [];
  const used: number[] = [];
  const loopLines: number[] = [];
  lines.forEach((line, i) => {
    const grep = GREP_LINE.exec(line);
    if (grep) {
      const v = sysValue(grep[1] ?? "", grep[2] ?? "", i);
      if (v) values.push(v);
      if (v) used.push(i);
      return;
    }
    const header = HEAD_LINE.exec(line) ?? CAT_LINE.exec(line);
    if (header) {
      const next = lines.slice(i + 1).findIndex((l) => l !== "");
      const at = next === -1 ? -1 : i + 1 + next;
      const v = at === -1 ? null : sysValue(header[1] ?? "", lines[at] ?? "", i);
      if (v) {
        values.push(v);
        used.push(i, at);
      }
      return;
    }
    if (LOOP_LINE.test(line)) loopLines.push(i);
  });
  if (values.length === 0 && loopLines.length === 0) return null;
  const notes = new Notes();
  for (const i of used) notes.use(i);

  // The loop's lines: read when a pasted command line says which number is which.
  if (loopLines.length > 0) {
    const command = lines.find((l) => /\$\(\s*cat\b|`cat\b/.test(l) && LOOP_COMMAND.test(l));
    const order = command ? LOOP_COMMAND.exec(command) : null;
    if (!order || order[1] === order[2]) {
      if (values.some((v) => v.file === "start")) {
        for (const i of loopLines)
          notes.add(i, `Not read: ${lines[i]} (which number is the start is not said).`);
        for (const i of loopLines) notes.use(i);
      } else {
        return {
          ok: false,
          error:
            "These lines give each partition two numbers without saying which is its start and which its size. Run `grep . /sys/block/sda/sda*/start /sys/block/sda/sda*/size` (with your disk's name for sda): it names the file before each number. Paste all of it.",
          notes: [],
        };
      }
    } else {
      const first = order[1] as string;
      const second = order[2] as string;
      for (const i of loopLines) {
        const m = LOOP_LINE.exec(lines[i] ?? "");
        const path = m?.[1] ?? "";
        const a = sysValue(`${path}/${first}`, m?.[2] ?? "", i);
        const b = sysValue(`${path}/${second}`, m?.[3] ?? "", i);
        if (a && b) {
          values.push(a, b);
          notes.use(i);
        }
      }
      if (command !== undefined) notes.use(lines.indexOf(command));
    }
  }

  const disks = new Map<string, ListingDisk>();
  const parts = new Map<string, Map<string, Value>>();
  for (const v of values) {
    const disk = diskNamed(disks, v.disk, v.index);
    const key = v.part === null ? `${v.disk}/` : v.part;
    const files = parts.get(key) ?? new Map<string, Value>();
    parts.set(key, files);
    const before = files.get(v.file);
    if (before && before.value !== v.value) {
      return {
        ok: false,
        error: `${v.part ?? v.disk}'s ${v.file} is given twice with different values (${before.value} on line ${before.index + 1}, ${v.value} on line ${v.index + 1}): the paste holds two machines' or two moments' files. Paste the output of one run.`,
        notes: [],
      };
    }
    files.set(v.file, v);
    if (v.part !== null) continue;
    if (v.file === "size") disk.sizeBytes = v.value * 512n;
    if (v.file === "queue/logical_block_size") {
      disk.logicalSectorSize = sectorSizeFrom(v.value.toString());
    }
    if (v.file === "queue/physical_block_size") {
      disk.physicalSectorSize = sectorSizeFrom(v.value.toString());
    }
  }

  for (const [key, files] of parts) {
    if (key.endsWith("/")) continue;
    const any = files.values().next().value as Value;
    const disk = diskNamed(disks, any.disk, any.index);
    const start = files.get("start")?.value ?? null;
    const size = files.get("size")?.value ?? null;
    const given = files.get("partition")?.value;
    const fromName = /(\d+)$/.exec(key)?.[1];
    const number = given !== undefined ? Number(given) : fromName ? Number(fromName) : null;
    const p: ListingPartition = {
      number,
      label: `/dev/${key}`,
      startByte: start === null ? null : start * 512n,
      sizeBytes: size === null ? null : size * 512n,
      exact: start !== null && size !== null,
    };
    if (!p.exact) {
      const missing = start === null ? "start" : "size";
      notes.add(
        any.index,
        `/dev/${key}: its ${missing} file is not in the paste, so its ${missing === "start" ? "position" : "size"} is unknown. Add /sys/block/${any.disk}/${key}/${missing} to the command.`,
        true,
      );
    }
    disk.partitions.push(p);
  }
  const list = [...disks.values()];
  for (const disk of list) {
    sortByStart(disk.partitions);
    if (disk.logicalSectorSize !== null && disk.logicalSectorSize !== 512) {
      notes.add(
        (disk.line ?? 1) - 1,
        `${disk.device}: its sectors are ${disk.logicalSectorSize} bytes, but sysfs counts start and size in 512-byte units on every disk: they were read as 512-byte units.`,
      );
    }
  }
  // Only a disk's own files (`grep . /sys/block/sda/queue/*`): not a listing of partitions; the
  // other parsers may read what was pasted with them.
  if (list.every((d) => d.partitions.length === 0)) return null;
  return okResult("sysfs", list, notes, lines);
};
