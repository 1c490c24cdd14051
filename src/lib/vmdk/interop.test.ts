/**
 * Real VMDK readers read what we write. For each scenario the plan is built into a zip, the
 * zip is extracted with the system's unzip, and then for every VM:
 *
 *   vmdkinfo   reads the ORIGINAL descriptor (partitionedDevice/fullDevice) and must report
 *              the extents, sizes and offsets of the plan;
 *   qemu-img   reads a copy in which only createType becomes monolithicFlat (QEMU refuses the
 *              raw types) and each device path becomes a fake drive image, with the zip's own
 *              head file beside it. Every 512-byte sector of a fake drive that matters records
 *              its own number, so each guest sector shows where it really came from:
 *
 *     fake drive sector p:  [p: u64 LE][drive index: u32 LE]["FAKE"] … zeros … [same 16 bytes]
 *
 * Small disks are converted whole (qemu-img convert -O raw) and checked sector by sector.
 * Large ones (the 240 GB example, ranges beyond 2 TiB) are sparse files: qemu-io reads the
 * first, last and neighbouring sectors of every extent and random ones inside, and only
 * those sectors (and their neighbours, so an off-by-one shows which sector it hit) are stamped.
 *
 * The expected source of each guest sector is computed from the PLAN, never from the
 * descriptor text. qemu-img drops RDONLY/ZERO lines (docs/vmdk.md), so these plans are RW only;
 * the strict reader's tests cover the rest of the grammar.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plan, PlanDisk, PlanVm } from "../plan/types.ts";
import { buildZip } from "../zip/zip.ts";
import { Rng } from "../prng.testkit.ts";
import { readDescriptor } from "./reader.ts";
import { exampleDisk, plan, range, vm } from "./plans.testkit.ts";

const TOOLS: [string, string][] = [
  ["qemu-img", "qemu-utils"],
  ["qemu-io", "qemu-utils"],
  ["vmdkinfo", "libvmdk-utils"],
  ["unzip", "unzip"],
];

let work: string;
beforeAll(() => {
  for (const [tool, pkg] of TOOLS) {
    const found = spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;
    if (!found) {
      throw new Error(
        `${tool} is missing: install the Debian package ${pkg} (scripts/setup-tests.sh does).`,
      );
    }
  }
  work = mkdtempSync(join(tmpdir(), "vmdk-interop-"));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

// ── The fake drive ──────────────────────────────────────────────────────────────────────────

const SECTOR = 512;

const FAKE = [0x46, 0x41, 0x4b, 0x45]; // "FAKE" in latin1

/**
 * Writes sector `sector`'s stamp into the zeroed 512 bytes of `into` at byte `at`: the same
 * 16 bytes at both ends, field by field (a Buffer.copy per sector costs more than the rest).
 */
function stampInto(into: Buffer, at: number, drive: number, sector: bigint): void {
  for (const end of [at, at + SECTOR - 16]) {
    into.writeBigUInt64LE(sector, end);
    into.writeUInt32LE(drive, end + 8);
    for (let i = 0; i < 4; i++) into[end + 12 + i] = FAKE[i] as number;
  }
}

function stamp(drive: number, sector: bigint): Buffer {
  const b = Buffer.alloc(SECTOR);
  stampInto(b, 0, drive, sector);
  return b;
}

/** What a sector read back is, in words, for messages. */
function sectorSource(b: Buffer, disks: readonly PlanDisk[]): string {
  if (b.every((x) => x === 0)) return "zeros";
  if (
    b.toString("latin1", 12, 16) === "FAKE" &&
    b.subarray(0, 16).equals(b.subarray(SECTOR - 16))
  ) {
    return `${disks[b.readUInt32LE(8)]?.id ?? "?"} sector ${b.readBigUInt64LE(0)}`;
  }
  return "other bytes (a torn or shifted sector)";
}

const stampedDrives = new Map<string, Buffer>();

/**
 * The bytes of drive `index` of `sizeBytes` with every sector stamped. Several scenarios use
 * the same drives, so each is made once per file and only written out again.
 */
function stampedDrive(index: number, sizeBytes: bigint): Buffer {
  const key = `${index}:${sizeBytes}`;
  let all = stampedDrives.get(key);
  if (!all) {
    const count = Number(sizeBytes) / SECTOR;
    all = Buffer.alloc(count * SECTOR);
    for (let s = 0; s < count; s++) stampInto(all, s * SECTOR, index, BigInt(s));
    stampedDrives.set(key, all);
  }
  return all;
}

class FakeDrive {
  readonly path: string;
  constructor(
    dir: string,
    readonly index: number,
    readonly sizeBytes: bigint,
  ) {
    this.path = join(dir, `drive${index}.img`);
    const fd = openSync(this.path, "w+");
    ftruncateSync(fd, Number(sizeBytes)); // sparse
    closeSync(fd);
  }

  /** Stamps every sector (small drives only). */
  stampAll(): void {
    writeFileSync(this.path, stampedDrive(this.index, this.sizeBytes));
  }

  stampSectors(sectors: Iterable<bigint>): void {
    const fd = openSync(this.path, "r+");
    try {
      for (const s of sectors) {
        if (s >= 0n && (s + 1n) * 512n <= this.sizeBytes) {
          writeSync(fd, stamp(this.index, s), 0, SECTOR, Number(s * 512n));
        }
      }
    } finally {
      closeSync(fd);
    }
  }
}

// ── What the plan says each guest sector is ──────────────────────────────────────────────────

type Source = { kind: "zeros" } | { kind: "drive"; drive: number; sector: bigint };

interface Segment {
  start: bigint;
  sectors: bigint;
  /** Source of the segment's first sector. */
  first: Source;
}

/** The guest's disk from the plan: head, then each range in order. */
function guestSegments(p: Plan, v: PlanVm): Segment[] {
  const out: Segment[] = [];
  let at = 0n;
  if (v.head.sectors > 0) {
    out.push({ start: 0n, sectors: BigInt(v.head.sectors), first: { kind: "zeros" } });
    at = BigInt(v.head.sectors);
  }
  for (const r of v.ranges) {
    const drive = p.disks.findIndex((d) => d.id === r.disk);
    out.push({
      start: at,
      sectors: r.sectors,
      first: { kind: "drive", drive, sector: r.startSector },
    });
    at += r.sectors;
  }
  return out;
}

function expectedAt(segments: readonly Segment[], guestSector: bigint): Source | null {
  const seg = segments.find((s) => guestSector >= s.start && guestSector < s.start + s.sectors);
  if (!seg) return null;
  if (seg.first.kind === "zeros") return seg.first;
  return { ...seg.first, sector: seg.first.sector + (guestSector - seg.start) };
}

/**
 * Compares sectors read from the guest's disk with the plan. Returns one message per wrong
 * sector (at most `limit`, then a count), or nothing when all are right.
 */
function sectorMismatches(
  p: Plan,
  v: PlanVm,
  sectors: Iterable<bigint>,
  read: (guestSector: bigint) => Buffer | undefined,
  limit = 5,
): string[] {
  const segments = guestSegments(p, v);
  // One buffer for the expected sector, zeroed and stamped again for each sector compared.
  const want = Buffer.alloc(SECTOR);
  const out: string[] = [];
  let wrong = 0;
  for (const g of sectors) {
    const expected = expectedAt(segments, g);
    const got = read(g);
    if (!expected) throw new Error(`guest sector ${g} is past the disk`);
    want.fill(0);
    if (expected.kind === "drive") stampInto(want, 0, expected.drive, expected.sector);
    if (got && got.equals(want)) continue;
    wrong++;
    if (out.length < limit) {
      out.push(
        `guest sector ${g}: expected ${sectorSource(want, p.disks)}, got ${got ? sectorSource(got, p.disks) : "nothing"}`,
      );
    }
  }
  if (wrong > limit) out.push(`… ${wrong} wrong sectors in all`);
  return out;
}

/** First, second, next-to-last and last sectors of every segment, and `randomCount` inside each. */
function probeSectors(segments: readonly Segment[], seed: number, randomCount = 6): bigint[] {
  const rng = new Rng(seed);
  const out = new Set<bigint>();
  for (const s of segments) {
    const last = s.start + s.sectors - 1n;
    for (const g of [s.start, s.start + 1n, last - 1n, last])
      if (g >= s.start && g <= last) out.add(g);
    for (let i = 0; i < randomCount; i++) out.add(s.start + rng.below(s.sectors));
  }
  return [...out].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

// ── Reading with the real tools ──────────────────────────────────────────────────────────────

/** The descriptor with createType monolithicFlat and each device path replaced by its image. */
function qemuCopy(descriptor: string, devices: ReadonlyMap<string, string>): string {
  let text = descriptor.replace(
    /^createType="(partitionedDevice|fullDevice)"$/m,
    'createType="monolithicFlat"',
  );
  for (const [device, image] of devices)
    text = text.split(` FLAT "${device}" `).join(` FLAT "${image}" `);
  return text;
}

/** Reads 512-byte guest sectors with qemu-io (one process, many reads). */
function qemuIoRead(descriptorPath: string, sectors: readonly bigint[]): Map<bigint, Buffer> {
  const args = ["-f", "vmdk", "-r"];
  for (const s of sectors) args.push("-c", `read -v ${s * 512n} 512`);
  args.push(descriptorPath);
  const output = execFileSync("qemu-io", args, { encoding: "utf8", maxBuffer: 64 << 20 });
  const byOffset = new Map<bigint, number[]>();
  for (const line of output.split("\n")) {
    const m = /^([0-9a-f]+): {2}((?:[0-9a-f]{2} ){16})/.exec(line);
    if (!m?.[1] || !m[2]) continue;
    const offset = BigInt(`0x${m[1]}`);
    const base = offset - (offset % 512n);
    const row = byOffset.get(base) ?? [];
    row.push(
      ...m[2]
        .trim()
        .split(" ")
        .map((h) => parseInt(h, 16)),
    );
    byOffset.set(base, row);
  }
  const out = new Map<bigint, Buffer>();
  for (const [base, row] of byOffset) out.set(base / 512n, Buffer.from(row));
  if (out.size !== sectors.length) {
    throw new Error(
      `qemu-io returned ${out.size} of ${sectors.length} sectors:\n${output.slice(0, 2000)}`,
    );
  }
  return out;
}

interface VmdkInfo {
  diskType: string;
  mediaBytes: bigint;
  contentId: string;
  extents: { file: string; type: string; start: bigint; bytes: bigint }[];
}

function vmdkinfo(descriptorPath: string): VmdkInfo {
  const run = spawnSync("vmdkinfo", [descriptorPath], { encoding: "utf8" });
  if (run.status !== 0)
    throw new Error(`vmdkinfo refused ${descriptorPath}:\n${run.stdout}${run.stderr}`);
  const field = (block: string, name: string) =>
    new RegExp(`^\\t${name}:\\t+(.*)$`, "m").exec(block)?.[1] ?? "";
  const sizeBytes = (text: string) => BigInt(/\((\d+) bytes\)/.exec(text)?.[1] ?? "-1");
  const [main = "", ...extentBlocks] = run.stdout.split(/^Extent: \d+$/m);
  return {
    diskType: field(main, "Disk type"),
    mediaBytes: sizeBytes(field(main, "Media size")),
    contentId: field(main, "Content identifier"),
    extents: extentBlocks.map((block) => ({
      file: field(block, "Filename"),
      type: field(block, "Type"),
      start: BigInt(field(block, "Start offset") || "-1"),
      bytes: sizeBytes(field(block, "Size")),
    })),
  };
}

// ── Scenarios ────────────────────────────────────────────────────────────────────────────────

import { MiB, smallDisk, scenarios, type Scenario } from "./interop.testkit.ts";

interface Built {
  dir: string;
  plan: Plan;
  drives: FakeDrive[];
  devices: Map<string, string>;
}

async function buildAndExtract(s: Scenario, index: number): Promise<Built> {
  const dir = join(work, `s${index}`);
  mkdirSync(dir);
  let n = 0;
  const result = await buildZip(s.plan, {
    newUuid: () => `00000000-0000-4000-8000-${(++n + index * 100).toString(16).padStart(12, "0")}`,
  });
  if (!result.ok) throw new Error(result.findings.map((f) => f.message).join("\n"));
  writeFileSync(join(dir, "plan.zip"), result.bytes);
  execFileSync("unzip", ["-q", join(dir, "plan.zip"), "-d", join(dir, "zip")]);
  const drives = result.plan.disks.map((d, i) => {
    if (d.sizeBytes === null) throw new Error("scenario disks have a size");
    return new FakeDrive(dir, i, d.sizeBytes);
  });
  const devices = new Map(result.plan.disks.map((d, i) => [d.device, drives[i]?.path ?? ""]));
  return { dir, plan: result.plan, drives, devices };
}

function checkWithVmdkinfo(b: Built, v: PlanVm, descriptorPath: string): void {
  const info = vmdkinfo(descriptorPath);
  const segments = guestSegments(b.plan, v);
  const total = segments.reduce((sum, s) => sum + s.sectors, 0n);
  const fullDevice =
    v.head.sectors === 0 && v.ranges.length === 1 && v.ranges[0]?.startSector === 0n;
  expect(info.diskType).toBe(fullDevice ? "Device" : "Device paritioned"); // sic, libvmdk's spelling
  expect(info.mediaBytes).toBe(total * 512n);
  expect(info.contentId).toBe("0xfffffffe");
  expect(info.extents).toEqual([
    ...(v.head.sectors > 0
      ? [{ file: v.head.file, type: "Flat", start: 0n, bytes: BigInt(v.head.sectors) * 512n }]
      : []),
    ...v.ranges.map((r) => ({
      file: b.plan.disks.find((d) => d.id === r.disk)?.device,
      type: "Flat",
      // libvmdk prints the descriptor's number (and wrongly takes it for bytes: docs/vmdk.md).
      start: r.startSector,
      bytes: r.sectors * 512n,
    })),
  ]);
}

function readWhole(b: Built, v: PlanVm, copyPath: string): Buffer {
  const raw = join(b.dir, `${v.name}.raw`);
  execFileSync("qemu-img", ["convert", "-f", "vmdk", "-O", "raw", copyPath, raw]);
  const data = readFileSync(raw);
  rmSync(raw);
  return data;
}

describe("real readers read the descriptors we write", () => {
  it.each(scenarios().map((s, i) => [s.name, s, i] as const))("%s", async (_, scenario, index) => {
    const b = await buildAndExtract(scenario, index);
    if (scenario.strategy === "whole") for (const d of b.drives) d.stampAll();

    for (const [vmIndex, v] of b.plan.vms.entries()) {
      const folder = join(b.dir, "zip", v.name);
      const original = join(folder, `${v.name}.vmdk`);
      checkWithVmdkinfo(b, v, original);
      // Our own strict reader accepts the extracted bytes too.
      const ours = readDescriptor(readFileSync(original));
      expect(ours.ok && ours.descriptor.totalSectors).toBe(
        guestSegments(b.plan, v).reduce((sum, s) => sum + s.sectors, 0n),
      );

      const copyPath = join(folder, "qemu-copy.vmdk");
      writeFileSync(copyPath, qemuCopy(readFileSync(original, "utf8"), b.devices));
      const segments = guestSegments(b.plan, v);
      const total = segments.reduce((sum, s) => sum + s.sectors, 0n);
      const info = JSON.parse(
        execFileSync("qemu-img", ["info", "-f", "vmdk", "--output=json", copyPath], {
          encoding: "utf8",
        }),
      ) as { "virtual-size": number };
      expect(BigInt(info["virtual-size"])).toBe(total * 512n);

      if (scenario.strategy === "whole") {
        const data = readWhole(b, v, copyPath);
        expect(BigInt(data.length)).toBe(total * 512n);
        const all = Array.from({ length: Number(total) }, (_, i) => BigInt(i));
        const sector = (g: bigint) => data.subarray(Number(g) * SECTOR, (Number(g) + 1) * SECTOR);
        expect(sectorMismatches(b.plan, v, all, sector)).toEqual([]);
      } else {
        const probes = probeSectors(segments, index * 31 + vmIndex);
        for (const g of probes) {
          const source = expectedAt(segments, g);
          if (source?.kind === "drive") {
            b.drives[source.drive]?.stampSectors([
              source.sector - 1n,
              source.sector,
              source.sector + 1n,
            ]);
          }
        }
        const read = qemuIoRead(copyPath, probes);
        expect(sectorMismatches(b.plan, v, probes, (g) => read.get(g))).toEqual([]);
      }
    }
  });
});

describe("the sector checker", () => {
  it("reports every sector when a descriptor's offset is off by one sector", async () => {
    const scenario: Scenario = {
      name: "off by one",
      strategy: "whole",
      plan: plan(
        "off",
        [smallDisk("d0", "/dev/sdz", 4n * MiB)],
        [vm("a", [range(2048n, 1000n), range(4000n, 8n)])],
      ),
    };
    const b = await buildAndExtract(scenario, 99);
    for (const d of b.drives) d.stampAll();
    const v = b.plan.vms[0];
    if (!v) throw new Error("no VM");
    const folder = join(b.dir, "zip", v.name);
    const descriptor = readFileSync(join(folder, "a.vmdk"), "utf8");
    const mutated = descriptor.replace(' FLAT "/dev/sdz" 2048\n', ' FLAT "/dev/sdz" 2049\n');
    expect(mutated).not.toBe(descriptor);
    const copyPath = join(folder, "qemu-copy.vmdk");

    writeFileSync(copyPath, qemuCopy(descriptor, b.devices));
    const good = readWhole(b, v, copyPath);
    writeFileSync(copyPath, qemuCopy(mutated, b.devices));
    const bad = readWhole(b, v, copyPath);

    const all = Array.from({ length: 2048 + 1000 + 8 }, (_, i) => BigInt(i));
    const reader = (data: Buffer) => (g: bigint) =>
      data.subarray(Number(g) * SECTOR, (Number(g) + 1) * SECTOR);
    expect(sectorMismatches(b.plan, v, all, reader(good))).toEqual([]);
    expect(sectorMismatches(b.plan, v, all, reader(bad), 2)).toEqual([
      "guest sector 2048: expected d0 sector 2048, got d0 sector 2049",
      "guest sector 2049: expected d0 sector 2049, got d0 sector 2050",
      "… 1000 wrong sectors in all",
    ]);
  });

  it("sees a sector read from the wrong drive or shifted by bytes", () => {
    const p = plan(
      "p",
      [exampleDisk(), { ...exampleDisk(), id: "d1" }],
      [vm("a", [range(10n, 1n)])],
    );
    const v = p.vms[0];
    if (!v) throw new Error("no VM");
    const shifted = Buffer.concat([Buffer.alloc(1), stamp(0, 10n).subarray(0, 511)]);
    expect(sectorMismatches(p, v, [2048n], () => stamp(1, 10n))).toEqual([
      "guest sector 2048: expected d0 sector 10, got d1 sector 10",
    ]);
    expect(sectorMismatches(p, v, [2048n], () => shifted)).toEqual([
      "guest sector 2048: expected d0 sector 10, got other bytes (a torn or shifted sector)",
    ]);
    expect(sectorMismatches(p, v, [0n], () => stamp(0, 0n))).toEqual([
      "guest sector 0: expected zeros, got d0 sector 0",
    ]);
  });
});
