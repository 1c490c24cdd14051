import { describe, expect, it } from "vitest";
import { bytes, vmdkSectors } from "../units.ts";
import type { PlanDisk, PlanVm } from "../plan/types.ts";
import {
  descriptorLayout,
  descriptorNameProblem,
  MAX_EXTENTS,
  writeDescriptor,
} from "./descriptor.ts";
import { rawDiskGeometry } from "./geometry.ts";
import { exampleDisk, range, splitPlan, vm, wholePartitionPlan } from "./plans.testkit.ts";

const UUID = "0b6d7a7e-7f38-4c1e-9d7e-1d2f3a4b5c6d";
const NIL = "00000000-0000-0000-0000-000000000000";

/** The text docs/vmdk.md shows VirtualBox writing, with the numbers of the split example. */
const SPLIT_FIRST_VM = `# Disk DescriptorFile
version=1
CID=fffffffe
parentCID=ffffffff
createType="partitionedDevice"

# Extent description
RW 2048 FLAT "Raw_Sectors_1MiB" 0
RW 62914560 FLAT "\\\\.\\PhysicalDrive0" 125831168

# The disk Data Base 
#DDB

ddb.virtualHWVersion = "4"
ddb.adapterType="ide"
ddb.geometry.cylinders="16383"
ddb.geometry.heads="16"
ddb.geometry.sectors="63"
ddb.uuid.image="${UUID}"
ddb.uuid.parent="${NIL}"
ddb.uuid.modification="${NIL}"
ddb.uuid.parentmodification="${NIL}"
`;

function write(
  vmToWrite: PlanVm,
  disks: PlanDisk[] = [exampleDisk()],
  uuid: string | undefined = UUID,
) {
  const result = writeDescriptor(vmToWrite, disks, uuid === undefined ? {} : { uuid });
  if (!result.ok) throw new Error(result.error);
  return result;
}

const extentLines = (text: string) => text.split("\n").filter((l) => /^(RW|RDONLY) /.test(l));

describe("writeDescriptor: the worked example", () => {
  it("writes the first VM of the split example byte for byte", () => {
    const first = splitPlan().vms[0];
    if (!first) throw new Error("no VM");
    const result = write(first);
    expect(result.text).toBe(SPLIT_FIRST_VM);
    expect(result.totalSectors).toBe(62916608n);
    expect(result.createType).toBe("partitionedDevice");
  });

  it("gives the split's second VM the extent lines of docs/product.md", () => {
    const second = splitPlan().vms[1];
    if (!second) throw new Error("no VM");
    expect(extentLines(write(second).text)).toEqual([
      'RW 2048 FLAT "Raw_Sectors_1MiB" 0',
      'RW 62914560 FLAT "\\\\.\\PhysicalDrive0" 188745728',
    ]);
  });

  it("maps all of Partition #1 to a guest disk of 125831168 sectors", () => {
    const only = wholePartitionPlan().vms[0];
    if (!only) throw new Error("no VM");
    const result = write(only);
    expect(extentLines(result.text)).toEqual([
      'RW 2048 FLAT "Raw_Sectors_1MiB" 0',
      'RW 125829120 FLAT "\\\\.\\PhysicalDrive0" 125831168',
    ]);
    expect(result.totalSectors).toBe(125831168n);
  });

  it("has LF line ends only, no BOM, one space between extent fields", () => {
    const text = write(vm("a", [range(2048n, 8n)])).text;
    expect(text.includes("\r")).toBe(false);
    expect(text.charCodeAt(0)).toBe("#".charCodeAt(0));
    expect(text.endsWith("\n")).toBe(true);
    for (const line of extentLines(text)) expect(line).not.toMatch(/ {2}|\t| $/);
  });

  it("gives the same bytes for the same VM, and the VM's own UUID wins", () => {
    const withUuid = vm("a", [range(2048n, 8n)], UUID);
    const once = write(withUuid, undefined, "11111111-2222-4333-8444-555555555555").text;
    expect(write(withUuid).text).toBe(once);
    expect(once).toContain(`ddb.uuid.image="${UUID}"`);
  });

  it("writes the UUID in lowercase", () => {
    const result = write(vm("a", [range(2048n, 8n)], UUID.toUpperCase()));
    expect(result.text).toContain(`ddb.uuid.image="${UUID}"`);
    expect(result.uuid).toBe(UUID);
  });

  it("writes each range in plan order, RDONLY as given, after the head", () => {
    const several = vm("a", [range(5000n, 100n), { ...range(10n, 20n), access: "RDONLY" }]);
    several.head = { file: "head", sectors: 63 };
    expect(extentLines(write(several).text)).toEqual([
      'RW 63 FLAT "head" 0',
      'RW 100 FLAT "\\\\.\\PhysicalDrive0" 5000',
      'RDONLY 20 FLAT "\\\\.\\PhysicalDrive0" 10',
    ]);
  });

  it("writes no head line for a head of 0 sectors", () => {
    const noHead = vm("a", [range(2048n, 8n)]);
    noHead.head = { file: "Raw_Sectors_1MiB", sectors: 0 };
    expect(extentLines(write(noHead).text)).toEqual(['RW 8 FLAT "\\\\.\\PhysicalDrive0" 2048']);
  });

  it("counts in 512-byte sectors on a 4096-byte-sector disk (LBA n is sector 8n)", () => {
    const disk: PlanDisk = { ...exampleDisk(), logicalSectorSize: 4096, device: "/dev/sdb" };
    const result = write(vm("a", [range(8n * 256n, 8n * 1000n)]), [disk]);
    expect(extentLines(result.text)[1]).toBe('RW 8000 FLAT "/dev/sdb" 2048');
  });

  it("writes offsets beyond 2 TiB and 2^53 exactly", () => {
    const huge: PlanDisk = { ...exampleDisk(), sizeBytes: null };
    const start = 2n ** 53n + 1n;
    const result = write(vm("a", [range(start, 2n ** 33n + 7n)]), [huge]);
    expect(extentLines(result.text)[1]).toBe(
      `RW 8589934599 FLAT "\\\\.\\PhysicalDrive0" 9007199254740993`,
    );
  });
});

describe("createType", () => {
  const disk: PlanDisk = { ...exampleDisk(), sizeBytes: bytes(1000n * 512n) };
  const whole = (): PlanVm => ({ ...vm("a", [range(0n, 1000n)]), head: { file: "h", sectors: 0 } });

  it("is fullDevice for one range that maps the whole device from sector 0, no head", () => {
    const result = write(whole(), [disk]);
    expect(result.createType).toBe("fullDevice");
    expect(result.text).toContain('createType="fullDevice"\n');
  });

  it.each<[string, (v: PlanVm) => PlanVm, PlanDisk]>([
    ["with a head", (v) => ({ ...v, head: { file: "h", sectors: 2048 } }), disk],
    ["from sector 1", (v) => ({ ...v, ranges: [range(1n, 999n)] }), disk],
    ["one sector short", (v) => ({ ...v, ranges: [range(0n, 999n)] }), disk],
    ["size unknown", (v) => v, { ...disk, sizeBytes: null }],
    ["two ranges", (v) => ({ ...v, ranges: [range(0n, 500n), range(500n, 500n)] }), disk],
  ])("is partitionedDevice %s", (_, change, d) => {
    expect(write(change(whole()), [d]).createType).toBe("partitionedDevice");
  });
});

describe("rawDiskGeometry", () => {
  it.each([
    [0n, 0],
    [1007n, 0],
    [1008n, 1],
    [2048n, 2],
    [16383n * 1008n - 1n, 16382],
    [16383n * 1008n, 16383],
    [62916608n, 16383],
    [2n ** 40n, 16383],
  ])("%s sectors → %s cylinders × 16 × 63", (total, cylinders) => {
    expect(rawDiskGeometry(vmdkSectors(total))).toEqual({ cylinders, heads: 16, sectors: 63 });
  });

  it("is written into the DDB", () => {
    const small = vm("a", [range(2048n, 8n)]);
    const text = write(small).text;
    expect(text).toContain('ddb.geometry.cylinders="2"\n');
  });
});

describe("refusals", () => {
  it.each([
    ['a"b', 'contains a double quote (")'],
    ["a\nb", "contains a line break"],
    ["a\rb", "contains a line break"],
    ["a\u2028b", "contains a line break"],
    ["a\tb", "contains the control character U+0009"],
    ["a\u0000b", "contains the control character U+0000"],
    ["a\u007fb", "contains the control character U+007F"],
    ["a\u0085b", "contains the control character U+0085"],
    ["a\ud800b", "contains an unpaired surrogate (not valid Unicode)"],
    ["a\udc00", "contains an unpaired surrogate (not valid Unicode)"],
    ["", "is empty"],
  ])("names: %j %s", (name, problem) => {
    expect(descriptorNameProblem(name)).toBe(problem);
  });

  it.each([
    "Raw_Sectors_1MiB",
    "\\\\.\\PhysicalDrive12",
    "/dev/disk/by-id/ata-X_Y",
    "日本 🙂",
    "C:\\x y",
  ])("accepts the name %j", (name) => expect(descriptorNameProblem(name)).toBeNull());

  it("refuses a device path with a quote or line break, whatever the caller checked", () => {
    for (const device of ['\\\\.\\Physical"Drive0', '/dev/sda\nRW 1 FLAT "/dev/sdb" 0']) {
      const result = writeDescriptor(vm("a", [range(0n, 8n)]), [{ ...exampleDisk(), device }], {
        uuid: UUID,
      });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/^The device path of disk d0 contains/);
    }
  });

  it("refuses a head file name with a quote", () => {
    const bad = { ...vm("a", [range(0n, 8n)]), head: { file: 'x"', sectors: 2048 } };
    expect(writeDescriptor(bad, [exampleDisk()], { uuid: UUID })).toEqual({
      ok: false,
      error: 'The head file name contains a double quote (").',
    });
  });

  it.each<[string, PlanVm, string]>([
    ["no uuid", vm("a", [range(0n, 8n)]), "The VM has no UUID yet and none was given."],
    [
      "a nil uuid",
      vm("a", [range(0n, 8n)], NIL),
      `"${NIL}" is not a usable UUID (8-4-4-4-12 hex digits, not nil).`,
    ],
    [
      "a bad uuid",
      vm("a", [range(0n, 8n)], 'x" RW'),
      '"x" RW" is not a usable UUID (8-4-4-4-12 hex digits, not nil).',
    ],
    ["an empty range", vm("a", [range(8n, 0n)], UUID), "Range 1 is empty."],
    ["a negative start", vm("a", [range(-1n, 8n)], UUID), "Range 1 starts before sector 0."],
    [
      "a range past 2^64 bytes",
      vm("a", [range(2n ** 55n - 7n, 8n)], UUID),
      "Range 1 ends past sector 2^55 (2^64 bytes): no disk is that large.",
    ],
    [
      "a guest disk past 2^64 bytes",
      vm("a", [range(0n, 2n ** 55n - 2048n), range(0n, 1n)], UUID),
      "The guest's disk would be larger than 2^55 sectors (2^64 bytes).",
    ],
    [
      "an unknown disk",
      vm("a", [range(0n, 8n, "d9")], UUID),
      'Range 1 refers to the unknown disk "d9".',
    ],
    [
      "nothing at all",
      { ...vm("a", [], UUID), head: { file: "h", sectors: 0 } },
      "The VM has no head and no range: its disk would be empty.",
    ],
    [
      "a fractional head",
      { ...vm("a", [], UUID), head: { file: "h", sectors: 1.5 } },
      "The head size 1.5 is not a whole number of sectors.",
    ],
    [
      "an unknown adapter",
      { ...vm("a", [range(0n, 8n)], UUID), adapterType: "scsi" as "ide" },
      'The adapter type "scsi" is unknown.',
    ],
  ])("refuses %s", (_, bad, error) => {
    expect(writeDescriptor(bad, [exampleDisk()])).toEqual({ ok: false, error });
  });

  it(`refuses more than ${MAX_EXTENTS} extents, and writes exactly ${MAX_EXTENTS}`, () => {
    const many = (n: number) =>
      vm(
        "a",
        Array.from({ length: n }, (_, i) => range(BigInt(i) * 8n, 8n)),
        UUID,
      );
    const limit = write(many(MAX_EXTENTS - 1));
    expect(limit.text.split("\n").length - 1).toBe(MAX_EXTENTS + 20);
    expect(writeDescriptor(many(MAX_EXTENTS), [exampleDisk()]).ok).toBe(false);
  });

  it("lists the extents it writes with their source", () => {
    const layout = descriptorLayout(vm("a", [range(100n, 8n)]), [exampleDisk()]);
    expect(layout.ok && layout.extents.map((e) => e.source)).toEqual([
      { kind: "head" },
      { kind: "range", range: 0, disk: "d0" },
    ]);
  });
});
