import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseListing } from "../index.ts";
import { FIXTURES_ROOT } from "../toolFixtures.testkit.ts";

const parse = (text: string) => {
  const result = parseListing(text);
  if (!result.ok) throw new Error(result.error);
  expect(result.format).toBe("gdisk");
  return result;
};

describe("gdisk on a disk without a GPT", () => {
  // gdisk 1.0.9 on an image with an MBR only: two primary partitions (0x07, 0x83).
  const mbrOnly = `GPT fdisk (gdisk) version 1.0.9

Partition table scan:
  MBR: MBR only
  BSD: not present
  APM: not present
  GPT: not present


***************************************************************
Found invalid GPT and valid MBR; converting MBR to GPT format
in memory. 
***************************************************************

Disk /dev/sdc: 409600 sectors, 200.0 MiB
Sector size (logical): 512 bytes
Disk identifier (GUID): 3A0D5E71-2B4C-4F6A-9E8D-7C1B2A3F4E5D
Partition table holds up to 128 entries
Main partition table begins at sector 2 and ends at sector 33
First usable sector is 34, last usable sector is 409566
Partitions will be aligned on 2048-sector boundaries
Total free space is 286719 sectors (140.0 MiB)

Number  Start (sector)    End (sector)  Size       Code  Name
   1            2048           81919   39.0 MiB    0700  Microsoft basic data
   2           83968          124927   20.0 MiB    8300  Linux filesystem`;

  it("reads the MBR partitions gdisk converted in memory as a dos disk, without its made-up GUID", () => {
    const result = parse(mbrOnly);
    const disk = result.disks[0];
    expect(disk).toMatchObject({ device: "/dev/sdc", tableType: "dos", sizeBytes: 409600n * 512n });
    expect(disk?.identity?.diskGuid).toBeUndefined();
    expect(disk?.partitions.map((p) => [p.number, p.startByte, p.sizeBytes, p.exact])).toEqual([
      [1, 2048n * 512n, 79872n * 512n, true],
      [2, 83968n * 512n, 40960n * 512n, true],
    ]);
    expect(result.notes.map((n) => n.line)).toEqual([15]);
    const note = result.notes.find((n) => n.text.includes("MBR (dos)"));
    expect(note?.text).toContain("extended partition is not listed");
    expect(note?.text).toContain("sudo fdisk -l /dev/sdc");
  });

  it("with logical partitions it is refused: their extended partition and boot records are missing", () => {
    const logical = mbrOnly.replace(/^ {3}2( +83968)/m, "   5$1");
    const result = parseListing(logical);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.error).toMatch(
      /logical partitions.*would look free.*sudo fdisk -l \/dev\/sdc/,
    );
  });

  it("sgdisk -p prints only the banner, and is read the same way", () => {
    const sgdisk = mbrOnly.slice(mbrOnly.indexOf("\n***"));
    expect(parse(sgdisk).disks[0]?.tableType).toBe("dos");
  });

  it("gdisk 0.8's banner (`will convert MBR to GPT format`) says the same", () => {
    const old = mbrOnly
      .replace(/Partition table scan:[\s\S]*?GPT: not present\n/, "")
      .replace("converting MBR to GPT format", "will convert MBR to GPT format");
    expect(parse(old).disks[0]?.tableType).toBe("dos");
  });

  it("a disk with no table at all: no table type, no GUID, no partitions", () => {
    const blank = `Partition table scan:
  MBR: not present
  BSD: not present
  APM: not present
  GPT: not present

Creating new GPT entries in memory.
Disk /dev/sdd: 20480 sectors, 10.0 MiB
Sector size (logical): 512 bytes
Disk identifier (GUID): 6B1C2D3E-4F50-4A61-8B72-93A4B5C6D7E8
Partition table holds up to 128 entries

Number  Start (sector)    End (sector)  Size       Code  Name
`;
    const result = parse(blank);
    expect(result.disks[0]).toMatchObject({ device: "/dev/sdd", tableType: null, partitions: [] });
    expect(result.disks[0]?.identity?.diskGuid).toBeUndefined();
    expect(result.notes.some((n) => n.text.includes("no partition table"))).toBe(true);
  });

  it("a real GPT keeps its type and GUID", () => {
    const gpt = mbrOnly
      .replace("MBR: MBR only", "MBR: protective")
      .replace("GPT: not present", "GPT: present")
      .replace(
        /\n\*+\nFound invalid[\s\S]*?\*+\n/,
        "\nFound valid GPT with protective MBR; using GPT.\n",
      );
    const disk = parse(gpt).disks[0];
    expect(disk?.tableType).toBe("gpt");
    expect(disk?.identity?.diskGuid).toBe("3A0D5E71-2B4C-4F6A-9E8D-7C1B2A3F4E5D");
  });
});

describe("gdisk's informational lines", () => {
  it("are known, so a real note is not buried among eight 'Not read' ones", () => {
    const text = readFileSync(join(FIXTURES_ROOT, "gdisk", "gpt-gdisk.txt"), "utf8");
    expect(parse(text).notes).toEqual([]);
  });

  it("a line it does not know is still a note", () => {
    const text = readFileSync(join(FIXTURES_ROOT, "gdisk", "gpt-gdisk.txt"), "utf8");
    const warned = text.replace(
      "Partition table scan:",
      "Warning! Main partition table overlaps the first partition by 34 blocks!\nPartition table scan:",
    );
    expect(parse(warned).notes.map((n) => n.text)).toEqual([
      "Not read: Warning! Main partition table overlaps the first partition by 34 blocks!",
    ]);
  });
});
