/**
 * Acceptance: guest disks assembled from the head file, the ranges of a fake drive, ZERO
 * padding and the GPT tail, read by the tools a guest's admin would use. Each partition must
 * sit at the planned virtual LBA with the planned size and type, every reader must be content
 * (their TEXT is read: sfdisk --verify and sgdisk -v exit 0 on problems), a filesystem made in
 * a range of the fake drive must pass its fsck where the guest's table says it is, and every
 * CRC must match Node's own zlib.crc32 (not the implementation that wrote it).
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { crc32 as zlibCrc32 } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPlan } from "../check/index.ts";
import { Rng } from "../prng.testkit.ts";
import type { Plan, PlanPartition, PlanRange } from "../plan/types.ts";
import { bytes, vmdkSectors } from "../units.ts";
import { planFiles } from "../zip/files.ts";
import {
  Scratch,
  convertToRaw,
  copyInto,
  extract,
  fdiskRows,
  fsck,
  makeFilesystem,
  missingTools,
  partedPrint,
  qemuCopy,
  qemuVirtualSize,
  runAsync,
  sfdiskJson,
  type RunResult,
} from "./readers.testkit.ts";

import { CASES, type Case } from "./guestCases.testkit.ts";

function uuidSource(seed: number): () => string {
  const rng = new Rng(seed);
  const hex = (n: number): string =>
    Array.from({ length: n }, () => "0123456789abcdef"[rng.int(0, 15)] ?? "0").join("");
  return () =>
    `${hex(8)}-${hex(4)}-4${hex(3)}-${rng.pick(["8", "9", "a", "b"])}${hex(3)}-${hex(12)}`;
}

function planFor(c: Case, drive: string): Plan {
  const partitions: PlanPartition[] = c.ranges.map((r, i) => ({
    number: i + 1,
    label: `drive${i + 1}`,
    startByte: bytes(r.start * 512n),
    sizeBytes: bytes(r.sectors * 512n),
    type: r.hostType,
  }));
  const ranges: PlanRange[] = c.ranges.map((r) => ({
    disk: "d0",
    startSector: vmdkSectors(r.start),
    sectors: vmdkSectors(r.sectors),
    access: "RW",
  }));
  return {
    format: "raw-disk-planner/plan",
    version: 1,
    name: "readers",
    disks: [
      {
        id: "d0",
        device: drive,
        logicalSectorSize: 512,
        sizeBytes: bytes(c.driveSectors * 512n),
        tableType: c.table === "gpt" ? "gpt" : "dos",
        partitions,
      },
    ],
    vms: [
      {
        name: "guest",
        adapterType: "ide",
        uuid: null,
        head: { file: "Raw_Sectors_1MiB", sectors: 2048 },
        partitionTable: c.table,
        placement: c.placement,
        ranges,
      },
    ],
  };
}

function readSectors(file: string, lba: bigint, count: number): Buffer {
  const buffer = Buffer.alloc(count * 512);
  const fd = openSync(file, "r");
  try {
    readSync(fd, buffer, 0, buffer.length, Number(lba * 512n));
  } finally {
    closeSync(fd);
  }
  return buffer;
}

/** Both headers' CRCs and fields, checked with Node's zlib.crc32. */
function checkGptIndependently(image: string, t: bigint): void {
  for (const [lba, alternate, entries] of [
    [1n, t - 1n, 2n],
    [t - 1n, 1n, t - 33n],
  ] as const) {
    const header = readSectors(image, lba, 1);
    expect(header.subarray(0, 8).toString("latin1")).toBe("EFI PART");
    const size = header.readUInt32LE(12);
    expect(size).toBe(92);
    const stored = header.readUInt32LE(16);
    const zeroed = Buffer.from(header.subarray(0, size));
    zeroed.writeUInt32LE(0, 16);
    expect(zlibCrc32(zeroed)).toBe(stored);
    expect(header.readBigUInt64LE(24)).toBe(lba);
    expect(header.readBigUInt64LE(32)).toBe(alternate);
    expect(header.readBigUInt64LE(40)).toBe(34n);
    expect(header.readBigUInt64LE(48)).toBe(t - 34n);
    expect(header.readBigUInt64LE(72)).toBe(entries);
    const array = readSectors(image, entries, 32);
    expect(zlibCrc32(array)).toBe(header.readUInt32LE(88));
  }
}

/** What the readers print about one image, each tool run once and all side by side. */
interface Readings {
  verify: RunResult;
  fdisk: RunResult;
  parted: RunResult;
  sfdisk: RunResult;
  /** GPT only: sgdisk -v and sgdisk -p. */
  sgdiskVerify?: RunResult;
  sgdiskPrint?: RunResult;
}

async function readImage(image: string, table: "mbr" | "gpt"): Promise<Readings> {
  const [verify, fdisk, parted, sfdisk, sgdiskVerify, sgdiskPrint] = await Promise.all([
    runAsync("sfdisk", ["--verify", image]),
    runAsync("fdisk", ["-l", image]),
    runAsync("parted", ["-s", image, "unit", "s", "print"]),
    runAsync("sfdisk", ["--json", image]),
    table === "gpt" ? runAsync("sgdisk", ["-v", image]) : undefined,
    table === "gpt" ? runAsync("sgdisk", ["-p", image]) : undefined,
  ]);
  return { verify, fdisk, parted, sfdisk, sgdiskVerify, sgdiskPrint };
}

/** What each reader complains about; [] when all are content. */
function complaints({ verify, fdisk, parted, sgdiskVerify }: Readings): string[] {
  const found: string[] = [];
  const verifyRest = verify.text.replace(/No errors detected\.?/g, "");
  if (
    !/No errors detected/.test(verify.text) ||
    /error|mismatch|corrupt|invalid/i.test(verifyRest)
  ) {
    found.push(`sfdisk --verify: ${verify.text.trim()}`);
  }
  if (
    fdisk.status !== 0 ||
    /mismatch|corrupt|invalid|not on the end|error|warning/i.test(fdisk.text)
  ) {
    found.push(`fdisk -l: ${fdisk.text.trim()}`);
  }
  if (parted.status !== 0 || parted.stderr.trim() !== "" || /error|warning/i.test(parted.text)) {
    found.push(`parted: ${parted.text.trim()}`);
  }
  if (sgdiskVerify) {
    if (
      !/No problems found/.test(sgdiskVerify.text) ||
      /caution|warning|problem:|problems!|invalid|corrupt/i.test(sgdiskVerify.text)
    ) {
      found.push(`sgdisk -v: ${sgdiskVerify.text.trim()}`);
    }
  }
  return found;
}

interface Built {
  /** The plan as planFiles returns it: identity fields filled in. */
  plan: Plan;
  /** The zip's files of the VM, by their name inside its folder. */
  files: Map<string, Uint8Array | string>;
  drive: string;
  zero: string;
}

const HEAD_FILE = "Raw_Sectors_1MiB";
const TAIL_FILE = "Raw_Sectors_GPT_Backup";

/** The fake drive with its filesystems, and the zip's files for the plan (planFiles). */
function build(scratch: Scratch, c: Case, seed: number): Built {
  const drive = scratch.sparse("drive.img", c.driveSectors);
  const zero = scratch.sparse("zero.img", c.totalSectors);
  c.ranges.forEach((r, i) => {
    if (!r.fs) return;
    const fs = makeFilesystem(scratch, `fs${i + 1}`, r.fs, r.sectors);
    copyInto(fs, drive, r.start);
  });
  const planned = planFor(c, drive);
  expect(checkPlan(planned).map((f) => f.code)).not.toContain("guest-size-differs");
  const result = planFiles(planned, { newUuid: uuidSource(seed) });
  if (!result.ok)
    throw new Error(JSON.stringify(result.findings.filter((f) => f.severity === "error")));
  const files = new Map<string, Uint8Array | string>();
  for (const file of result.files) {
    if (file.path.startsWith("guest/")) files.set(file.path.slice("guest/".length), file.data);
  }
  return { plan: result.plan, files, drive, zero };
}

function fileBytes(built: Built, name: string): Buffer {
  const data = built.files.get(name);
  if (data === undefined) throw new Error(`the zip has no guest/${name}`);
  return Buffer.from(data);
}

/** Writes the VM's folder into the scratch folder; returns the qemu copy of the descriptor. */
function assemble(
  scratch: Scratch,
  built: Built,
  options: { dropTail?: boolean; head?: Uint8Array } = {},
): { descriptor: string; zeroLines: number } {
  for (const [name, data] of built.files) {
    if (name !== "guest.vmdk")
      scratch.write(name, name === HEAD_FILE ? (options.head ?? data) : data);
  }
  const original = built.files.get("guest.vmdk");
  if (typeof original !== "string") throw new Error("no descriptor");
  const copy = qemuCopy(original, built.zero, options.dropTail ? { dropExtent: TAIL_FILE } : {});
  return { descriptor: scratch.write("guest-qemu.vmdk", copy.text), zeroLines: copy.zeroLines };
}

describe("guest disks read by real tools", () => {
  let scratch: Scratch;
  beforeAll(() => {
    const missing = missingTools();
    if (missing.length > 0) {
      throw new Error(`These tools are needed by the real-reader tests: ${missing.join(", ")}.`);
    }
  });
  afterAll(() => scratch?.cleanup());

  CASES.forEach((c, index) => {
    it(`${c.name}: every partition at its LBA with its size and type, every reader content`, async () => {
      scratch?.cleanup();
      scratch = new Scratch(`guest-readers-${index}-`);
      const built = build(scratch, c, 1000 + index);
      const t = c.totalSectors;
      // The check and register scripts (src/lib/zip/scripts.ts) are tested on their own.
      const names = [...built.files.keys()]
        .filter((n) => !/^(check-disk|register)\./.test(n))
        .sort();
      expect(names).toEqual(
        c.table === "gpt" ? [HEAD_FILE, TAIL_FILE, "guest.vmdk"] : [HEAD_FILE, "guest.vmdk"],
      );
      const { descriptor, zeroLines } = assemble(scratch, built);
      // Identity placement: one ZERO line per gap between the head and the ranges.
      let end = 2048n;
      let gaps = 0;
      for (const r of c.ranges) {
        if (r.start > end) gaps++;
        end = r.start + r.sectors;
      }
      expect(zeroLines).toBe(c.placement === "identity" ? gaps : 0);
      expect(qemuVirtualSize(descriptor)).toBe(t * 512n);
      const started = performance.now();
      const image = convertToRaw(scratch, descriptor);
      expect(performance.now() - started).toBeLessThan(10_000);

      const readings = await readImage(image, c.table);
      expect(complaints(readings)).toEqual([]);

      const vm = built.plan.vms[0];
      const sf = sfdiskJson(readings.sfdisk.stdout);
      expect(sf.label).toBe(c.table === "mbr" ? "dos" : "gpt");
      expect(sf.partitions.map((p) => [p.start, p.sectors, p.type])).toEqual(
        c.ranges.map((r) => [r.guestStart, r.sectors, r.sfdiskType]),
      );
      const fdisk = readings.fdisk.stdout;
      expect(fdisk).toContain(`${t * 512n} bytes, ${t} sectors`);
      expect(fdiskRows(fdisk, image).map((p) => [p.start, p.sectors, p.type])).toEqual(
        c.ranges.map((r) => [r.guestStart, r.sectors, r.fdiskType]),
      );
      const parted = partedPrint(readings.parted.stdout);
      expect(parted.table).toBe(c.table === "mbr" ? "msdos" : "gpt");
      expect(parted.diskSectors).toBe(t);
      expect(parted.rows.map((p) => [p.number, p.start, p.sectors])).toEqual(
        c.ranges.map((r, i) => [i + 1, r.guestStart, r.sectors]),
      );

      if (c.table === "mbr") {
        expect(sf.id).toBe(`0x${vm?.diskSignature}`);
        expect(fdisk).toContain(`Disk identifier: 0x${vm?.diskSignature}`);
      } else {
        expect(sf.id).toBe(vm?.diskGuid?.toUpperCase());
        expect(sf.firstlba).toBe(34);
        expect(sf.lastlba).toBe(Number(t - 34n));
        expect(sf.partitions.map((p) => p.uuid)).toEqual(
          vm?.ranges.map((r) => r.partitionGuid?.toUpperCase()),
        );
        expect(fdisk).toContain(`Disk identifier: ${vm?.diskGuid?.toUpperCase()}`);
        checkGptIndependently(image, t);
        // The tail file is the backup: entries byte for byte, then the backup header.
        expect(readSectors(image, t - 33n, 33).equals(fileBytes(built, TAIL_FILE))).toBe(true);
        const sgdisk = readings.sgdiskPrint?.stdout;
        expect(sgdisk).toContain(`Disk ${image}: ${t} sectors`);
      }

      // The filesystems made in the fake drive's ranges, found where the guest's table says.
      c.ranges.forEach((r, i) => {
        if (!r.fs) return;
        const seen = sf.partitions[i];
        if (!seen) throw new Error(`partition ${i + 1} missing`);
        const file = scratch.path(`seen${i + 1}.img`);
        extract(image, file, seen.start, seen.sectors);
        const checked = fsck(r.fs, file);
        expect(checked.status, checked.text).toBe(0);
        expect(checked.text).not.toMatch(/corrupt|error|wrong|differ/i);
      });
    });
  });

  it("the readers complain when the GPT tail is left out of the descriptor", async () => {
    scratch?.cleanup();
    scratch = new Scratch("guest-readers-notail-");
    const c = CASES[4] as Case;
    const built = build(scratch, c, 77);
    const image = convertToRaw(scratch, assemble(scratch, built, { dropTail: true }).descriptor);
    const found = complaints(await readImage(image, "gpt"));
    expect(found.some((f) => f.startsWith("sgdisk -v"))).toBe(true);
    expect(found.some((f) => f.startsWith("sfdisk --verify"))).toBe(true);
    expect(found.join("\n")).toMatch(/backup|alternate|end of the device/i);
  });

  it("the readers complain when the header's AlternateLBA is off by one (CRC still right)", async () => {
    scratch?.cleanup();
    scratch = new Scratch("guest-readers-alternate-");
    const c = CASES[3] as Case;
    const built = build(scratch, c, 78);
    const head = fileBytes(built, HEAD_FILE);
    const t = c.totalSectors;
    expect(head.readBigUInt64LE(512 + 32)).toBe(t - 1n);
    head.writeBigUInt64LE(t - 2n, 512 + 32);
    head.writeUInt32LE(0, 512 + 16);
    head.writeUInt32LE(zlibCrc32(head.subarray(512, 512 + 92)), 512 + 16);
    const image = convertToRaw(scratch, assemble(scratch, built, { head }).descriptor);
    const found = complaints(await readImage(image, "gpt"));
    expect(found.some((f) => f.startsWith("sgdisk -v"))).toBe(true);
    expect(found.some((f) => f.startsWith("sfdisk --verify"))).toBe(true);
  });

  it("the 2 TiB case stays sparse: the raw image takes almost no space", () => {
    scratch?.cleanup();
    scratch = new Scratch("guest-readers-sparse-");
    const c = CASES[6] as Case;
    const built = build(scratch, c, 79);
    const image = convertToRaw(scratch, assemble(scratch, built).descriptor);
    expect(BigInt(statSync(image).size)).toBe(c.totalSectors * 512n);
    // Allocated blocks: the filesystems' metadata and the tables, nowhere near 2 TiB.
    expect(statSync(image).blocks * 512).toBeLessThan(64 * 1024 * 1024);
  });
});
