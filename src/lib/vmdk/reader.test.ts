import { describe, expect, it } from "vitest";
import { writeDescriptor } from "./descriptor.ts";
import { rawDiskGeometry } from "./geometry.ts";
import { randomPlan } from "../plan/generate.testkit.ts";
import { Rng } from "../prng.testkit.ts";
import { splitPlan } from "./plans.testkit.ts";
import { readDescriptor } from "./reader.ts";
import {
  UUID,
  VIRTUALBOX,
  VBOXMANAGE_PARTITIONS,
  foldedUnder2pow55,
  uuidFrom,
  read,
} from "./reader.testkit.ts";

describe("readDescriptor: what VirtualBox accepts", () => {
  it("reads VirtualBox's own raw-disk descriptor", () => {
    const d = read(VIRTUALBOX);
    expect(d.createType).toBe("partitionedDevice");
    expect(d.cid).toBe("4f1c2a9e");
    expect(d.parentCid).toBe("ffffffff");
    expect(d.extents).toEqual([
      { line: 8, access: "RW", sectors: 2048n, type: "FLAT", file: "Raw_Sectors_1MiB", offset: 0n },
      {
        line: 9,
        access: "RW",
        sectors: 125829120n,
        type: "FLAT",
        file: "\\\\.\\PhysicalDrive0",
        offset: 125831168n,
      },
    ]);
    expect(d.uuidImage).toBe(UUID);
    expect(d.geometry).toEqual({ cylinders: 16383, heads: 16, sectors: 63 });
    expect(d.adapterType).toBe("ide");
    expect(d.totalSectors).toBe(125831168n);
    expect(d.ddb[0]).toEqual({ line: 14, key: "ddb.virtualHWVersion", value: "4" });
    expect(d.header.map((e) => e.key)).toEqual(["version", "CID", "parentCID", "createType"]);
  });

  it("reads ZERO (with its trailing space), RDONLY and NOACCESS extents", () => {
    const d = read(VBOXMANAGE_PARTITIONS);
    expect(d.extents.map((e) => [e.access, e.sectors, e.type, e.file, e.offset])).toEqual([
      ["RW", 63n, "FLAT", "rawdisk-pt.vmdk", 0n],
      ["RW", 1985n, "ZERO", null, null],
      ["RDONLY", 1024000n, "FLAT", "/dev/sda", 2048n],
      ["NOACCESS", 2048n, "ZERO", null, null],
      ["RW", 4096n, "FLAT", "/dev/sda2", 0n],
    ]);
    expect(d.totalSectors).toBe(63n + 1985n + 1024000n + 2048n + 4096n);
    expect(d.geometry).toBeNull();
  });

  it("reads ZERO without the trailing space too", () => {
    expect(
      read(VBOXMANAGE_PARTITIONS.replace("RW 1985 ZERO \n", "RW 1985 ZERO\n")).extents[1],
    ).toEqual({ line: 9, access: "RW", sectors: 1985n, type: "ZERO", file: null, offset: null });
  });

  it("reads CRLF line ends", () => {
    const d = read(VIRTUALBOX.replaceAll("\n", "\r\n"));
    expect(d.extents[1]?.offset).toBe(125831168n);
    expect(d.uuidImage).toBe(UUID);
  });

  it("reads bytes, and a last line without LF", () => {
    const d = readDescriptor(new TextEncoder().encode(VIRTUALBOX.trimEnd()));
    expect(d.ok && d.descriptor.ddb.at(-1)?.value).toBe("00000000-0000-0000-0000-000000000000");
  });

  it("accepts comments and empty lines anywhere, and VirtualBox's other first lines", () => {
    for (const first of [
      "# Disk Descriptor File",
      "#Disk Descriptor File",
      "#Disk DescriptorFile",
    ]) {
      const text = VIRTUALBOX.replace("# Disk DescriptorFile", first)
        .replace("version=1\n", "# a comment\n\nversion=1\n")
        .replace('RW 2048 FLAT "Raw', '#x\n\nRW 2048 FLAT "Raw');
      expect(read(text).extents[0]?.line).toBe(12);
    }
  });

  it("accepts header keys VirtualBox ignores, and bare ddb values", () => {
    const d = read(
      VIRTUALBOX.replace(
        "parentCID=ffffffff\n",
        'parentCID=ffffffff\nisNativeSnapshot = "no"\n',
      ).replace('ddb.adapterType="ide"', "ddb.adapterType = lsilogic"),
    );
    expect(d.header[3]).toEqual({ line: 5, key: "isNativeSnapshot", value: "no" });
    expect(d.adapterType).toBe("lsilogic");
  });

  it("reads numbers of 64 bits exactly", () => {
    const max = (1n << 64n) - 1n;
    const d = read(
      VIRTUALBOX.replace("RW 125829120 FLAT", `RW ${max} FLAT`).replace("125831168\n", `${max}\n`),
    );
    expect(d.extents[1]?.sectors).toBe(max);
    expect(d.extents[1]?.offset).toBe(max);
  });
});

describe("plan → descriptor → reader (property test)", () => {
  /** What writeDescriptor says when it refuses: one of its documented refusals. */
  const REFUSAL =
    /^(The head size .* is not a whole number of sectors\.|The head file name .*|Range \d+ (refers to the unknown disk|has the unknown access|starts before sector 0|is empty|ends past sector 2\^55).*|The device path of disk .* (contains|is) .*|The VM has no head and no range.*|The VM has \d+ extents.*|The guest's disk would be larger than 2\^55 sectors.*)$/;

  it("gives back the same extents, UUID, geometry and createType for 2000 random plans", () => {
    let written = 0;
    let refused = 0;
    let beyond2TiB = 0;
    let beyond2pow53 = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      // Coherent (ranges on the disks), free (any values the format allows), and free folded
      // under VirtualBox's 2^55-sector limit, so that huge offsets get written too.
      const family = seed % 3;
      const plan =
        family === 2
          ? foldedUnder2pow55(randomPlan(seed))
          : randomPlan(seed, { coherent: family === 0 });
      const rng = new Rng(seed * 7919);
      for (const vm of plan.vms) {
        const fresh = uuidFrom(rng);
        const result = writeDescriptor(vm, plan.disks, { uuid: fresh });
        if (!result.ok) {
          expect(result.error).toMatch(REFUSAL);
          refused++;
          continue;
        }
        const read = readDescriptor(result.text);
        if (!read.ok) {
          throw new Error(`seed ${seed} line ${read.error.line}: ${read.error.message}`);
        }
        const d = read.descriptor;
        const expected = [
          ...(vm.head.sectors > 0
            ? [{ access: "RW", sectors: BigInt(vm.head.sectors), file: vm.head.file, offset: 0n }]
            : []),
          ...vm.ranges.map((range) => ({
            access: range.access,
            sectors: range.sectors,
            file: plan.disks.find((disk) => disk.id === range.disk)?.device,
            offset: range.startSector,
          })),
        ];
        expect(
          d.extents.map(({ access, sectors, file, offset }) => ({ access, sectors, file, offset })),
        ).toEqual(expected);
        expect(d.extents.every((e) => e.type === "FLAT")).toBe(true);
        expect(d.totalSectors).toBe(expected.reduce((sum, e) => sum + e.sectors, 0n));
        expect(d.uuidImage).toBe((vm.uuid ?? fresh).toLowerCase());
        expect(d.geometry).toEqual(rawDiskGeometry(d.totalSectors));
        expect(d.createType).toBe(result.createType);
        expect(d.adapterType).toBe(vm.adapterType);
        expect(d.cid).toBe("fffffffe");
        written++;
        if (vm.ranges.some((r) => r.startSector + r.sectors > 2n ** 32n)) beyond2TiB++;
        if (vm.ranges.some((r) => r.startSector > 2n ** 53n)) beyond2pow53++;
      }
    }
    // The generator really covers what the property claims.
    expect(written).toBeGreaterThan(2000);
    expect(refused).toBeGreaterThan(500);
    expect(beyond2TiB).toBeGreaterThan(500);
    expect(beyond2pow53).toBeGreaterThan(200);
  });

  it("reads the split example's descriptors back to docs/product.md's numbers", () => {
    const plan = splitPlan();
    const offsets = plan.vms.map((vm) => {
      const written = writeDescriptor(vm, plan.disks, { uuid: UUID });
      const result = written.ok ? readDescriptor(written.text) : null;
      return result?.ok ? result.descriptor.extents.map((e) => [e.sectors, e.offset]) : null;
    });
    expect(offsets).toEqual([
      [
        [2048n, 0n],
        [62914560n, 125831168n],
      ],
      [
        [2048n, 0n],
        [62914560n, 188745728n],
      ],
    ]);
  });
});
