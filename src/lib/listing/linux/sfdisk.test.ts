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

describe("sfdisk -d partition lines pasted alone", () => {
  it("are read in sectors, each disk named after its lines, with an important note", () => {
    const result = parse(
      [
        "/dev/sda1 : start=        2048, size=     1024000, type=7, bootable",
        "/dev/sda2 : start=     1026048, size=   975745024, type=7",
        '/dev/nvme0n1p1 : start=2048, size=1048576, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name="EFI"',
      ].join("\n"),
    );
    expect(
      result.disks.map((d) => [
        d.device,
        d.tableType,
        d.sectorSizeUnknown,
        d.partitions.map((p) => [p.startSector, p.sizeSectors, p.exact]),
      ]),
    ).toEqual([
      [
        "/dev/sda",
        "dos",
        true,
        [
          [2048n, 1024000n, false],
          [1026048n, 975745024n, false],
        ],
      ],
      ["/dev/nvme0n1", "gpt", true, [[2048n, 1048576n, false]]],
    ]);
    const important = result.notes.filter((n) => n.important);
    expect(important.map((n) => n.line)).toEqual([1, 3]);
    expect(important[0]?.text).toMatch(
      /^\/dev\/sda: only sfdisk -d's partition lines were pasted .* Any line left out of the paste is a partition that looks like free space/,
    );
    // Whole, to the command it asks for: not cut to a note's length.
    expect(important[0]?.text).toMatch(/paste all of `sudo sfdisk -d \/dev\/sdX`\.$/);
  });

  it("are not taken alone when a line does not name a /dev/ device", () => {
    expect(parseListing("disk.img1 : start=2048, size=1024000, type=83").ok).toBe(false);
  });
});
