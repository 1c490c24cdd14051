/**
 * For tests only: build a VM's guest disk the way a hypervisor would see it, and read it with
 * real tools (qemu-img, fdisk, sfdisk, sgdisk, parted, e2fsck, fsck.vfat).
 *
 *   fake drive (sparse file)  ──┐
 *   the zip's head, tail and  ──┼─ descriptor (monolithicFlat copy) ─ qemu-img convert ─ raw image
 *   descriptor (planFiles)      │   ZERO extents become FLAT over the zero file
 *   zero file (sparse)        ──┘
 *
 * qemu-img refuses createType partitionedDevice/fullDevice and silently drops ZERO lines
 * (docs/vmdk.md), so the copy says monolithicFlat and maps each ZERO extent onto a sparse file of
 * zeros. Everything lives in one temporary folder per scratch, removed by cleanup().
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, truncateSync, openSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const REQUIRED_TOOLS = [
  ["qemu-img", "qemu-utils"],
  ["fdisk", "fdisk"],
  ["sfdisk", "fdisk"],
  ["sgdisk", "gdisk"],
  ["parted", "parted"],
  ["mkfs.ext4", "e2fsprogs"],
  ["e2fsck", "e2fsprogs"],
  ["mkfs.vfat", "dosfstools"],
  ["fsck.vfat", "dosfstools"],
  ["dd", "coreutils"],
] as const;

const PATH = `${process.env.PATH ?? ""}:/usr/sbin:/sbin`;

/** The tools run in the C locale: their text is parsed. */
const TOOL_OPTIONS = {
  encoding: "utf8",
  env: { ...process.env, PATH, LC_ALL: "C", LANG: "C" },
  maxBuffer: 16 * 1024 * 1024,
} as const;

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for reading a tool's verdict. */
  text: string;
}

/** Runs a tool (never through a shell); throws when it cannot be started at all. */
export function run(command: string, args: readonly string[], cwd?: string): RunResult {
  const r = spawnSync(command, args, { ...TOOL_OPTIONS, cwd });
  if (r.error) throw new Error(`${command} could not run: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, text: `${r.stdout}\n${r.stderr}` };
}

/** run(), without waiting: several readers of one image run side by side. */
export function runAsync(command: string, args: readonly string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(command, args, TOOL_OPTIONS, (error, stdout, stderr) => {
      // A tool that ran and exited non-zero (or was killed) is an answer, as with run(); one
      // that could not start, or flooded its output, is not.
      if (error !== null && typeof error.code === "string") {
        reject(new Error(`${command} could not run: ${error.message}`));
        return;
      }
      const status = error === null ? 0 : typeof error.code === "number" ? error.code : null;
      resolve({ status, stdout, stderr, text: `${stdout}\n${stderr}` });
    });
  });
}

/**
 * The names of the tools that are missing, with the Debian package that has each.
 * Tests call it and fail (never skip) when the list is not empty.
 */
export function missingTools(): string[] {
  return REQUIRED_TOOLS.filter(([tool]) => {
    const r = spawnSync("sh", ["-c", `command -v ${tool}`], { env: { ...process.env, PATH } });
    return r.status !== 0;
  }).map(([tool, pkg]) => `${tool} (Debian package ${pkg}; scripts/setup-tests.sh installs it)`);
}

export class Scratch {
  readonly dir: string;

  constructor(prefix = "guest-readers-") {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  /** A sparse file of `sectors` × 512 zero bytes. */
  sparse(name: string, sectors: bigint): string {
    const file = this.path(name);
    closeSync(openSync(file, "w"));
    truncateSync(file, Number(sectors * 512n));
    return file;
  }

  write(name: string, data: Uint8Array | string): string {
    const file = this.path(name);
    writeFileSync(file, data);
    return file;
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * dd's block size. Offsets and counts are given in bytes (GNU dd's seek_bytes, skip_bytes,
 * count_bytes), so the block is only the size of each read and write: 512-byte blocks made a
 * 32 MiB filesystem cost 65,536 read/write pairs, most of the real-reader tests' time.
 */
const DD_BLOCK = "bs=1M";

/** Copies `from` (whole file) into `to` at sector `atSector`, keeping holes and `to`'s size. */
export function copyInto(from: string, to: string, atSector: bigint): void {
  const r = run("dd", [
    `if=${from}`,
    `of=${to}`,
    DD_BLOCK,
    `seek=${atSector * 512n}`,
    "oflag=seek_bytes",
    "conv=notrunc,sparse",
    "status=none",
  ]);
  if (r.status !== 0) throw new Error(`dd into ${to} failed: ${r.text}`);
}

/** Copies `sectors` sectors from `from` at `atSector` into a new file `to`. */
export function extract(from: string, to: string, atSector: bigint, sectors: bigint): void {
  const r = run("dd", [
    `if=${from}`,
    `of=${to}`,
    DD_BLOCK,
    `skip=${atSector * 512n}`,
    `count=${sectors * 512n}`,
    "iflag=skip_bytes,count_bytes",
    "conv=sparse",
    "status=none",
  ]);
  if (r.status !== 0) throw new Error(`dd out of ${from} failed: ${r.text}`);
}

/** Makes a filesystem in a new file of `sectors` sectors; returns its path. */
export function makeFilesystem(
  scratch: Scratch,
  name: string,
  kind: "ext4" | "vfat",
  sectors: bigint,
): string {
  const file = scratch.sparse(name, sectors);
  const r =
    kind === "ext4"
      ? run("mkfs.ext4", ["-F", "-q", "-L", name.slice(0, 16), file])
      : run("mkfs.vfat", ["-n", name.slice(0, 11).toUpperCase(), file]);
  if (r.status !== 0) throw new Error(`mkfs.${kind} failed: ${r.text}`);
  return file;
}

/** Runs the filesystem's own checker on a file holding one filesystem, read-only. */
export function fsck(kind: "ext4" | "vfat", file: string): RunResult {
  return kind === "ext4" ? run("e2fsck", ["-fn", file]) : run("fsck.vfat", ["-n", file]);
}

/**
 * The product's descriptor (src/lib/vmdk) as qemu can read it: createType monolithicFlat
 * (qemu refuses partitionedDevice/fullDevice) and every `RW n ZERO ` padding line as a FLAT
 * extent over `zeroFile` (qemu drops ZERO lines, which would shift every later extent).
 * `dropExtent` removes the extent line naming that file (to show the readers notice).
 */
export function qemuCopy(
  descriptor: string,
  zeroFile: string,
  options: { dropExtent?: string } = {},
): { text: string; zeroLines: number } {
  let zeroLines = 0;
  const lines = descriptor.split("\n").flatMap((line) => {
    if (line.startsWith("createType=")) return ['createType="monolithicFlat"'];
    const zero = /^(RW|RDONLY) ([0-9]+) ZERO ?$/.exec(line);
    if (zero) {
      zeroLines++;
      return [`${zero[1]} ${zero[2]} FLAT "${zeroFile}" 0`];
    }
    if (options.dropExtent !== undefined && line.includes(` FLAT "${options.dropExtent}" `))
      return [];
    return [line];
  });
  if (!lines.includes('createType="monolithicFlat"')) throw new Error("no createType line");
  return { text: lines.join("\n"), zeroLines };
}

/** qemu-img convert to a sparse raw image; returns its path. */
export function convertToRaw(scratch: Scratch, descriptor: string, name = "guest.raw"): string {
  const out = scratch.path(name);
  rmSync(out, { force: true });
  const r = run("qemu-img", ["convert", "-f", "vmdk", "-O", "raw", descriptor, out]);
  if (r.status !== 0) throw new Error(`qemu-img convert failed: ${r.text}`);
  return out;
}

/** The virtual size qemu-img reports for a descriptor, in bytes. */
export function qemuVirtualSize(descriptor: string): bigint {
  const r = run("qemu-img", ["info", "-f", "vmdk", "--output=json", descriptor]);
  if (r.status !== 0) throw new Error(`qemu-img info failed: ${r.text}`);
  return BigInt((JSON.parse(r.stdout) as { "virtual-size": number })["virtual-size"]);
}

// ─── Reading the tools' text ────────────────────────────────────────────────────────────

export interface SeenPartition {
  start: bigint;
  sectors: bigint;
  /** fdisk: the Type column; sfdisk: the type field (a GUID or a hex Id). */
  type: string;
  uuid?: string;
}

/** The partition rows of `fdisk -l IMAGE` (Device Start End Sectors Size [Id] Type). */
export function fdiskRows(text: string, image: string): SeenPartition[] {
  const rows: SeenPartition[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith(image)) continue;
    const m = /^\S+\s+(?:\*\s+)?(\d+)\s+(\d+)\s+(\d+)\s+\S+\s+(.*)$/.exec(line);
    if (!m) continue;
    const [, start, end, sectors, type] = m;
    rows.push({
      start: BigInt(start as string),
      sectors: BigInt(sectors as string),
      type: (type as string).trim(),
    });
    if (BigInt(end as string) - BigInt(start as string) + 1n !== BigInt(sectors as string)) {
      throw new Error(`fdisk row with inconsistent End: ${line}`);
    }
  }
  return rows;
}

export interface SfdiskTable {
  label: string;
  id: string;
  firstlba?: number;
  lastlba?: number;
  partitions: SeenPartition[];
}

export function sfdiskJson(text: string): SfdiskTable {
  const doc = JSON.parse(text) as {
    partitiontable: {
      label: string;
      id: string;
      firstlba?: number;
      lastlba?: number;
      partitions?: Array<{ start: number; size: number; type: string; uuid?: string }>;
    };
  };
  const t = doc.partitiontable;
  return {
    label: t.label,
    id: t.id,
    ...(t.firstlba !== undefined ? { firstlba: t.firstlba } : {}),
    ...(t.lastlba !== undefined ? { lastlba: t.lastlba } : {}),
    partitions: (t.partitions ?? []).map((p) => ({
      start: BigInt(p.start),
      sectors: BigInt(p.size),
      type: p.type,
      ...(p.uuid !== undefined ? { uuid: p.uuid } : {}),
    })),
  };
}

/** `parted -s IMAGE unit s print`: the table type, the disk size and the rows. */
export function partedPrint(text: string): {
  table: string | null;
  diskSectors: bigint | null;
  rows: Array<{ number: number; start: bigint; end: bigint; sectors: bigint }>;
} {
  const table = /^Partition Table: (\S+)/m.exec(text)?.[1] ?? null;
  const size = /^Disk \S+: (\d+)s$/m.exec(text)?.[1];
  const rows = [...text.matchAll(/^\s*(\d+)\s+(\d+)s\s+(\d+)s\s+(\d+)s/gm)].map((m) => ({
    number: Number(m[1]),
    start: BigInt(m[2] as string),
    end: BigInt(m[3] as string),
    sectors: BigInt(m[4] as string),
  }));
  return { table, diskSectors: size === undefined ? null : BigInt(size), rows };
}
