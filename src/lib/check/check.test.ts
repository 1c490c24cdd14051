import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MAX_LISTED_OVERLAPS, checkPlan, sortFindings } from "./index.ts";
import { MAX_EXTENTS, MAX_HEAD_SECTORS } from "../vbox.ts";
import { prng } from "../prng.testkit.ts";
import { gptBackupSectors } from "../plan/disk.ts";
import type { Finding } from "../plan/findings.ts";
import type { Access, Plan, PlanDisk, PlanPartition, PlanRange, PlanVm } from "../plan/types.ts";
import { DEFAULT_HEAD, PLAN_FORMAT, PLAN_VERSION } from "../plan/types.ts";
import { bytes, vmdkSectors } from "../units.ts";

// ─── A tiny plan builder ─────────────────────────────────────────────────────────────────
// The worked example of docs/product.md on a 240 GB disk of known size (468862128 sectors):
//   P0 2048 +125829120 · P1 125831168 +125829120 · P2 251660288 +33554432 · free after 285214720

const DISK_SECTORS = 468862128n;
const P1_START = 125831168n;
const P1_SECTORS = 125829120n;
/** A 1000 MiB stretch of free space, 1 MiB aligned: a range here draws no finding at all. */
const FREE_START = 286720000n;
const FREE_SECTORS = 2048000n;

function partition(
  index: number,
  startSector: bigint,
  sectors: bigint,
  more: Partial<PlanPartition> = {},
): PlanPartition {
  return {
    number: index,
    label: `Disk #0, Partition #${index}`,
    startByte: bytes(startSector * 512n),
    sizeBytes: bytes(sectors * 512n),
    exact: true,
    ...more,
  };
}

function disk(more: Partial<PlanDisk> = {}): PlanDisk {
  return {
    id: "d0",
    device: "\\\\.\\PhysicalDrive0",
    logicalSectorSize: 512,
    sizeBytes: bytes(DISK_SECTORS * 512n),
    tableType: "dos",
    partitions: [
      partition(0, 2048n, 125829120n),
      partition(1, P1_START, P1_SECTORS),
      partition(2, 251660288n, 33554432n),
    ],
    ...more,
  };
}

function range(start: bigint, sectors: bigint, access: Access = "RW", diskId = "d0"): PlanRange {
  return { disk: diskId, startSector: vmdkSectors(start), sectors: vmdkSectors(sectors), access };
}

function vm(name: string, ranges: PlanRange[], more: Partial<PlanVm> = {}): PlanVm {
  return { name, adapterType: "ide", uuid: null, head: { ...DEFAULT_HEAD }, ranges, ...more };
}

function plan(vms: PlanVm[], disks: PlanDisk[] = [disk()], name = "lab"): Plan {
  return { format: PLAN_FORMAT, version: PLAN_VERSION, name, disks, vms };
}

const free = (offset = 0n, sectors = 2048n): PlanRange => range(FREE_START + offset, sectors);
const codes = (p: Plan): string[] => checkPlan(p).map((f) => f.code);
const errors = (p: Plan): Finding[] => checkPlan(p).filter((f) => f.severity === "error");
const only = (p: Plan, code: string): Finding[] => checkPlan(p).filter((f) => f.code === code);
/** The plan's findings must be exactly these codes (in order). */
const expectCodes = (p: Plan, expected: string[]): void => {
  expect(codes(p)).toEqual(expected);
};

describe("the baseline", () => {
  it("a range in free space, aligned, on a stable device, draws no finding", () => {
    expectCodes(plan([vm("web", [range(FREE_START, FREE_SECTORS)])]), []);
  });
});

describe("the worked examples of docs/product.md", () => {
  it("one VM with all of Partition #1: no finding", () => {
    expectCodes(plan([vm("web", [range(P1_START, P1_SECTORS)])]), []);
  });

  it("Partition #1 split between two VMs: no error, one warning that it is split", () => {
    const p = plan([
      vm("web", [range(P1_START, 62914560n)]),
      vm("db", [range(188745728n, 62914560n)]),
    ]);
    expect(errors(p)).toEqual([]);
    const [split, ...rest] = checkPlan(p);
    expect(rest).toEqual([]);
    expect(split).toMatchObject({ severity: "warning", code: "partial-partition" });
    expect(split?.message).toBe(
      '"Disk #0, Partition #1" (125831168 +125829120) on "\\\\.\\PhysicalDrive0" is split between ' +
        'VM "web" range 1 (125831168 +62914560) and VM "db" range 1 (188745728 +62914560). ' +
        "The host must never mount this partition while a VM runs: it would read a filesystem " +
        "that the guests change underneath it, and write into their data.",
    );
    expect(split?.targets).toEqual([
      { vm: 0, range: 0, disk: "d0" },
      { vm: 1, range: 0, disk: "d0" },
      { disk: "d0", partition: 1 },
    ]);
  });

  it("as wmic lists it (disk size unknown): only a warning that the end is unknown", () => {
    const p = plan([vm("web", [range(P1_START, P1_SECTORS)])], [disk({ sizeBytes: null })]);
    expectCodes(p, ["disk-end-unknown"]);
  });
});

describe("overlap between ranges of one device", () => {
  it("touching ranges do not overlap; one shared sector does", () => {
    const touching = plan([vm("a", [free(0n, 2048n)]), vm("b", [free(2048n, 2048n)])]);
    expectCodes(touching, []);
    const oneSector = plan([vm("a", [free(0n, 2049n)]), vm("b", [free(2048n, 2048n)])]);
    const overlap = only(oneSector, "overlap");
    expect(overlap).toHaveLength(1);
    expect(overlap[0]?.severity).toBe("error");
    expect(overlap[0]?.message).toContain(
      'VM "a" range 1 (286720000 +2049) and VM "b" range 1 (286722048 +2048) share 1 sector (512 B) from sector 286722048',
    );
    expect(overlap[0]?.targets).toEqual([
      { vm: 0, range: 0, disk: "d0" },
      { vm: 1, range: 0, disk: "d0" },
    ]);
  });

  it("two read-only ranges may overlap (a warning); read-only with RW may not", () => {
    const ro = (access: Access): PlanRange => ({ ...free(0n, 4096n), access });
    const bothRo = plan([vm("a", [ro("RDONLY")]), vm("b", [ro("RDONLY")])]);
    expectCodes(bothRo, ["overlap-read-only"]);
    expect(checkPlan(bothRo)[0]?.message).toContain("share 4096 sectors (2 MiB)");
    expectCodes(plan([vm("a", [ro("RDONLY")]), vm("b", [ro("RW")])]), ["overlap"]);
    expectCodes(plan([vm("a", [ro("RW")]), vm("b", [ro("RDONLY")])]), ["overlap"]);
  });

  it("finds ranges of one VM that overlap each other", () => {
    const p = plan([vm("a", [free(0n, 4096n), free(2048n, 2048n)])]);
    const [finding] = only(p, "overlap");
    expect(finding?.message).toContain(
      'VM "a": ranges 1 (286720000 +4096) and 2 (286722048 +2048)',
    );
    expect(finding?.message).toContain("the guest would see these sectors twice");
  });

  it("reports every overlapping pair across all VMs", () => {
    const p = plan([
      vm("a", [free(0n, 8192n)]),
      vm("b", [free(2048n, 2048n)]),
      vm("c", [free(4096n, 2048n)]),
      vm("d", [free(8192n, 2048n)]),
    ]);
    const pairs = only(p, "overlap").map((f) => f.targets.map((t) => t.vm));
    expect(pairs).toEqual([
      [0, 1],
      [0, 2],
    ]);
  });

  it("treats Windows paths that differ only in case as one device", () => {
    const d1 = disk({ id: "d1", device: "\\\\.\\PHYSICALDRIVE0" });
    const p = plan([vm("a", [free()]), vm("b", [{ ...free(), disk: "d1" }])], [disk(), d1]);
    expectCodes(p, ["overlap"]);
  });

  it("treats \\\\.\\Harddisk0Partition0 as the whole disk 0", () => {
    const d1 = disk({ id: "d1", device: "\\\\.\\Harddisk0Partition0" });
    const p = plan([vm("a", [free()]), vm("b", [{ ...free(), disk: "d1" }])], [disk(), d1]);
    expectCodes(p, ["overlap"]);
  });

  it("keeps Linux device nodes case-sensitive and different devices apart", () => {
    const p = plan(
      [vm("a", [free()]), vm("b", [{ ...free(), disk: "d1" }])],
      [disk({ id: "d0", device: "/dev/sdb" }), disk({ id: "d1", device: "/dev/sdc" })],
    );
    expectCodes(p, ["device-path-unstable", "device-path-unstable"]);
  });

  it("treats two by-id links as possibly one disk: text cannot prove they differ", () => {
    const linux = (id: string, device: string): PlanDisk =>
      disk({ id, device: `/dev/disk/by-id/${device}` });
    const p = plan(
      [vm("a", [free()]), vm("b", [{ ...free(), disk: "d1" }])],
      [linux("d0", "ata-X"), linux("d1", "ata-x")],
    );
    expectCodes(p, ["overlap-possibly-same-disk"]);
  });

  it("lists at most MAX_LISTED_OVERLAPS pairs and counts the rest", () => {
    const n = 40; // 780 pairs
    const vms = Array.from({ length: n }, (_, i) => vm(`v${i}`, [free(0n, 2048n)]));
    const overlaps = only(plan(vms), "overlap");
    expect(overlaps).toHaveLength(MAX_LISTED_OVERLAPS + 1);
    const more = overlaps.find((f) => f.message.includes("more pairs"));
    expect(more?.message).toContain(`${(n * (n - 1)) / 2 - MAX_LISTED_OVERLAPS} more pairs`);
  });
});

describe("device identity", () => {
  it("refuses two disks naming one device with different sizes", () => {
    const d1 = disk({ id: "d1", sizeBytes: bytes((DISK_SECTORS + 2048n) * 512n) });
    const p = plan([vm("a", [free()])], [disk(), d1]);
    const [conflict] = only(p, "device-conflict");
    expect(conflict?.severity).toBe("error");
    expect(conflict?.message).toContain(
      `its size (${DISK_SECTORS * 512n} vs ${(DISK_SECTORS + 2048n) * 512n} bytes)`,
    );
    expectCodes(plan([vm("a", [free()])], [disk(), disk({ id: "d1" })]), []);
  });

  it("refuses two disks naming one device with different sector sizes", () => {
    const d1 = disk({ id: "d1", logicalSectorSize: 4096 });
    expect(codes(plan([vm("a", [free()])], [disk(), d1]))).toContain("device-conflict");
  });

  it("checks the end with the size another disk of the same device knows", () => {
    const unknown = disk({ id: "d1", sizeBytes: null });
    const p = plan([vm("a", [range(DISK_SECTORS - 2048n, 4096n, "RW", "d1")])], [disk(), unknown]);
    expect(codes(p)).toContain("past-disk-end");
    expect(codes(p)).not.toContain("disk-end-unknown");
  });
});

describe("disk records", () => {
  it("refuses two disks with one id", () => {
    const twin = disk({ device: "\\\\.\\PhysicalDrive1" });
    const p = plan([vm("a", [free()])], [disk(), twin]);
    expectCodes(p, ["duplicate-disk-id"]);
    expectCodes(plan([vm("a", [free()])], [disk(), { ...twin, id: "d1" }]), []);
  });

  it("refuses a disk whose sector size or size makes no sense", () => {
    const odd = disk({ logicalSectorSize: 1000 as 512 });
    expectCodes(plan([vm("a", [free()])], [odd]), ["disk-invalid"]);
    const ragged = (sizeBytes: bigint): Plan =>
      plan(
        [vm("a", [free()])],
        [disk({ logicalSectorSize: 4096, partitions: [], sizeBytes: bytes(sizeBytes) })],
      );
    expect(only(ragged(DISK_SECTORS * 512n + 512n), "disk-invalid")[0]?.message).toContain(
      "is not a whole number of 4096-byte sectors",
    );
    expect(codes(ragged(DISK_SECTORS * 512n))).not.toContain("disk-invalid");
  });
});

describe("a range on its disk", () => {
  const last = (offset: bigint): Plan =>
    plan([vm("a", [range(DISK_SECTORS - 2048n * 10n, 2048n * 10n + offset)])]);

  it("may end exactly at the disk's end, not one sector later", () => {
    expectCodes(last(0n), ["not-aligned-1mib"]); // 468862128 is not a multiple of 2048
    const [past] = only(last(1n), "past-disk-end");
    expect(past?.severity).toBe("error");
    expect(past?.message).toContain(
      'ends at sector 468862129, 1 sector (512 B) past the end of "\\\\.\\PhysicalDrive0", which has 468862128 sectors (240057409536 bytes). Shorten it to at most 20480 sectors.',
    );
  });

  it("says when a range starts beyond the end", () => {
    const p = plan([vm("a", [range(DISK_SECTORS, 2048n)])]);
    expect(only(p, "past-disk-end")[0]?.message).toContain("starts at or after the end");
  });

  it("refuses an empty range; one sector is a range", () => {
    const empty = plan([vm("a", [free(0n, 0n)])]);
    expectCodes(empty, ["empty-range"]);
    expect(errors(empty)[0]?.targets).toEqual([{ vm: 0, range: 0, field: "sectors" }]);
    expect(codes(plan([vm("a", [free(0n, -5n)])]))).toEqual(["empty-range"]);
    expectCodes(plan([vm("a", [free(0n, 1n)])]), ["not-aligned-1mib"]);
  });

  it("refuses a negative start; sector 0 is a start", () => {
    expectCodes(plan([vm("a", [range(-1n, 2048n)])]), ["negative-start"]);
    expectCodes(plan([vm("a", [range(0n, 2048n)])]), ["covers-partition-table"]);
  });

  it("refuses an unknown disk", () => {
    const p = plan([vm("a", [{ ...free(), disk: "d9" }])]);
    expectCodes(p, ["unknown-disk"]);
    expect(errors(p)[0]?.message).toBe(
      'VM "a" range 1 (286720000 +2048) is on disk "d9", which the plan does not have.',
    );
  });

  it("refuses a range beyond 2^55 sectors even on a disk of unknown size", () => {
    const at = (end: bigint): Plan =>
      plan([vm("a", [range(end - 2048n, 2048n)])], [disk({ sizeBytes: null, partitions: [] })]);
    expect(codes(at(1n << 55n))).not.toContain("range-beyond-limit");
    expect(codes(at((1n << 55n) + 1n))).toContain("range-beyond-limit");
  });

  it("on a 4096-byte-sector disk, needs multiples of 8 and says how far to move", () => {
    const fourK = disk({ logicalSectorSize: 4096, partitions: [], sizeBytes: null });
    const at = (start: bigint, sectors: bigint): Plan =>
      plan([vm("a", [range(start, sectors)])], [fourK]);
    expect(codes(at(FREE_START + 8n, 2048n))).not.toContain("misaligned-4k");
    const [start] = only(at(FREE_START + 9n, 2048n), "misaligned-4k");
    expect(start?.severity).toBe("error");
    expect(start?.message).toContain(
      "its start is 1 sector past a boundary: move it back 1 (to 286720008) or forward 7 (to 286720016)",
    );
    const [size] = only(at(FREE_START, 2051n), "misaligned-4k");
    expect(size?.message).toContain(
      "its size is 3 sectors over: trim 3 (to 2048) or add 5 (to 2056)",
    );
    expect(size?.message).not.toContain("its start");
  });

  it("the 4096-byte rule does not apply to 512-byte disks", () => {
    expect(codes(plan([vm("a", [free(1n, 2048n)])]))).not.toContain("misaligned-4k");
  });
});

describe("names and paths", () => {
  it.each([
    ['we"b', /double quote/],
    ["a\nb", /line break/],
    ["../etc", /path separator/],
    ["a\u0000b", /NUL/],
    ["CON", /reserved/],
    ["con.txt", /reserved/],
    ["COM1", /reserved/],
    ["x".repeat(1000), /1000 characters/],
    ["evil\u202Egnp", /bidirectional/],
    ["web.", /ends with a dot/],
    ["web ", /ends with a space/],
    ["", /is empty/],
    ["README.txt", /clash/],
  ])("refuses the VM name %j", (name, reason) => {
    const findings = checkPlan(plan([vm(name, [free()])]));
    expect(findings.map((f) => f.code)).toEqual(["vm-name-invalid"]);
    expect(findings[0]?.message).toMatch(reason);
    expect(findings[0]?.targets).toEqual([{ vm: 0, field: "name" }]);
  });

  it("never lets a name reorder the message", () => {
    const [finding] = checkPlan(plan([vm("evil\u202Egnp", [free()])]));
    expect(finding?.message).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/u);
    expect(finding?.message).toContain("evil\\u{202E}gnp");
  });

  it("refuses VM folders that collide without case or normalisation", () => {
    const collide = plan([vm("Web", [free()]), vm("web", [free(2048n)])]);
    expectCodes(collide, ["vm-name-collision"]);
    expect(errors(collide)[0]?.targets).toEqual([
      { vm: 0, field: "name" },
      { vm: 1, field: "name" },
    ]);
    const nfc = plan([vm("caf\u00e9", [free()]), vm("cafe\u0301", [free(2048n)])]);
    expectCodes(nfc, ["vm-name-collision"]);
    expectCodes(plan([vm("web1", [free()]), vm("web2", [free(2048n)])]), []);
  });

  it("refuses a bad head file name, and the descriptor's own name", () => {
    const head = (file: string, name = "web"): Plan =>
      plan([vm(name, [free()], { head: { file, sectors: 2048 } })]);
    expectCodes(head('Raw"1'), ["head-file-invalid"]);
    expectCodes(head("Raw/1"), ["head-file-invalid"]);
    expectCodes(head("web.vmdk"), ["head-file-invalid"]);
    expectCodes(head("Web.VMDK"), ["head-file-invalid"]);
    expectCodes(head("db.vmdk"), []);
    // Without a head there is no head file to name.
    expect(codes(plan([vm("w", [free()], { head: { file: "", sectors: 0 } })]))).toEqual([]);
  });

  it("refuses a bad plan name", () => {
    const p = plan([vm("a", [free()])], [disk()], "nul");
    expectCodes(p, ["plan-name-invalid"]);
    expect(errors(p)[0]?.targets).toEqual([{ field: "name" }]);
    expectCodes(plan([vm("a", [free()])], [disk()], "my plan"), []);
  });

  it.each([
    ["", "device-path-invalid"],
    ['\\\\.\\Physical"Drive0', "device-path-invalid"],
    ["/dev/sda\n", "device-path-invalid"],
    ["/dev/\u202Esda", "device-path-invalid"],
    ["C:\\disk.img", "device-path-relative"],
    ["dev/sda", "device-path-relative"],
  ])("refuses the device path %j", (device, code) => {
    const findings = checkPlan(plan([vm("a", [free()])], [disk({ device })]));
    expect(findings.map((f) => f.code)).toEqual([code]);
    expect(findings[0]?.targets[0]).toEqual({ disk: "d0", field: "device" });
  });

  it("ignores the device path of a disk no range uses", () => {
    const unused = disk({ id: "d1", device: "" });
    expectCodes(plan([vm("a", [free()])], [disk(), unused]), []);
  });

  it("warns about device paths that can change between boots", () => {
    const [finding] = checkPlan(plan([vm("a", [free()])], [disk({ device: "/dev/sdb" })]));
    expect(finding?.code).toBe("device-path-unstable");
    expect(finding?.message).toContain("/dev/disk/by-id/");
    const stable = disk({ device: "/dev/disk/by-id/ata-Samsung_SSD_860_EVO_1TB_S3Z8NB0K1" });
    expectCodes(plan([vm("a", [free()])], [stable]), []);
  });

  it("warns that a per-partition Windows path makes offsets partition-relative", () => {
    const p = plan([vm("a", [free()])], [disk({ device: "\\\\.\\Harddisk0Partition2" })]);
    const [finding] = checkPlan(p);
    expect(finding?.code).toBe("partition-device-path");
    expect(finding?.message).toContain("names partition 2 of disk 0");
    expect(finding?.message).toContain("whole-disk offsets");
    const bare = disk({ device: "\\\\.\\Harddisk0Partition2", partitions: [] });
    const [noList] = checkPlan(plan([vm("a", [range(2048n, 2048n)])], [bare]));
    expect(noList?.code).toBe("partition-device-path");
    expect(noList?.message).not.toContain("whole-disk offsets");
  });
});

describe("VM fields", () => {
  const A = "0b3d8a7e-1234-4a1b-9c3d-000000000001";
  const B = "0b3d8a7e-1234-4a1b-9c3d-000000000002";

  it("refuses two VMs with one UUID, in any case", () => {
    const p = plan([
      vm("a", [free()], { uuid: A }),
      vm("b", [free(2048n)], { uuid: A.toUpperCase() }),
    ]);
    expectCodes(p, ["duplicate-uuid"]);
    expectCodes(plan([vm("a", [free()], { uuid: A }), vm("b", [free(2048n)], { uuid: B })]), []);
    expectCodes(plan([vm("a", [free()]), vm("b", [free(2048n)])]), []); // null: not assigned yet
  });

  it.each(["not-a-uuid", `${A}"`, "00000000-0000-0000-0000-000000000000", ""])(
    "refuses the UUID %j",
    (uuid) => {
      expectCodes(plan([vm("a", [free()], { uuid })]), ["vm-uuid-invalid"]);
    },
  );

  it.each([-1, 1.5, MAX_HEAD_SECTORS + 1, Number.NaN])("refuses %s head sectors", (sectors) => {
    expectCodes(plan([vm("a", [free()], { head: { ...DEFAULT_HEAD, sectors } })]), [
      "head-sectors-invalid",
    ]);
  });

  it.each([0, 1, MAX_HEAD_SECTORS])("accepts %s head sectors", (sectors) => {
    expectCodes(plan([vm("a", [free()], { head: { ...DEFAULT_HEAD, sectors } })]), []);
  });

  it("refuses an unknown adapter type", () => {
    const p = plan([vm("a", [free()], { adapterType: 'ide"' as PlanVm["adapterType"] })]);
    expectCodes(p, ["adapter-type-invalid"]);
  });

  it(`allows ${MAX_EXTENTS} extents per VM, head included, and no more`, () => {
    const ranges = (n: number): PlanRange[] =>
      Array.from({ length: n }, (_, i) => free(BigInt(i) * 2048n));
    expectCodes(plan([vm("a", ranges(MAX_EXTENTS - 1))]), []);
    expectCodes(plan([vm("a", ranges(MAX_EXTENTS))]), ["too-many-extents"]);
    const headless = { head: { ...DEFAULT_HEAD, sectors: 0 } };
    expectCodes(plan([vm("a", ranges(MAX_EXTENTS), headless)]), []);
  });

  it("a malformed range is an error, not an exception", () => {
    const bad = {
      disk: "d0",
      startSector: 5,
      sectors: 2048n,
      access: "RW",
    } as unknown as PlanRange;
    const worse = { ...free(), access: "WO" } as unknown as PlanRange;
    expectCodes(plan([vm("a", [bad, worse])]), ["range-invalid", "range-invalid"]);
  });
});

describe("extreme values", () => {
  it("are findings, never exceptions", () => {
    const huge = 2n ** 200n;
    const weird = disk({
      sizeBytes: bytes(-512n),
      tableType: "gpt",
      partitions: [
        partition(0, -5n, 10n),
        partition(1, 0n, 0n),
        partition(2, huge, huge, { type: "", flags: [] }),
        { ...partition(3, 2048n, 2048n), startByte: bytes(1n), sizeBytes: bytes(3n) },
      ],
    });
    const p = plan(
      [
        vm("a", [range(huge, huge), range(0n, huge), range(-huge, 1n), range(5n, 1n, "RDONLY")]),
        vm("b", [range(0n, 1n)], { head: { file: "x", sectors: Number.MAX_SAFE_INTEGER } }),
      ],
      [weird],
    );
    const found = codes(p);
    const sane = codes({ ...p, disks: [{ ...weird, sizeBytes: bytes(DISK_SECTORS * 512n) }] });
    expect(sane).toContain("covers-gpt-backup");
    expect(found).toContain("disk-invalid");
    expect(found).toContain("range-beyond-limit");
    expect(found).toContain("negative-start");
    expect(found).toContain("head-sectors-invalid");
    expect(found).toContain("overlap");
  });
});

describe("empty plans and VMs", () => {
  it("a plan without VMs is a warning (nothing to download yet), not an error", () => {
    const findings = checkPlan(plan([]));
    expect(findings).toEqual([
      {
        severity: "warning",
        code: "no-vms",
        message: "The plan has no VM yet: the zip would contain no descriptor.",
        targets: [],
      },
    ]);
  });

  it("a VM with a head and no range is a warning; with neither it is an error", () => {
    expectCodes(plan([vm("a", [])]), ["vm-no-ranges"]);
    expectCodes(plan([vm("a", [], { head: { ...DEFAULT_HEAD, sectors: 0 } })]), ["vm-no-extents"]);
  });
});

describe("inexact listings", () => {
  const rounded = (more: Partial<PlanDisk> = {}): PlanDisk =>
    disk({
      partitions: [
        partition(0, 2048n, 125829120n),
        partition(1, P1_START, P1_SECTORS, { exact: false }),
      ],
      ...more,
    });

  it("blocks ranges on a disk with a rounded partition until the user confirms", () => {
    const p = plan([vm("a", [free()])], [rounded()]);
    expectCodes(p, ["inexact-unconfirmed"]);
    expect(errors(p)[0]?.message).toContain('gave rounded numbers ("Disk #0, Partition #1")');
    expect(errors(p)[0]?.targets).toEqual([
      { disk: "d0", field: "exactConfirmed" },
      { vm: 0, range: 0, disk: "d0" },
    ]);
    expectCodes(plan([vm("a", [free()])], [rounded({ exactConfirmed: true })]), []);
    expectCodes(plan([vm("a", [free()])], [rounded({ exactConfirmed: false })]), [
      "inexact-unconfirmed",
    ]);
  });

  it("does not block a plan that uses no range on that disk", () => {
    const other = disk({ id: "d1", device: "\\\\.\\PhysicalDrive1" });
    const p = plan([vm("a", [{ ...free(), disk: "d1" }])], [rounded(), other]);
    expectCodes(p, []);
  });
});

describe("host areas", () => {
  it("warns when a range covers the table area before the first partition", () => {
    expectCodes(plan([vm("a", [range(2048n, 125829120n)])]), []);
    const p = plan([vm("a", [range(2047n, 1n)])]);
    expectCodes(p, ["covers-partition-table", "not-aligned-1mib"]);
    expect(only(p, "covers-partition-table")[0]?.message).toContain(
      'covers 2047 +1 (512 B) of "\\\\.\\PhysicalDrive0"\'s partition table area (0 +2048, before the first partition)',
    );
  });

  it("takes the first 1 MiB as the table area when no partition is listed", () => {
    const bare = disk({ partitions: [] });
    expectCodes(plan([vm("a", [range(2048n, 2048n)])], [bare]), []);
    const p = plan([vm("a", [range(0n, 4096n)])], [bare]);
    expectCodes(p, ["covers-partition-table"]);
    expect(checkPlan(p)[0]?.message).toContain("the first 1 MiB: no partition is listed");
  });

  it("warns when a range covers a GPT disk's backup table (33 sectors)", () => {
    const gpt = disk({ tableType: "gpt", partitions: [] });
    const ending = (end: bigint): Plan => plan([vm("a", [range(end - 20480n, 20480n)])], [gpt]);
    expect(codes(ending(DISK_SECTORS - 33n))).not.toContain("covers-gpt-backup");
    const [backup] = only(ending(DISK_SECTORS - 32n), "covers-gpt-backup");
    expect(backup?.message).toContain("covers 468862095 +1 (512 B) of the last 33 sectors");
  });

  it("on a 4096-byte-sector GPT disk the backup is 5 logical sectors (40 VMDK sectors)", () => {
    expect(gptBackupSectors(512)).toBe(33n);
    expect(gptBackupSectors(4096)).toBe(40n);
    const gpt = disk({ tableType: "gpt", logicalSectorSize: 4096, partitions: [] });
    const ending = (end: bigint): Plan => plan([vm("a", [range(end - 20480n, 20480n)])], [gpt]);
    expect(codes(ending(DISK_SECTORS - 40n))).not.toContain("covers-gpt-backup");
    expect(codes(ending(DISK_SECTORS - 32n))).toContain("covers-gpt-backup");
  });

  it("warns about a partition covered only in part", () => {
    const p = plan([vm("a", [range(P1_START, P1_SECTORS - 2048n)])]);
    expectCodes(p, ["partial-partition"]);
    expect(checkPlan(p)[0]?.message).toContain(
      '"Disk #0, Partition #1" (125831168 +125829120) on "\\\\.\\PhysicalDrive0" is covered only in part, by VM "a" range 1 (125831168 +125827072)',
    );
    // A range reaching one sector into the next partition covers part of it.
    const spill = plan([vm("a", [range(P1_START, P1_SECTORS + 1n)])]);
    expect(only(spill, "partial-partition")[0]?.targets).toContainEqual({
      disk: "d0",
      partition: 2,
    });
  });

  it.each([
    [{ type: "EFI System" }, /EFI System partition/],
    [{ type: "GPT: System" }, /EFI System partition/],
    [{ type: "Microsoft reserved" }, /Microsoft reserved/],
    [{ type: "Linux swap" }, /swap/],
    [{ flags: ["boot"] }, /marked bootable/],
    [{ flags: ["boot-partition"] }, /boot partition/],
  ])("warns when a range covers a partition the host uses: %j", (more, reason) => {
    const d = disk({
      partitions: [partition(0, 2048n, 125829120n), partition(1, P1_START, P1_SECTORS, more)],
    });
    const [finding] = checkPlan(plan([vm("a", [range(P1_START, P1_SECTORS)])], [d]));
    expect(finding?.code).toBe("host-partition");
    expect(finding?.message).toMatch(reason);
  });

  it("does not warn for a partition the host has no special use for", () => {
    const d = disk({
      partitions: [
        partition(1, P1_START, P1_SECTORS, { type: "Linux filesystem", flags: ["primary"] }),
      ],
    });
    expectCodes(plan([vm("a", [range(P1_START, P1_SECTORS)])], [d]), []);
  });

  it("treats the space between logical partitions of an extended one as boot records", () => {
    // Extended 1 GiB from sector 2048; logical partitions at 4096 +1024000 and 1030144 +1067008.
    const d = disk({
      partitions: [
        partition(0, 2048n, 2097152n, { flags: ["extended"] }),
        partition(4, 4096n, 1024000n, { flags: ["logical"] }),
        partition(5, 1030144n, 1069056n, { flags: ["logical"] }),
      ],
    });
    expectCodes(plan([vm("a", [range(4096n, 1024000n)])], [d]), []);
    const ebr = plan([vm("a", [range(1028096n, 2048n)])], [d]);
    expectCodes(ebr, ["covers-partition-table"]);
    expect(checkPlan(ebr)[0]?.message).toContain("boot records (EBRs)");
  });

  it("warns about a gap between partitions of a wmic GPT listing (maybe Microsoft reserved)", () => {
    const wmic = (gap: bigint): PlanDisk =>
      disk({
        sizeBytes: null,
        partitions: [
          partition(0, 2048n, 204800n, { type: "GPT: System" }),
          partition(1, 206848n + gap, 2048000n, { type: "GPT: Basic Data" }),
        ],
      });
    const on = (gap: bigint): string[] =>
      codes(plan([vm("a", [range(204800n, 2048000n)])], [wmic(gap)]));
    expect(on(32768n)).toContain("covers-unlisted-gap");
    expect(on(2047n)).not.toContain("covers-unlisted-gap");
  });
});

describe("alignment", () => {
  it("warns when the start or the size is not a multiple of 1 MiB", () => {
    expectCodes(plan([vm("a", [free(0n, 2048n)])]), []);
    const [start] = checkPlan(plan([vm("a", [free(8n, 2048n)])]));
    expect(start?.code).toBe("not-aligned-1mib");
    expect(start?.severity).toBe("warning");
    expect(start?.message).toContain(
      "its start is 8 sectors past a 1 MiB boundary (nearest: 286720000 or 286722048)",
    );
    const [size] = checkPlan(plan([vm("a", [free(0n, 2056n)])]));
    expect(size?.message).toContain(
      "its size is 8 sectors more than a whole number of MiB (2048 or 4096 would be)",
    );
  });

  it("on a 4096-byte-sector disk, warns when the guest sees a range off by a non-multiple of 8", () => {
    const fourK = disk({ logicalSectorSize: 4096, partitions: [], sizeBytes: null });
    const withHead = (sectors: number): string[] =>
      codes(plan([vm("a", [free()], { head: { ...DEFAULT_HEAD, sectors } })], [fourK]));
    expect(withHead(2048)).toEqual(["disk-end-unknown"]);
    expect(withHead(2056)).toEqual(["disk-end-unknown"]);
    expect(withHead(2049)).toEqual(["disk-end-unknown", "guest-misaligned-4k"]);
  });
});

describe("order", () => {
  it("errors first, then by VM and range; plan-wide findings first", () => {
    const p = plan(
      [
        vm("a", [free(8n)]), // warning: unaligned
        vm("b", [free(4096n, 0n)]), // error: empty
        vm("con", [free(8192n)]), // error: name
      ],
      [disk()],
      "nul", // error: plan name
    );
    expect(checkPlan(p).map((f) => [f.severity, f.code, f.targets[0]?.vm])).toEqual([
      ["error", "plan-name-invalid", undefined],
      ["error", "empty-range", 1],
      ["error", "vm-name-invalid", 2],
      ["warning", "not-aligned-1mib", 0],
    ]);
  });

  it("sortFindings does not depend on the input order", () => {
    const p = plan([vm("a", [free(8n), free(0n, 4096n)]), vm("b", [free(0n, 4096n)]), vm("c", [])]);
    const findings = checkPlan(p);
    expect(sortFindings([...findings].reverse())).toEqual(findings);
  });
});

describe("the table of codes at the top of index.ts", () => {
  it("lists exactly the codes the rule families report, each once", () => {
    const read = (name: string) => readFileSync(new URL(name, import.meta.url), "utf8");
    const index = read("./index.ts");
    const families = ["facts", "vms", "ranges", "overlaps", "disks", "hostAreas"];
    const source = families.map((f) => read(`./${f}.ts`)).join("\n");
    const table = [...index.matchAll(/^ \* \| ([a-z0-9-]+) +\| (error|warning) +\|/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    const emitted = new Set(
      [...source.matchAll(/(error|warning)\(\s*"([a-z0-9-]+)"/g)].map((m) => `${m[2]} ${m[1]}`),
    );
    expect(table).toHaveLength(37);
    expect(new Set(table).size).toBe(table.length);
    expect([...table].sort()).toEqual([...emitted].sort());
  });
});

// ─── Overlaps against a brute-force reference ───────────────────────────────────────────

describe("checkPlan's overlaps against brute force", () => {
  it("600 random plans over several devices and spellings", () => {
    const random = prng(2024);
    const devices = [
      "\\\\.\\PhysicalDrive0",
      "\\\\.\\physicaldrive0",
      "\\\\.\\PhysicalDrive1",
      "/dev/disk/by-id/x",
    ];
    for (let round = 0; round < 600; round++) {
      const disks = devices.map((device, i) =>
        disk({ id: `d${i}`, device, sizeBytes: null, partitions: [] }),
      );
      const vms = Array.from({ length: 1 + Math.floor(random() * 5) }, (_, v) =>
        vm(
          `vm${v}`,
          Array.from({ length: Math.floor(random() * 6) }, () => {
            const start = BigInt(Math.floor(random() * 64)) * 1024n;
            const sectors = BigInt(Math.floor(random() * 16)) * 1024n;
            const access: Access = random() < 0.3 ? "RDONLY" : "RW";
            return range(start, sectors, access, `d${Math.floor(random() * devices.length)}`);
          }),
        ),
      );
      const p = plan(vms, disks);
      // Brute force: every pair of non-empty ranges on one device (d0 and d1 are one).
      const flat = vms.flatMap((v, vi) => v.ranges.map((r, ri) => ({ r, vi, ri })));
      const device = (id: string): string => (id === "d1" ? "d0" : id);
      const expected: string[] = [];
      for (let i = 0; i < flat.length; i++) {
        for (let j = i + 1; j < flat.length; j++) {
          const a = flat[i] as (typeof flat)[number];
          const b = flat[j] as (typeof flat)[number];
          if (device(a.r.disk) !== device(b.r.disk)) continue;
          if (a.r.sectors <= 0n || b.r.sectors <= 0n) continue;
          const from = a.r.startSector > b.r.startSector ? a.r.startSector : b.r.startSector;
          const aEnd = a.r.startSector + a.r.sectors;
          const bEnd = b.r.startSector + b.r.sectors;
          if (from >= (aEnd < bEnd ? aEnd : bEnd)) continue;
          const code = a.r.access === "RW" || b.r.access === "RW" ? "overlap" : "overlap-read-only";
          expected.push(`${code} ${a.vi}.${a.ri} ${b.vi}.${b.ri}`);
        }
      }
      const found = checkPlan(p)
        .filter((f) => f.code === "overlap" || f.code === "overlap-read-only")
        .map((f) => `${f.code} ${f.targets.map((t) => `${t.vm}.${t.range}`).join(" ")}`);
      expect(found.sort()).toEqual(expected.sort());
    }
  });
});

describe("speed", () => {
  it("checks 20,000 non-overlapping ranges in well under 2 s (no n² behaviour)", () => {
    const vms = Array.from({ length: 100 }, (_, v) =>
      vm(
        `vm${v}`,
        Array.from({ length: 200 }, (_, r) => free(BigInt(v * 200 + r) * 8n, 8n)),
      ),
    );
    const p = plan(vms, [disk({ sizeBytes: null, partitions: [] })]);
    const started = performance.now();
    const findings = checkPlan(p);
    const elapsed = performance.now() - started;
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(elapsed).toBeLessThan(2000);
  });
});
