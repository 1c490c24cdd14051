import { describe, expect, it } from "vitest";
import { parseListing } from "../index.ts";

const parse = (text: string) => {
  const result = parseListing(text);
  if (!result.ok) throw new Error(result.error);
  expect(result.format).toBe("sfdisk-dump");
  return result;
};

// util-linux 2.25 and older: a `# partition table of` comment, no `label:` line, `Id=` types
// padded with a space; our own numbers.
describe("old sfdisk -d dumps", () => {
  const sda = `# partition table of /dev/sda
unit: sectors

/dev/sda1 : start=     2048, size=   997376, Id=83, bootable
/dev/sda2 : start=   999424, size= 40943616, Id= 5
/dev/sda3 : start=        0, size=        0, Id= 0
/dev/sda4 : start=        0, size=        0, Id= 0
/dev/sda5 : start=  1001472, size= 40941568, Id=8e
`;
  const sdb = `# partition table of /dev/sdb
unit: sectors

/dev/sdb1 : start=       63, size=  3906961, Id= 7
/dev/sdb2 : start=        0, size=        0, Id= 0
/dev/sdb3 : start=        0, size=        0, Id= 0
/dev/sdb4 : start=        0, size=        0, Id= 0
`;

  it("name their disk, are MBR, and keep each Id (an extended one flagged)", () => {
    const disk = parse(sda).disks[0];
    expect(disk).toMatchObject({ device: "/dev/sda", tableType: "dos", sectorSizeUnknown: true });
    expect(
      disk?.partitions.map((p) => [p.label, p.startSector, p.sizeSectors, p.type, p.flags]),
    ).toEqual([
      ["/dev/sda1", 2048n, 997376n, "83", ["boot"]],
      ["/dev/sda2", 999424n, 40943616n, "5", ["extended"]],
      ["/dev/sda5", 1001472n, 40941568n, "8e", undefined],
    ]);
  });

  it("pasted one after another, stay two disks", () => {
    const result = parse(sda + sdb);
    expect(result.disks.map((d) => [d.device, d.partitions.map((p) => p.label)])).toEqual([
      ["/dev/sda", ["/dev/sda1", "/dev/sda2", "/dev/sda5"]],
      ["/dev/sdb", ["/dev/sdb1"]],
    ]);
  });
});
