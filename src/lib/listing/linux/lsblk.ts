/**
 * util-linux `lsblk`, in each of its output modes (docs/listings.md):
 *
 * - the default tree and `-l` (list): columns aligned under their titles, partitions drawn
 *   under their disk with `├─`/`└─` (or `|-`/`` `- `` without UTF-8);
 * - `-r` (raw): one space between values, an empty value is nothing between two spaces, a
 *   space inside a value is written `\x20`; no tree;
 * - `-P` (pairs): `NAME="sda" START="2048" …` on each line, no tree;
 * - `-J` (JSON): `{"blockdevices": [...]}`, partitions nested in their disk's `children`;
 *   numbers are JSON numbers (strings in util-linux before 2.37), an empty value is `null`.
 *
 * In every mode START counts 512-byte units whatever the disk's sector size, and SIZE is bytes
 * with `-b` (exact) or rounded without it (`512M`: inexact). Without a START column there are
 * no positions at all. An extended partition shows as a 1 KiB device: its real extent is not
 * in the listing.
 */
import { vmdkSectors, vmdkSectorsToBytes } from "../../units.ts";
import type { LineParser, ListingDisk, ListingPartition } from "../types.ts";
import {
  cleanLines,
  decimal,
  emptyDisk,
  exactSizeBytes,
  Notes,
  okResult,
  sectorSizeFrom,
  type TakenOut,
  tokens,
  type Token,
  withoutDisks,
} from "../text.ts";
import { quoteBigIntegers } from "./sfdisk.ts";

/** One device as lsblk printed it: its values by column title (upper case), and its line. */
interface Device {
  cells: Map<string, string>;
  /** Drawn or nested under a disk (tree, JSON); null where the mode does not show it. */
  child: boolean | null;
  index: number;
}

/** What a mode's reader found: the column titles, the header's line, the devices. */
interface Devices {
  titles: string[];
  headerIndex: number;
  devices: Device[];
  /** Lines that belong to the listing without being a device's (a JSON block's brackets). */
  alsoRead?: number[];
}

/** lsblk's tree drawing: `├─`, `└─`, `│ `, or the ASCII `|-`, `` `- ``. */
// `|-` before a lone `|`: else the bar alone matches and `-nvme0n1p1` is left as the name.
const TREE = /^(?:\|-|`-|[├└]─|[│|]\s*|\s)+/;

/** `\x20` and the like, as raw and pairs modes write unsafe characters. */
const unescapeHex = (text: string): string =>
  text.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** Raw mode's header: titles one space apart, NAME first, SIZE among them. */
const isRawHeader = (line: string): boolean =>
  /^NAME( [A-Z][A-Z0-9:%_-]*)+$/.test(line) && / SIZE\b/.test(line);

function readRaw(lines: readonly string[]): Devices | null {
  const headerIndex = lines.findIndex((l) => isRawHeader(l.trimEnd()));
  if (headerIndex === -1) return null;
  const titles = (lines[headerIndex] ?? "").trimEnd().split(" ");
  const devices: Device[] = [];
  for (let index = headerIndex + 1; index < lines.length; index++) {
    const line = (lines[index] ?? "").replace(/\r$/, "");
    if (line.trim() === "") continue;
    const values = line.split(" ");
    // A trailing empty value may have lost its space to an editor: one short is still a row.
    const fits = (n: number) => n === titles.length || n === titles.length - 1;
    if (!fits(values.length)) {
      // The next command's prompt or output after the table ends it, as long as no line after
      // it could be a row (or a row in the middle would be lost).
      const later = lines
        .slice(index + 1)
        .some((l) => fits(l.replace(/\r$/, "").split(" ").length));
      if (devices.length > 0 && !later) break;
      return null;
    }
    const cells = new Map<string, string>();
    titles.forEach((title, i) => {
      const value = unescapeHex(values[i] ?? "");
      if (value !== "") cells.set(title, value);
    });
    devices.push({ cells, child: null, index });
  }
  return devices.length > 0 ? { titles, headerIndex, devices } : null;
}

const PAIR = /([A-Z][A-Z0-9:%_-]*)="((?:[^"\\]|\\.)*)"/g;

function readPairs(lines: readonly string[]): Devices | null {
  const devices: Device[] = [];
  const titles: string[] = [];
  let headerIndex = -1;
  lines.forEach((line, index) => {
    if (!/^\s*NAME="/.test(line)) return;
    const cells = new Map<string, string>();
    for (const [, key = "", value = ""] of line.matchAll(PAIR)) {
      if (!titles.includes(key)) titles.push(key);
      const text = unescapeHex(value.replace(/\\(["\\])/g, "$1"));
      if (text !== "") cells.set(key, text);
    }
    if (headerIndex === -1) headerIndex = index;
    devices.push({ cells, child: null, index });
  });
  return devices.length > 0 && titles.includes("SIZE") ? { titles, headerIndex, devices } : null;
}

/** A JSON value as lsblk's text would show it; null for none. */
function jsonText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  if (typeof value === "boolean") return value ? "1" : "0";
  if (Array.isArray(value)) {
    // `mountpoints` (util-linux 2.37+): every place the device is mounted, one per line as
    // the text modes print them.
    const texts = value.filter((v): v is string => typeof v === "string" && v !== "");
    return texts.length > 0 ? texts.join("\n") : null;
  }
  return null;
}

function readJson(lines: readonly string[]): Devices | null {
  const first = lines.findIndex((l) => l.trim().startsWith("{"));
  if (first === -1) return null;
  const text = lines.slice(first).join("\n");
  if (!/"blockdevices"\s*:/.test(text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(quoteBigIntegers(text.slice(0, text.lastIndexOf("}") + 1)));
  } catch {
    return null;
  }
  const top = (value as { blockdevices?: unknown } | null)?.blockdevices;
  if (!Array.isArray(top)) return null;
  const titles: string[] = [];
  const devices: Device[] = [];
  const walk = (list: unknown[], child: boolean) => {
    for (const item of list) {
      if (!item || typeof item !== "object") continue;
      const cells = new Map<string, string>();
      for (const [key, v] of Object.entries(item as Record<string, unknown>)) {
        if (key === "children") continue;
        const title = key.toUpperCase();
        if (!titles.includes(title)) titles.push(title);
        const shown = jsonText(v);
        if (shown !== null && shown !== "") cells.set(title, shown);
      }
      // Every device of a JSON listing points at its opening line: the JSON is one block.
      devices.push({ cells, child, index: first });
      const children = (item as { children?: unknown }).children;
      if (Array.isArray(children)) walk(children, true);
    }
  };
  walk(top, false);
  const lastLine = first + text.slice(0, text.lastIndexOf("}")).split("\n").length - 1;
  const alsoRead = Array.from({ length: lastLine - first + 1 }, (_, i) => first + i);
  return devices.length > 0 ? { titles, headerIndex: first, devices, alsoRead } : null;
}

/** lsblk's columns: NAME left-aligned, numbers right-aligned under their titles, text left. */
function cutAligned(line: string, header: Token[], treeWidth: number): Map<string, string> | null {
  const words = tokens(line);
  if (words.length === 0) return null;
  const cells = new Map<string, string>();
  // NAME: the first word after the tree.
  const first = words.find((w) => w.end > treeWidth);
  if (!first) return null;
  cells.set("NAME", line.slice(treeWidth, first.end).trim().replace(TREE, ""));
  for (const w of words) {
    if (w === first || w.end <= first.end) continue;
    // The column whose title overlaps the word, or else the nearest title to its right edge.
    let best: Token | undefined;
    let distance = Infinity;
    for (const h of header.slice(1)) {
      const overlap = Math.min(h.end, w.end) - Math.max(h.at, w.at);
      const d = overlap > 0 ? -overlap : Math.min(Math.abs(h.end - w.end), Math.abs(h.at - w.at));
      if (d < distance) {
        distance = d;
        best = h;
      }
    }
    if (!best) continue;
    const prev = cells.get(best.text);
    cells.set(best.text, prev ? `${prev} ${w.text}` : w.text);
  }
  return cells;
}

/**
 * Whether a line cut by lsblk's columns is a device: a name as the kernel gives them (no `:`
 * after it, as `Disk /dev/sda:` has), a SIZE, a TYPE in lsblk's lower-case words (`disk`,
 * `part`, `lvm`, `crypt`, `raid1`…) and a START of digits, where those columns are listed.
 */
function fitsAligned(cells: ReadonlyMap<string, string>, header: Token[]): boolean {
  const has = (title: string) => header.some((h) => h.text === title);
  const name = cells.get("NAME") ?? "";
  if (!/^[\w/.+@~-][\w/.:+@~-]*$/.test(name) || name.endsWith(":")) return false;
  if ((cells.get("SIZE") ?? "") === "") return false;
  if (has("TYPE") && !/^[a-z][a-z0-9-]*$/.test(cells.get("TYPE") ?? "")) return false;
  const start = cells.get("START");
  return !has("START") || start === undefined || /^\d+$/.test(start);
}

function readAligned(lines: readonly string[]): Devices | null {
  const headerIndex = lines.findIndex((l) => /^NAME\s+/.test(l.trim()) && /\bSIZE\b/.test(l));
  if (headerIndex === -1) return null;
  const header = tokens(lines[headerIndex] ?? "");
  const devices: Device[] = [];
  // MOUNTPOINTS (util-linux 2.37+) prints a device's further mount points on lines of their
  // own, under the column: `                                      /` after `… part /home`.
  const mounts = header.find((h) => h.text === "MOUNTPOINTS" || h.text === "MOUNTPOINT");
  const alsoRead: number[] = [];
  for (let index = headerIndex + 1; index < lines.length; index++) {
    const line = lines[index] ?? "";
    if (line.trim() === "") continue;
    const previous = devices[devices.length - 1];
    const indent = line.length - line.trimStart().length;
    if (mounts && previous && indent >= mounts.at - 1 && !/\s/.test(line.trim())) {
      const before = previous.cells.get(mounts.text);
      previous.cells.set(mounts.text, before ? `${before}\n${line.trim()}` : line.trim());
      alsoRead.push(index);
      continue;
    }
    const tree = TREE.exec(line)?.[0] ?? "";
    const cells = cutAligned(line, header, tree.length);
    if (!cells) continue;
    // Another command's output pasted after the table (`fdisk -l`, a prompt) is no device:
    // the table ends at the first line whose name or type no device has.
    if (!fitsAligned(cells, header)) break;
    devices.push({ cells, child: /[├└|`]/.test(tree), index });
  }
  // `-l` draws no tree: there, as in raw mode, TYPE or the name tells a partition.
  if (!devices.some((d) => d.child)) for (const d of devices) d.child = null;
  return { titles: header.map((h) => h.text), headerIndex, devices, alsoRead };
}

/** Types of devices that hold partitions; a partition's own type is `part`. */
const WHOLE_DEVICE = new Set(["disk", "loop", "rom", "md"]);

/**
 * Whether a device is a whole disk, one of its partitions, or neither (an LVM volume, a
 * crypt mapping, …), where the mode does not draw the tree: by TYPE, and without TYPE by the
 * name (`sda1` and `nvme0n1p1` are partitions of `sda` and `nvme0n1`).
 */
function kindOf(device: Device, disk: ListingDisk | null): "disk" | "part" | "other" {
  const type = device.cells.get("TYPE");
  if (device.child !== null) {
    if (!device.child && type !== "part") return "disk";
    return type === undefined || type === "part" ? "part" : "other";
  }
  if (type !== undefined)
    return type === "part" ? "part" : WHOLE_DEVICE.has(type) ? "disk" : "other";
  const name = (device.cells.get("NAME") ?? "").replace(/^\/dev\//, "");
  const diskName = disk?.device?.replace(/^\/dev\//, "") ?? null;
  return diskName !== null && name.startsWith(diskName) && name !== diskName ? "part" : "disk";
}

const devicePath = (name: string): string => (name.startsWith("/") ? name : `/dev/${name}`);

export const parseLsblk: LineParser = (raw) => {
  const lines = cleanLines(raw);
  const found = readJson(lines) ?? readPairs(lines) ?? readRaw(lines) ?? readAligned(lines);
  if (!found) return null;
  const { titles, headerIndex } = found;
  if (!titles.includes("TYPE") && !titles.includes("START")) return null;
  const notes = new Notes();
  notes.use(headerIndex);
  for (const line of found.alsoRead ?? []) notes.use(line);
  const disks: ListingDisk[] = [];
  let disk: ListingDisk | null = null;
  let sawRounded = false;
  let sawExtended = false;
  /** The partition devices listed since the last one belong to (depth-first, as lsblk lists). */
  let holder: ListingPartition | null = null;
  /** What lsblk shows on a disk itself, with no partition between: a file system, LVM, … */
  const onWholeDisk = new Map<ListingDisk, { what: string[]; mounts: string[] }>();
  const useOf = (d: ListingDisk) => {
    let use = onWholeDisk.get(d);
    if (!use) onWholeDisk.set(d, (use = { what: [], mounts: [] }));
    return use;
  };
  for (const device of found.devices) {
    const { cells, index } = device;
    const name = cells.get("NAME") ?? "";
    const sizeText = cells.get("SIZE") ?? "";
    if (name === "" || sizeText === "") continue;
    const kind = kindOf(device, disk);
    notes.use(index);
    const sizeBytes = exactSizeBytes(sizeText);
    if (kind === "disk") {
      holder = null;
      disk = emptyDisk(devicePath(name), index + 1);
      disks.push(disk);
      disk.sizeBytes = sizeBytes;
      if (sizeBytes === null) sawRounded = true;
      disk.logicalSectorSize = sectorSizeFrom(cells.get("LOG-SEC"));
      const serial = cells.get("SERIAL");
      const model = cells.get("MODEL");
      if (serial || model)
        disk.identity = { ...(serial ? { serial } : {}), ...(model ? { model } : {}) };
      const fs = cells.get("FSTYPE");
      if (fs) useOf(disk).what.push(fs);
      useOf(disk).mounts.push(...mountsOf(cells));
      continue;
    }
    const current = disk as ListingDisk | null;
    if (kind === "other") {
      // An LVM volume, a crypt mapping, a RAID set on a partition: where the host mounts it is
      // where it uses the partition (`sda2` holding `centos-root` on `/`).
      if (holder) mountedOn(holder, device);
      // Right on the disk, with no partition between: the disk is in use as a whole.
      else if (current) {
        useOf(current).what.push(`${cells.get("TYPE") ?? "device"} ${name}`);
        useOf(current).mounts.push(...mountsOf(cells));
      }
      continue;
    }
    if (!current || kind !== "part") continue;
    if (sizeBytes === null) sawRounded = true;
    const p = partitionOf(device, sizeBytes);
    holder = p;
    if (p.flags?.includes("extended")) sawExtended = true;
    current.partitions.push(p);
  }
  if (disks.length === 0) return null;
  if (!titles.includes("START")) {
    notes.add(
      headerIndex,
      "lsblk was run without a START column, so the partitions' positions are unknown. Run `lsblk -b -o NAME,START,SIZE,LOG-SEC,TYPE,FSTYPE,PARTLABEL,MOUNTPOINT` for exact numbers.",
    );
  } else if (sawRounded) {
    notes.add(headerIndex, "lsblk printed rounded sizes: run it with -b for sizes in bytes.");
  }
  if (sawExtended) {
    notes.add(
      headerIndex,
      "An extended partition shows in lsblk as a 1 KiB device; its extent is not listed (the logical partitions inside it are).",
    );
  }
  // A disk with no partition that holds a file system, LVM, RAID or a mapping as a whole: none
  // of it is free, though no partition shows it.
  const inUse: TakenOut[] = disks.flatMap((d) => {
    const use = onWholeDisk.get(d);
    if (d.partitions.length > 0 || !use || (use.what.length === 0 && use.mounts.length === 0))
      return [];
    const what = use.what.length > 0 ? use.what.join(", ") : "a file system";
    const mounted = use.mounts.length > 0 ? `, mounted at ${use.mounts.join(", ")}` : "";
    return [
      {
        disk: d,
        line: d.line ?? 1,
        why: `${d.device ?? "This disk"} has no partition, but lsblk shows ${what} on the whole disk${mounted}: none of it is free.`,
      },
    ];
  });
  return withoutDisks(okResult("lsblk", disks, notes, lines), inUse);
};

/** Mount points lsblk lists for a device, one per line (MOUNTPOINTS) or one. */
function mountsOf(cells: ReadonlyMap<string, string>): string[] {
  const mount = cells.get("MOUNTPOINT") ?? cells.get("MOUNTPOINTS") ?? "";
  return mount.split("\n").filter((m) => m !== "");
}

/** Mount points that show the host runs from it. */
const RUNS_FROM = new Set(["/", "/boot", "/boot/efi"]);

/** Adds what a device on the partition (an LVM volume, a crypt mapping) is mounted at. */
function mountedOn(p: ListingPartition, device: Device): void {
  const places = mountsOf(device.cells);
  if (places.length === 0) return;
  const name = device.cells.get("NAME") ?? "";
  const via = places.map((m) => (name === "" ? m : `${m} (${name})`));
  p.mountPoint = p.mountPoint ? `${p.mountPoint}, ${via.join(", ")}` : via.join(", ");
  if (places.some((m) => RUNS_FROM.has(m))) p.isBoot = true;
}

/** A partition row: START in 512-byte units, SIZE in bytes (exact only with `-b`). */
function partitionOf({ cells }: Device, sizeBytes: bigint | null): ListingPartition {
  const name = cells.get("NAME") ?? "";
  const start = decimal(cells.get("START"));
  const number = /(\d+)$/.exec(name);
  const p: ListingPartition = {
    number: number ? Number(number[1]) : null,
    label: devicePath(name),
    startByte: start === null ? null : vmdkSectorsToBytes(vmdkSectors(start)),
    sizeBytes,
    exact: false,
  };
  if (sizeBytes !== null && sizeBytes <= 1024n) {
    // The kernel shows an extended partition as a 1 KiB device: not its extent.
    p.sizeBytes = null;
    p.flags = ["extended"];
  }
  p.exact = p.startByte !== null && p.sizeBytes !== null;
  const fs = cells.get("FSTYPE");
  const label = cells.get("PARTLABEL") ?? cells.get("LABEL");
  if (fs) p.filesystem = fs;
  if (label) p.name = label;
  // Several mount points (btrfs subvolumes: `/home` and `/`) come one per line.
  const places = mountsOf(cells);
  if (places.length > 0) {
    p.mountPoint = places.join(", ");
    if (places.some((m) => RUNS_FROM.has(m))) p.isBoot = true;
  }
  return p;
}
