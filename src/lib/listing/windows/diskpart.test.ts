import { describe, expect, it } from "vitest";
import { parseListing } from "../index.ts";

/** A German diskpart session (shapes from German Windows; numbers our own). */
const GERMAN = [
  "DISKPART> list disk",
  "",
  "  Datenträger ###  Status         Größe    Frei     Dyn  GPT",
  "  ---------------  -------------  -------  -------  ---  ---",
  "  Datenträger 0    Online          931 GB  2048 KB",
  "  Datenträger 1    Online         7452 MB      0 B        *",
  "",
  "DISKPART> sel disk 0",
  "",
  "Datenträger 0 ist jetzt der gewählte Datenträger.",
  "",
  "DISKPART> list part",
  "",
  "  Partition ###  Typ               Größe    Offset",
  "  -------------  ----------------  -------  -------",
  "  Partition 1    Primär              50 GB  1024 KB",
  "  Partition 2    Primär             100 GB    50 GB",
  "  Partition 0    Erweitert          781 GB   150 GB",
  "  Partition 3    Logisch            400 GB   150 GB",
  "  Partition 4    Logisch            380 GB   550 GB",
  "",
  "DISKPART> sel part 2",
  "",
  "Partition 2 ist jetzt die gewählte Partition.",
  "",
  "DISKPART> det part",
  "",
  "Partition 2",
  "Typ      : 07",
  "Versteckt: Nein",
  "Aktiv    : Ja",
  "Offset in Byte: 53688139776",
  "",
  "  Volume ###  Bst  Bezeichnung  DS     Typ         Größe    Status     Info",
  "  ----------  ---  -----------  -----  ----------  -------  ---------  --------",
  "* Volume 1     C   System       NTFS   Partition    100 GB  Fehlerfre",
  "",
].join("\n");

describe("diskpart in German", () => {
  const result = parseListing(GERMAN);

  it("keeps `detail partition`'s exact offset, written `Offset in Byte:`", () => {
    if (!result.ok) throw new Error(result.error);
    expect(result.format).toBe("diskpart");
    const p2 = result.disks[0]?.partitions.find((p) => p.number === 2);
    expect(p2?.startByte).toBe(53688139776n);
    expect(p2?.exact).toBe(false);
  });

  it("flags the extended partition (`Partition 0`, Erweitert) and the logical ones", () => {
    if (!result.ok) throw new Error(result.error);
    const disk = result.disks[0];
    expect(disk?.device).toBe("\\\\.\\PhysicalDrive0");
    expect(disk?.partitions.map((p) => [p.number, p.type, p.flags])).toEqual([
      [1, "Primär", undefined],
      [2, "Primär", undefined],
      [0, "Erweitert", ["extended"]],
      [3, "Logisch", ["logical"]],
      [4, "Logisch", ["logical"]],
    ]);
  });

  it("reads `list disk`, the answers to `select` and the detail lines: no line left unread", () => {
    if (!result.ok) throw new Error(result.error);
    expect(result.notes.filter((n) => n.text.startsWith("Not read"))).toEqual([]);
    // Disk 1 is in `list disk` only: what is on it is unknown, so it is not shown.
    expect(result.disks.map((d) => d.diskNumber)).toEqual([0]);
    expect(
      result.notes.find((n) => n.text.startsWith("Not shown: \\\\.\\PhysicalDrive1:")),
    ).toMatchObject({
      important: true,
    });
  });

  it("takes the drive letter, but not a label `System` for the system volume", () => {
    if (!result.ok) throw new Error(result.error);
    const p2 = result.disks[0]?.partitions.find((p) => p.number === 2);
    expect(p2?.mountPoint).toBe("C:");
    expect(p2?.filesystem).toBe("NTFS");
    expect(p2?.isSystem).toBeUndefined();
  });
});

describe("diskpart's Info column", () => {
  it("marks Boot and System from Info, not from the label", () => {
    const text = [
      "DISKPART> select disk 0",
      "DISKPART> list partition",
      "",
      "  Partition ###  Type              Size     Offset",
      "  -------------  ----------------  -------  -------",
      "  Partition 1    Primary            500 MB  1024 KB",
      "  Partition 2    Primary            237 GB   501 MB",
      "",
      "DISKPART> select partition 1",
      "DISKPART> detail partition",
      "",
      "Partition 1",
      "Type  : 07",
      "Hidden: No",
      "Active: Yes",
      "Offset in Bytes: 1048576",
      "",
      "  Volume ###  Ltr  Label        Fs     Type        Size     Status     Info",
      "  ----------  ---  -----------  -----  ----------  -------  ---------  --------",
      "* Volume 1         Boot Loader  NTFS   Partition    500 MB  Healthy    System",
      "",
    ].join("\n");
    const result = parseListing(text);
    if (!result.ok) throw new Error(result.error);
    const p1 = result.disks[0]?.partitions[0];
    expect([p1?.startByte, p1?.isSystem, p1?.isBoot, p1?.mountPoint]).toEqual([
      1048576n,
      true,
      undefined,
      undefined,
    ]);
  });
});

describe("diskpart in French", () => {
  it("is read as diskpart, not refused as a wmic listing: `N° partition`, sizes as `100 M`", () => {
    const text = [
      "DISKPART> list disk",
      "",
      "  N° disque  Statut         Taille   Libre    Dyn  GPT",
      "  ---------  -------------  -------  -------  ---  ---",
      "  Disque 0    En ligne        476 G octets      0 octets        *",
      "",
      "DISKPART> select disk 0",
      "",
      "Le disque 0 est maintenant le disque sélectionné.",
      "",
      "DISKPART> list partition",
      "",
      "  N° partition   Type              Taille   Décalage",
      "  -------------  ----------------  -------  --------",
      "  Partition 1    Système            100 M   1024 K",
      "  Partition 2    Réservé             16 M    101 M",
      "  Partition 3    Principale         475 G    117 M",
      "",
    ].join("\n");
    const result = parseListing(text);
    if (!result.ok) throw new Error(result.error);
    expect(result.format).toBe("diskpart");
    const disk = result.disks[0];
    expect(disk?.tableType).toBe("gpt");
    expect(disk?.partitions.map((p) => [p.number, p.type, p.startByte, p.exact])).toEqual([
      [1, "Système", null, false],
      [2, "Réservé", null, false],
      [3, "Principale", null, false],
    ]);
    expect(result.notes.filter((n) => n.text.startsWith("Not read"))).toEqual([]);
  });
});

describe("diskpart `detail disk` after `detail partition`", () => {
  const session = (id: string) =>
    [
      "DISKPART> select disk 0",
      "",
      "Disk 0 is now the selected disk.",
      "",
      "DISKPART> list partition",
      "",
      "  Partition ###  Type              Size     Offset",
      "  -------------  ----------------  -------  -------",
      "  Partition 1    System             260 MB  1024 KB",
      "  Partition 2    Primary            475 GB   261 MB",
      "",
      "DISKPART> select partition 1",
      "DISKPART> detail partition",
      "",
      "Partition 1",
      "Type    : c12a7328-f81f-11d2-ba4b-00a0c93ec93b",
      "Hidden  : Yes",
      "Required: No",
      "Attrib  : 0X8000000000000000",
      "Offset in Bytes: 1048576",
      "",
      "  Volume ###  Ltr  Label        Fs     Type        Size     Status     Info",
      "  ----------  ---  -----------  -----  ----------  -------  ---------  --------",
      "* Volume 2                      FAT32  Partition    260 MB  Healthy    System",
      "",
      "DISKPART> detail disk",
      "",
      "KINGSTON SA2000M8500G",
      `Disk ID: ${id}`,
      "Type   : NVMe",
      "Status : Online",
      "Boot Disk  : Yes",
      "Pagefile Disk  : Yes",
      "",
      "  Volume ###  Ltr  Label        Fs     Type        Size     Status     Info",
      "  ----------  ---  -----------  -----  ----------  -------  ---------  --------",
      "  Volume 1     C   Windows      NTFS   Partition    475 GB  Healthy    Boot",
      "* Volume 2                      FAT32  Partition    260 MB  Healthy    System",
      "",
    ].join("\n");

  it("does not give the whole disk's volumes to the partition detailed before", () => {
    const result = parseListing(session("{5B7E2A10-3C4D-4E5F-8A9B-0C1D2E3F4A5B}"));
    if (!result.ok) throw new Error(result.error);
    const p1 = result.disks[0]?.partitions[0];
    expect([p1?.mountPoint, p1?.filesystem, p1?.isSystem, p1?.isBoot]).toEqual([
      undefined,
      "FAT32",
      true,
      undefined,
    ]);
    // `Type   : NVMe` is the disk's bus, not partition 1's type: it stays a note.
    expect(result.notes.map((n) => n.text)).toContain("Not read: Type   : NVMe");
  });

  it("reads the Disk ID (GPT GUID or MBR signature) and Boot Disk into the selected disk", () => {
    const gpt = parseListing(session("{5B7E2A10-3C4D-4E5F-8A9B-0C1D2E3F4A5B}"));
    const mbr = parseListing(session("2C4B9A1F"));
    if (!gpt.ok || !mbr.ok) throw new Error("not read");
    expect([gpt.disks[0]?.identity, gpt.disks[0]?.isBoot]).toEqual([
      { diskGuid: "5B7E2A10-3C4D-4E5F-8A9B-0C1D2E3F4A5B" },
      true,
    ]);
    expect(mbr.disks[0]?.identity).toEqual({ mbrSignature: "2c4b9a1f" });
  });
});

describe("diskpart `list disk`: the Dyn and Gpt columns", () => {
  it("takes only a star under Gpt for GPT, and says when a disk is dynamic", () => {
    const result = parseListing(
      [
        "DISKPART> list disk",
        "",
        "  Disk ###  Status         Size     Free     Dyn  Gpt",
        "  --------  -------------  -------  -------  ---  ---",
        "  Disk 0    Online          476 GB      0 B        *",
        "  Disk 1    Online         1863 GB      0 B   *",
        "  Disk 2    Online         3726 GB  1024 KB   *    *",
        "",
        ...[0, 1, 2].flatMap((n) => [
          `DISKPART> select disk ${n}`,
          `Disk ${n} is now the selected disk.`,
          "DISKPART> list partition",
          "There are no partitions on this disk to show.",
        ]),
      ].join("\n"),
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.disks.map((d) => d.tableType)).toEqual(["gpt", undefined, "gpt"]);
    expect(result.notes.filter((n) => n.text.includes("dynamic disk")).map((n) => n.line)).toEqual([
      6, 7,
    ]);
  });
});

describe("diskpart `list disk` with `list partition` of some disks only", () => {
  const session = (more: string[]) =>
    [
      "DISKPART> list disk",
      "",
      "  Disk ###  Status         Size     Free     Dyn  Gpt",
      "  --------  -------------  -------  -------  ---  ---",
      "  Disk 0    Online          476 GB      0 B        *",
      "  Disk 1    Online          931 GB   931 GB",
      "",
      ...more,
    ].join("\n");

  it("takes out a disk no `list partition` shows: empty would look free", () => {
    const result = parseListing(
      session([
        "DISKPART> select disk 1",
        "Disk 1 is now the selected disk.",
        "DISKPART> list partition",
        "There are no partitions on this disk to show.",
      ]),
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.disks.map((d) => d.device)).toEqual(["\\\\.\\PhysicalDrive1"]);
    expect(result.notes.find((n) => n.important && n.line === 5)?.text).toBe(
      "Not shown: \\\\.\\PhysicalDrive0: `list disk` names it, but no `list partition` of it is in the paste, so what is on it is unknown. Paste `select disk 0` and `list partition` for it too.",
    );
  });

  it("refuses `list disk` alone, naming each disk", () => {
    const result = parseListing(session([]));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(
      /^Line 5: \\\\\.\\PhysicalDrive0: `list disk` names it, but no `list partition`/,
    );
    expect(result.error).toContain("Paste `select disk 1` and `list partition` for it too.");
  });
});

describe("diskpart `list partition` pasted without `select disk`", () => {
  it("says the disk is not named, at the first row", () => {
    const result = parseListing(
      [
        "  Partition ###  Type              Size     Offset",
        "  -------------  ----------------  -------  -------",
        "  Partition 1    System             100 MB  1024 KB",
        "  Partition 2    Primary            465 GB   101 MB",
      ].join("\n"),
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.disks.map((d) => d.device)).toEqual([null]);
    expect(result.notes).toContainEqual({
      line: 3,
      text: expect.stringContaining("does not say which disk") as unknown as string,
    });
  });
});

describe("diskpart `list volume` alone", () => {
  it("is not taken for a disk without partitions", () => {
    const result = parseListing(
      [
        "DISKPART> list volume",
        "",
        "  Volume ###  Ltr  Label        Fs     Type        Size     Status     Info",
        "  ----------  ---  -----------  -----  ----------  -------  ---------  --------",
        "  Volume 1     C   Windows      NTFS   Partition    475 GB  Healthy    Boot",
        "  Volume 2         System Rese  NTFS   Partition    500 MB  Healthy    System",
      ].join("\n"),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain("This looks like diskpart");
  });
});

describe("diskpart copied with every line break doubled", () => {
  it("still reads the rows under their title", () => {
    const lines = [
      "DISKPART> select disk 1",
      "Disk 1 is now the selected disk.",
      "DISKPART> list partition",
      "  Partition ###  Type              Size     Offset",
      "  -------------  ----------------  -------  -------",
      "  Partition 1    Primary            100 GB  1024 KB",
      "  Partition 2    Primary            365 GB   100 GB",
    ];
    const result = parseListing(lines.join("\n\n"));
    if (!result.ok) throw new Error(result.error);
    expect(result.disks[0]?.partitions.map((p) => p.number)).toEqual([1, 2]);
    expect(result.notes.filter((n) => n.text.startsWith("Not read"))).toEqual([]);
  });
});

describe("two `detail partition` outputs pasted without their prompts", () => {
  it("reads the second one's offset after the first one's volume table", () => {
    const detail = (n: number, offset: number, ltr: string) => [
      `Partition ${n}`,
      "Type    : ebd0a0a2-b9e5-4433-87c0-68b6b72699c7",
      "Hidden  : No",
      "Required: No",
      "Attrib  : 0000000000000000",
      `Offset in Bytes: ${offset}`,
      "",
      "  Volume ###  Ltr  Label        Fs     Type        Size     Status     Info",
      "  ----------  ---  -----------  -----  ----------  -------  ---------  --------",
      `* Volume ${n}     ${ltr}   Data${n}        NTFS   Partition    100 GB  Healthy`,
      "",
    ];
    const result = parseListing(
      [...detail(2, 16777216, "D"), ...detail(3, 107390828544, "E")].join("\n"),
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.disks[0]?.partitions.map((p) => [p.number, p.startByte, p.mountPoint])).toEqual([
      [2, 16777216n, "D:"],
      [3, 107390828544n, "E:"],
    ]);
  });
});
