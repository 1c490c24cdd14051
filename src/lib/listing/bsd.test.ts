import { describe, expect, it } from "vitest";
import { parseListing } from "./index.ts";

const read = (text: string) => {
  const result = parseListing(text);
  if (!result.ok) throw new Error(result.error);
  expect(result.format).toBe("gpart-show");
  return result;
};
const notes = (text: string) =>
  read(text)
    .notes.map((n) => n.text)
    .join(" ");
const rows = (text: string) =>
  read(text).disks.map((d) => ({
    device: d.device,
    sectorSize: d.logicalSectorSize,
    parts: d.partitions.map((p) => [p.label, p.startByte, p.sizeBytes, p.exact]),
  }));

describe("gpart show: the sector size from the rounded sizes", () => {
  it("reads each disk with the one size its rows fit: 512 and 4096 in one paste", () => {
    const two = [
      "=>      40  62521264  da0  GPT  (30G)",
      "        40    409600    1  efi  (200M)",
      "    409640  62111664       - free -  (30G)",
      "",
      "=>       6  62514763  nvd0  GPT  (238G)",
      "         6     65536     1  efi  (256M)",
      "     65542  62449227     2  freebsd-zfs  (238G)",
    ].join("\n");
    expect(rows(two)).toEqual([
      {
        device: "/dev/da0",
        sectorSize: 512,
        parts: [["/dev/da0p1", 20480n, 209715200n, true]],
      },
      {
        device: "/dev/nvd0",
        sectorSize: 4096,
        parts: [
          ["/dev/nvd0p1", 24576n, 268435456n, true],
          ["/dev/nvd0p2", 268460032n, 255792033792n, true],
        ],
      },
    ]);
    // A deduced sector size is shown in view (ListingNote.important), one note per disk.
    const deduced = read(two).notes.filter((n) => n.important);
    expect(deduced.map((n) => n.line)).toEqual([1, 5]);
    expect(deduced[1]?.text).toContain("fits 4096-byte sectors and no other size");
  });

  it("asks when the rounded sizes fit more than one size", () => {
    // 2048 sectors shown as "1M" without a decimal: 512 (1 MiB) and 1024 (2 MiB) both fit.
    const text = ["=>  34  4062  md0  GPT  (2.0M)", "    34  2048    1  efi  (1M)"].join("\n");
    const result = read(text);
    expect(result.disks[0]).toMatchObject({ logicalSectorSize: null, sectorSizeUnknown: true });
    expect(result.disks[0]?.partitions[0]).toMatchObject({
      startSector: 34n,
      sizeSectors: 2048n,
      exact: false,
    });
    expect(notes(text)).toContain("say 512 or 4096 (`gpart list md0` gives Sectorsize");
    // Nothing was assumed: the page asks for the size instead.
    expect(read(text).notes.some((n) => n.important)).toBe(false);
  });
});

describe("gpart show: rows", () => {
  it("names partitions by scheme, reads [active] as boot, and keeps every line", () => {
    const mbr = [
      "=>       63  625142385  ada0  MBR  (298G)",
      "         63  104857600     1  ntfs  [active]  (50G)",
      "  104857663  520284785     2  freebsd  (248G)",
    ].join("\n");
    const result = read(mbr);
    expect(result.disks[0]?.tableType).toBe("dos");
    expect(result.disks[0]?.partitions.map((p) => [p.label, p.type, p.flags ?? null])).toEqual([
      ["/dev/ada0s1", "ntfs", ["boot"]],
      ["/dev/ada0s2", "freebsd", null],
    ]);
    expect(result.notes).toHaveLength(1);
  });

  it("-p and -l: provider names as labels, GPT labels as names, (null) as no name", () => {
    const text = [
      "# gpart show -p -l nvd0",
      "=>       6  62514763    nvd0  GPT  (238G)",
      "         6     65536  nvd0p1  efiboot0  (256M)",
      "     65542  62449227  nvd0p2  (null)  [bootme]  (238G)",
    ].join("\n");
    expect(
      read(text).disks[0]?.partitions.map((p) => [
        p.number,
        p.label,
        p.name ?? null,
        p.type ?? null,
        p.flags ?? null,
      ]),
    ).toEqual([
      [1, "/dev/nvd0p1", "efiboot0", null, null],
      [2, "/dev/nvd0p2", null, null, ["bootme"]],
    ]);
  });

  it("a BSD label inside a slice is a note, not partitions of the disk", () => {
    const text = [
      "=>       63  625142385  ada0  MBR  (298G)",
      "  104857663  520284785     2  freebsd  (248G)",
      "",
      "=>        0  520284785  ada0s2  BSD  (248G)",
      "          0    8388608       1  freebsd-ufs  (4.0G)",
    ].join("\n");
    const result = read(text);
    expect(result.disks.map((d) => d.device)).toEqual(["/dev/ada0"]);
    expect(result.disks[0]?.partitions.map((p) => p.label)).toEqual(["/dev/ada0s2"]);
    expect(notes(text)).toContain("ada0s2 (BSD) is a table inside a partition, not a disk");
  });

  it("refuses a paste of nested tables only, naming the command for the disk", () => {
    const result = parseListing(
      ["=>        0  520284785  ada0s2  BSD  (248G)", "  0  8388608  1  freebsd-ufs  (4.0G)"].join(
        "\n",
      ),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain("`gpart show ada0`");
  });

  it("says when gpart marks a table CORRUPT", () => {
    const text = [
      "=>  40  62521264  da0  GPT  (30G) [CORRUPT]",
      "  40  409600  1  efi  (200M)",
    ].join("\n");
    expect(notes(text)).toContain("CORRUPT");
  });
});

describe("gpart list: exact bytes, sector size and disk size", () => {
  const provider = (n: number, name: string, start: number, count: number, extra: string[]) => [
    `${n}. Name: ${name}`,
    `   Mediasize: ${count * 512} (x)`,
    "   Sectorsize: 512",
    "   Mode: r0w0e0",
    ...extra.map((e) => `   ${e}`),
    `   length: ${count * 512}`,
    `   offset: ${start * 512}`,
    `   index: ${n}`,
    `   end: ${start + count - 1}`,
    `   start: ${start}`,
  ];
  const consumer = (name: string, bytes: string) => [
    "Consumers:",
    `1. Name: ${name}`,
    `   Mediasize: ${bytes} (298G)`,
    "   Sectorsize: 512",
    "   Mode: r1w1e2",
  ];
  const mbr = [
    "Geom name: ada0",
    "modified: false",
    "state: OK",
    "last: 625142447",
    "first: 63",
    "entries: 4",
    "scheme: MBR",
    "Providers:",
    ...provider(1, "ada0s1", 63, 104857600, ["rawtype: 7", "type: ntfs", "attrib: active"]),
    ...provider(2, "ada0s2", 104857663, 520284785, ["rawtype: 165", "type: freebsd"]),
    ...consumer("ada0", "320072933376"),
    "",
    "Geom name: ada0s2",
    "scheme: BSD",
    "Providers:",
    ...provider(1, "ada0s2a", 0, 8388608, ["type: freebsd-ufs"]),
    "Consumers:",
    "1. Name: ada0s2",
    "   Mediasize: 266385809920 (248G)",
    "   Sectorsize: 512",
  ].join("\n");

  it("reads an MBR disk, its active flag, and leaves the BSD label in its slice as a note", () => {
    const result = parseListing(mbr);
    if (!result.ok) throw new Error(result.error);
    expect(result.format).toBe("gpart-list");
    expect(result.disks).toHaveLength(1);
    expect(result.disks[0]).toMatchObject({
      device: "/dev/ada0",
      logicalSectorSize: 512,
      sizeBytes: 320072933376n,
      tableType: "dos",
    });
    expect(
      result.disks[0]?.partitions.map((p) => [
        p.label,
        p.startByte,
        p.sizeBytes,
        p.exact,
        p.type,
        p.flags ?? null,
      ]),
    ).toEqual([
      ["/dev/ada0s1", 32256n, 53687091200n, true, "ntfs", ["boot"]],
      ["/dev/ada0s2", 53687123456n, 266385809920n, true, "freebsd", null],
    ]);
    expect(result.notes.map((n) => n.text)).toEqual([
      expect.stringContaining("ada0s2 (BSD) is a table inside a partition, not a disk"),
    ]);
  });

  it("refuses the nested table alone, naming the command for the disk", () => {
    const nested = mbr.slice(mbr.indexOf("Geom name: ada0s2"));
    const result = parseListing(nested);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain("This gpart list lists only tables inside partitions");
      expect(result.error).toContain("whose offsets do not count");
      expect(result.error).toContain("`gpart list ada0`");
    }
  });

  it("trusts neither when the bytes and the sectors disagree", () => {
    const broken = mbr.replace("offset: 32256", "offset: 32768");
    const result = parseListing(broken);
    if (!result.ok) throw new Error(result.error);
    expect(result.disks[0]?.partitions[0]).toMatchObject({ startByte: null, exact: false });
    expect(result.notes.map((n) => n.text).join(" ")).toContain("do not match start 63");
  });
});

describe("gpart show and gpart list pasted together", () => {
  it("reads gpart list's exact numbers and says the gpart show lines are not needed", () => {
    const text = [
      "# gpart show da0",
      "=>      40  62521264  da0  GPT  (30G)",
      "        40    409600    1  efi  (200M)",
      "    409640  62111664       - free -  (30G)",
      "",
      "# gpart list da0",
      "Geom name: da0",
      "scheme: GPT",
      "Providers:",
      "1. Name: da0p1",
      "   Mediasize: 209715200 (200M)",
      "   Sectorsize: 512",
      "   length: 209715200",
      "   offset: 20480",
      "   type: efi",
      "   index: 1",
      "   end: 409639",
      "   start: 40",
      "Consumers:",
      "1. Name: da0",
      "   Mediasize: 32010928128 (30G)",
      "   Sectorsize: 512",
    ].join("\n");
    const result = parseListing(text);
    if (!result.ok) throw new Error(result.error);
    expect(result.format).toBe("gpart-list");
    expect(result.disks[0]?.partitions.map((p) => [p.startByte, p.sizeBytes, p.exact])).toEqual([
      [20480n, 209715200n, true],
    ]);
    expect(result.notes.map((n) => n.text)).toEqual([
      expect.stringContaining("The gpart show lines are not needed"),
    ]);
  });
});

describe("gpart types without an alias, and -r", () => {
  it("gives MBR ids in hex and GPT GUIDs without the !", () => {
    const text = [
      "# gpart show -r",
      "=>       63  625142385  ada0  MBR  (298G)",
      "         63   20971520     1  39  (10G)",
      "   20971583  604170865     2  12  [active]  (288G)",
      "",
      "=>      40  62521264  da0  GPT  (30G)",
      "        40    409600    1  !0fc63daf-8483-4772-8e79-3d69d8477de4  (200M)",
    ].join("\n");
    const result = parseListing(text);
    if (!result.ok) throw new Error(result.error);
    expect(result.disks.map((d) => d.partitions.map((p) => p.type))).toEqual([
      ["27", "0C"],
      ["0fc63daf-8483-4772-8e79-3d69d8477de4"],
    ]);
  });
});
