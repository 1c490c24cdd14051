import { describe, expect, it } from "vitest";
import { writeDescriptor } from "./descriptor.ts";
import { rawDiskGeometry } from "./geometry.ts";
import { randomPlan, Rng } from "../plan/generate.testkit.ts";
import type { Plan } from "../plan/types.ts";
import { vmdkSectors } from "../units.ts";
import { splitPlan } from "./plans.testkit.ts";
import { readDescriptor, type ReadDescriptor } from "./reader.ts";

const UUID = "0b6d7a7e-7f38-4c1e-9d7e-1d2f3a4b5c6d";

/** VirtualBox's own raw-disk descriptor, as docs/vmdk.md shows it. */
const VIRTUALBOX = `# Disk DescriptorFile
version=1
CID=4f1c2a9e
parentCID=ffffffff
createType="partitionedDevice"

# Extent description
RW 2048 FLAT "Raw_Sectors_1MiB" 0
RW 125829120 FLAT "\\\\.\\PhysicalDrive0" 125831168

# The disk Data Base 
#DDB

ddb.virtualHWVersion = "4"
ddb.adapterType="ide"
ddb.geometry.cylinders="16383"
ddb.geometry.heads="16"
ddb.geometry.sectors="63"
ddb.uuid.image="${UUID}"
ddb.uuid.parent="00000000-0000-0000-0000-000000000000"
ddb.uuid.modification="00000000-0000-0000-0000-000000000000"
ddb.uuid.parentmodification="00000000-0000-0000-0000-000000000000"
`;

/** The forms `VBoxManage createmedium … --variant RawDisk --property Partitions=…` writes. */
const VBOXMANAGE_PARTITIONS = `# Disk DescriptorFile
version=1
CID=a3c5e6f1
parentCID=ffffffff
createType="partitionedDevice"

# Extent description
RW 63 FLAT "rawdisk-pt.vmdk" 0
RW 1985 ZERO 
RDONLY 1024000 FLAT "/dev/sda" 2048
NOACCESS 2048 ZERO 
RW 4096 FLAT "/dev/sda2" 0

# The disk Data Base 
#DDB

ddb.virtualHWVersion = "4"
ddb.adapterType="ide"
ddb.uuid.image="${UUID}"
`;

/** Ranges folded to start below 2^55 − 2^52 and last at most 2^50 sectors. */
function foldedUnder2pow55(plan: Plan): Plan {
  return {
    ...plan,
    vms: plan.vms.map((v) => ({
      ...v,
      ranges: v.ranges.map((r) => ({
        ...r,
        startSector: vmdkSectors(r.startSector % (2n ** 55n - 2n ** 52n)),
        sectors: vmdkSectors(1n + (r.sectors % 2n ** 50n)),
      })),
    })),
  };
}

/** A v4 UUID from the shared generator's random numbers. */
function uuidFrom(rng: Rng): string {
  const hex = (n: number) => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join("");
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${rng.pick(["8", "9", "a", "b"])}${hex(3)}-${hex(12)}`;
}

function read(text: string): ReadDescriptor {
  const result = readDescriptor(text);
  if (!result.ok) throw new Error(`line ${result.error.line}: ${result.error.message}`);
  return result.descriptor;
}

function refusal(text: string | Uint8Array) {
  const result = readDescriptor(text);
  if (result.ok) throw new Error("accepted");
  return result.error;
}

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

describe("readDescriptor: what it refuses", () => {
  const bad = (from: string, to: string) => {
    if (!VIRTUALBOX.includes(from)) throw new Error(`no ${from}`);
    return VIRTUALBOX.replace(from, to);
  };

  it.each<[string, string, number, RegExp]>([
    [
      "a wrong first line",
      bad("# Disk DescriptorFile", "# Disk Descriptor"),
      1,
      /^The first line must be/,
    ],
    ["a missing first line", bad("# Disk DescriptorFile\n", ""), 1, /^The first line must be/],
    ["a BOM", `\uFEFF${VIRTUALBOX}`, 1, /byte-order mark/],
    ["a lone CR", bad("version=1\n", "version=1\r"), 2, /carriage return/],
    ["a NUL", bad("RW 2048", "RW\u00002048"), 8, /NUL/],
    [
      "blanks before = in version",
      bad("version=1", "version =1"),
      2,
      /No blanks may surround "=" in version/,
    ],
    [
      "blanks after = in version",
      bad("version=1", "version= 1"),
      2,
      /No blanks may surround "=" in version/,
    ],
    ["blanks around = in createType", bad("createType=", "createType = "), 5, /in createType/],
    [
      "an unquoted createType",
      bad('"partitionedDevice"', "partitionedDevice"),
      5,
      /createType must be quoted/,
    ],
    ["a quoted version", bad("version=1", 'version="1"'), 2, /bare number/],
    ["version 2", bad("version=1", "version=2"), 2, /only version=1 exists/],
    ["no version", bad("version=1\n", ""), 21, /no "version=1" line/],
    ["no createType", bad('createType="partitionedDevice"\n', ""), 21, /no createType/],
    [
      "CID after parentCID",
      bad("CID=4f1c2a9e\nparentCID=ffffffff", "parentCID=ffffffff\nCID=4f1c2a9e"),
      4,
      /CID must come before parentCID/,
    ],
    ["a non-hex CID", bad("CID=4f1c2a9e", "CID=xyz"), 3, /1 to 8 hex digits/],
    ["version twice", bad("CID=", "version=1\nCID="), 3, /version twice \(first on line 2\)/],
    [
      "an indented header line after the extents",
      bad("\n# The disk", "  version=1\n# The disk"),
      10,
      /after the extents: the order/,
    ],
    [
      "a line of spaces after the extents",
      bad("\n# The disk", "   \n# The disk"),
      10,
      /after the extents/,
    ],
    [
      "a header key after the ddb keys",
      bad('ddb.adapterType="ide"', 'ddb.adapterType="ide"\nfoo=1'),
      16,
      /after the ddb. keys/,
    ],
    [
      "an extent after the ddb keys",
      bad('ddb.adapterType="ide"', 'ddb.adapterType="ide"\nRW 1 ZERO '),
      16,
      /An extent line after the ddb. keys/,
    ],
    [
      "a ddb key before the extents",
      bad("version=1", "ddb.x=1\nversion=1"),
      2,
      /A ddb. key before any extent line/,
    ],
    [
      "an extent before the header",
      bad("version=1", 'RW 1 FLAT "a" 0\nversion=1'),
      2,
      /An extent line before the header keys/,
    ],
    [
      "two spaces after the access",
      bad("RW 2048", "RW  2048"),
      8,
      /Exactly one space must follow the access/,
    ],
    [
      "a tab after the size",
      bad("RW 2048 FLAT", "RW 2048\tFLAT"),
      8,
      /Exactly one space must follow the size/,
    ],
    [
      "two spaces after the type",
      bad('FLAT "Raw', 'FLAT  "Raw'),
      8,
      /Exactly one space must follow the type/,
    ],
    [
      "two spaces before the offset",
      bad('1MiB" 0', '1MiB"  0'),
      8,
      /Exactly one space must follow the file name/,
    ],
    [
      "no space before the offset",
      bad('1MiB" 0', '1MiB"0'),
      8,
      /Exactly one space must follow the file name/,
    ],
    [
      "a trailing space after the offset",
      bad('1MiB" 0', '1MiB" 0 '),
      8,
      /Nothing may follow the offset/,
    ],
    [
      "a trailing tab after the offset",
      bad('1MiB" 0', '1MiB" 0\t'),
      8,
      /Nothing may follow the offset/,
    ],
    [
      "an unquoted name",
      bad('"Raw_Sectors_1MiB" 0', "Raw_Sectors_1MiB 0"),
      8,
      /must be in double quotes/,
    ],
    [
      "an unterminated name",
      bad('"Raw_Sectors_1MiB" 0', '"Raw_Sectors_1MiB 0'),
      8,
      /has no closing quote/,
    ],
    ["an empty name", bad('"Raw_Sectors_1MiB" 0', '"" 0'), 8, /is empty/],
    [
      "a tab in a name",
      bad('"Raw_Sectors_1MiB" 0', '"Raw\tSectors" 0'),
      8,
      /control character U\+0009/,
    ],
    ["an unknown access", bad("RW 2048", "RWX 2048"), 8, /Unknown access "RWX"/],
    ["an unknown type", bad('2048 FLAT "Raw', '2048 FLATX "Raw'), 8, /Unknown extent type "FLATX"/],
    [
      "a SPARSE extent",
      bad('2048 FLAT "Raw', '2048 SPARSE "Raw'),
      8,
      /SPARSE extents are not raw-disk extents/,
    ],
    ["FLAT without offset", bad('1MiB" 0', '1MiB"'), 8, /needs an offset/],
    ["FLAT with a space but no offset", bad('1MiB" 0', '1MiB" '), 8, /needs an offset/],
    [
      "FLAT without a name",
      bad('FLAT "Raw_Sectors_1MiB" 0', "FLAT"),
      8,
      /needs a file name and an offset/,
    ],
    [
      "ZERO with a file",
      bad('RW 2048 FLAT "Raw_Sectors_1MiB" 0', 'RW 2048 ZERO "Raw_Sectors_1MiB"'),
      8,
      /ZERO extent takes no file/,
    ],
    [
      "ZERO with an offset",
      bad('RW 2048 FLAT "Raw_Sectors_1MiB" 0', "RW 2048 ZERO 0"),
      8,
      /ZERO extent takes no file/,
    ],
    ["a hex size", bad("RW 2048", "RW 0x800"), 8, /The size "0x800" is not a decimal number/],
    ["a signed size", bad("RW 2048", "RW +2048"), 8, /not a decimal number/],
    ["a negative offset", bad('1MiB" 0', '1MiB" -1'), 8, /The offset "-1" is not a decimal number/],
    ["an offset of 2^64", bad('1MiB" 0', `1MiB" ${1n << 64n}`), 8, /not a decimal number/],
    ["a size in exponent form", bad("RW 2048", "RW 2e3"), 8, /not a decimal number/],
    [
      "a malformed ddb line",
      bad('ddb.adapterType="ide"', "ddb.adapterType"),
      15,
      /A ddb. line must read/,
    ],
    [
      "an unterminated ddb value",
      bad('ddb.adapterType="ide"', 'ddb.adapterType="ide'),
      15,
      /no closing quote/,
    ],
    [
      "a bad uuid",
      bad(`ddb.uuid.image="${UUID}"`, 'ddb.uuid.image="nope"'),
      19,
      /ddb.uuid.image is not a UUID/,
    ],
    [
      "a non-decimal geometry",
      bad('cylinders="16383"', 'cylinders="0x10"'),
      16,
      /ddb.geometry.cylinders is not a decimal/,
    ],
  ])("%s", (_, text, line, message) => {
    const error = refusal(text);
    expect(error.message).toMatch(message);
    expect(error.line).toBe(line);
  });

  it("refuses a descriptor without ddb. lines", () => {
    const noDdb = VIRTUALBOX.split("\n")
      .filter((l) => !l.startsWith("ddb."))
      .join("\n");
    expect(refusal(noDdb)).toEqual({
      line: 13,
      message:
        "The descriptor has no ddb. line: VirtualBox would insert its UUID keys above version=1 on" +
        " the first read-write open, and never open the file again.",
    });
  });

  it("refuses a descriptor without extents", () => {
    const noExtents = VIRTUALBOX.split("\n")
      .filter((l) => !l.startsWith("RW") && !l.startsWith("ddb."))
      .join("\n");
    expect(refusal(noExtents).message).toBe("The descriptor has no extent line.");
  });

  it("refuses fewer than 50 bytes; at 50 the size is no longer the problem", () => {
    const tiny = VIRTUALBOX.slice(0, 49);
    expect(refusal(tiny)).toEqual({
      line: 1,
      message: "The file has 49 bytes; VirtualBox refuses descriptors under 50 bytes.",
    });
    expect(refusal(VIRTUALBOX.slice(0, 50)).message).toBe('The header has no createType="…" line.');
  });

  it("refuses 1100 lines, accepts 1099", () => {
    const padded = (lines: number) => {
      const base = VIRTUALBOX.split("\n").slice(0, -1);
      const comments = Array.from({ length: lines - base.length }, () => "#");
      return [...base, ...comments].join("\n") + "\n";
    };
    expect(readDescriptor(padded(1099)).ok).toBe(true);
    expect(refusal(padded(1100))).toEqual({
      line: 1100,
      message: "The file has 1100 lines; VirtualBox reads at most 1099.",
    });
  });

  it("refuses files of 128 KiB and more", () => {
    const long = `${VIRTUALBOX}#${"x".repeat(128 * 1024 - VIRTUALBOX.length - 1)}`;
    expect(new TextEncoder().encode(long).length).toBe(128 * 1024);
    expect(refusal(long)).toEqual({
      line: 23,
      message: "The file is larger than the 128 KiB VirtualBox reads.",
    });
    expect(readDescriptor(long.slice(0, -1)).ok).toBe(true);
  });

  it("refuses invalid UTF-8 with its line", () => {
    const bytes = new TextEncoder().encode(VIRTUALBOX);
    const at = VIRTUALBOX.indexOf("Raw_Sectors");
    bytes[at] = 0xff;
    expect(refusal(bytes)).toEqual({ line: 8, message: "The text is not valid UTF-8." });
  });

  it("refuses a BOM given as bytes", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(VIRTUALBOX)]);
    expect(refusal(bytes).message).toMatch(/byte-order mark/);
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
