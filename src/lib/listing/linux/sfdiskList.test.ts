import { describe, expect, it } from "vitest";
import { parseListing } from "../index.ts";

const parse = (text: string) => {
  const result = parseListing(text);
  if (!result.ok) throw new Error(result.error);
  expect(result.format).toBe("sfdisk-list");
  return result;
};
const rows = (text: string) =>
  parse(text).disks.map((d) => [
    d.device,
    d.tableType,
    d.partitions.map((p) => [p.label, p.startByte, p.sizeBytes, p.exact, p.type, p.flags]),
  ]);

// Shapes of util-linux 2.25 and older sfdisk -l (its sfdisk.c), with numbers of our own.
describe("old sfdisk -l (util-linux 2.25 and older)", () => {
  it("cylinders (the default): sizes exact from #blocks, starts exact only without a + mark", () => {
    const text = `
Disk /dev/sda: 9729 cylinders, 255 heads, 63 sectors/track
Units = cylinders of 8225280 bytes, blocks of 1024 bytes, counting from 0

   Device Boot Start     End   #cyls    #blocks   Id  System
/dev/sda1   *      0+     12-     13-    104391   83  Linux
/dev/sda2         13    9728    9716   78043770   8e  Linux LVM
/dev/sda3          0       -       0          0    0  Empty
/dev/sda4          0       -       0          0    0  Empty`;
    expect(rows(text)).toEqual([
      [
        "/dev/sda",
        "dos",
        [
          ["/dev/sda1", null, 104391n * 1024n, false, "83 Linux", ["primary", "boot"]],
          ["/dev/sda2", 13n * 16065n * 512n, 78043770n * 1024n, true, "8e Linux LVM", ["primary"]],
        ],
      ],
    ]);
    const notes = parse(text).notes.map((n) => n.text);
    expect(notes.some((n) => n.includes("sfdisk -l -uS"))).toBe(true);
    expect(notes.filter((n) => n.includes("empty slot"))).toHaveLength(2);
    expect(parse(text).disks[0]?.sizeBytes).toBeNull();
  });

  it("sectors (-uS): every number exact, an extended partition and a logical one", () => {
    const text = `Disk /dev/sdb: 60801 cylinders, 255 heads, 63 sectors/track
Units = sectors of 512 bytes, counting from 0

   Device Boot    Start       End   #sectors  Id  System
/dev/sdb1   *        63    208844     208782  83  Linux
/dev/sdb2        208845 976768064  976559220   5  Extended
/dev/sdb3             0         -          0   0  Empty
/dev/sdb4             0         -          0   0  Empty
/dev/sdb5        208908 976768064  976559157  8e  Linux LVM`;
    expect(rows(text)[0]?.[2]).toEqual([
      ["/dev/sdb1", 63n * 512n, 208782n * 512n, true, "83 Linux", ["primary", "boot"]],
      ["/dev/sdb2", 208845n * 512n, 976559220n * 512n, true, "5 Extended", ["extended"]],
      ["/dev/sdb5", 208908n * 512n, 976559157n * 512n, true, "8e Linux LVM", ["logical"]],
    ]);
  });

  it("MiB (-uM) and counting from 1 (-1): unmarked starts are exact", () => {
    const text = `Disk /dev/sdc: 1958 cylinders, 255 heads, 63 sectors/track
Units = mebibytes of 1048576 bytes, blocks of 1024 bytes, counting from 1

   Device Boot Start   End    MiB    #blocks   Id  System
/dev/sdc1   *     2    513    512     524288   83  Linux
/dev/sdc2       514  15360  14847   15203328   8e  Linux LVM`;
    expect(rows(text)[0]?.[2]).toEqual([
      ["/dev/sdc1", 1n << 20n, 512n << 20n, true, "83 Linux", ["primary", "boot"]],
      ["/dev/sdc2", 513n << 20n, 15203328n * 1024n, true, "8e Linux LVM", ["primary"]],
    ]);
  });

  it("1 KiB blocks (-uB): a + start is one 512-byte sector more", () => {
    const text = `Units = blocks of 1024 bytes, counting from 0

   Device Boot   Start       End    #blocks   Id  System
/dev/sdd1   *       31+   104422     104391+  83  Linux`;
    expect(rows(text)).toEqual([
      [
        "/dev/sdd",
        "dos",
        [["/dev/sdd1", 63n * 512n, 208783n * 512n, true, "83 Linux", ["primary", "boot"]]],
      ],
    ]);
  });

  it("an End that does not fit Start and size is noted, and the row not exact", () => {
    const text = `Units = sectors of 512 bytes, counting from 0

   Device Boot    Start       End   #sectors  Id  System
/dev/sde1          2048    999999     204800  83  Linux`;
    const result = parse(text);
    expect(result.disks[0]?.partitions[0]?.exact).toBe(false);
    expect(result.notes.some((n) => n.text.includes("listing says 999999"))).toBe(true);
  });

  it("several disks: a GPT disk's protective entry, a disk without a table", () => {
    const text = `
WARNING: GPT (GUID Partition Table) detected on '/dev/sda'! The util sfdisk doesn't support GPT. Use GNU Parted.


Disk /dev/sda: 243201 cylinders, 255 heads, 63 sectors/track
Units = cylinders of 8225280 bytes, blocks of 1024 bytes, counting from 0

   Device Boot Start     End   #cyls    #blocks   Id  System
/dev/sda1          0+ 243201- 243202- 1953514583+  ee  GPT
/dev/sda2          0       -       0          0    0  Empty

Disk /dev/sdb: 1044 cylinders, 255 heads, 63 sectors/track

sfdisk: ERROR: sector 0 does not have an msdos signature
 /dev/sdb: unrecognized partition table type
No partitions found

Disk /dev/sdc: 522 cylinders, 255 heads, 63 sectors/track
Units = sectors of 512 bytes, counting from 0

   Device Boot    Start       End   #sectors  Id  System
/dev/sdc1          2048   8386559    8384512  83  Linux`;
    const result = parse(text);
    // The GPT disk's partitions are not listed: it is not shown, never shown as free.
    expect(rows(text)).toEqual([
      ["/dev/sdb", null, []],
      [
        "/dev/sdc",
        "dos",
        [["/dev/sdc1", 2048n * 512n, 8384512n * 512n, true, "83 Linux", ["primary"]]],
      ],
    ]);
    const note = result.notes.find((n) => n.line === 9);
    expect(note?.important).toBe(true);
    expect(note?.text).toBe(
      "Not shown: /dev/sda is a GPT disk, but this tool listed only its protective MBR entry (type ee), none of its partitions: every sector would look free. Run `sudo parted /dev/sda unit s print` and paste that instead.",
    );
    expect(result.notes.some((n) => n.text.includes("No partitions found"))).toBe(true);
  });

  it("German (Festplatte, Einheit = … Zählung beginnt bei 0, Gerät boot. Anfang Ende #Zyl. #Blöcke)", () => {
    const text = `
Festplatte /dev/sda: 9729 Zylinder, 255 Köpfe, 63 Sektoren/Spur
Warnung: erweiterte Partition beginnt nicht an einer Zylindergrenze
DOS und Linux werden den Inhalt unterschiedlich interpretieren.
Einheit = Zylinder von 8225280 Bytes, Blöcke von 1024 Bytes, Zählung beginnt bei 0

   Gerät  boot. Anfang   Ende  #Zyl.    #Blöcke   Id  System
/dev/sda1   *      0+   1305    1306-  10490413+  83  Linux
/dev/sda2       1306    9728    8423   67657747+   5  Erweiterte
/dev/sda3          0       -       0          0    0  Leer
/dev/sda4          0       -       0          0    0  Leer
/dev/sda5       1306+   9728    8423-  67657716   83  Linux`;
    expect(rows(text)[0]?.[2]).toEqual([
      ["/dev/sda1", null, 10490413n * 1024n + 512n, false, "83 Linux", ["primary", "boot"]],
      [
        "/dev/sda2",
        1306n * 16065n * 512n,
        67657747n * 1024n + 512n,
        true,
        "5 Erweiterte",
        ["extended"],
      ],
      ["/dev/sda5", null, 67657716n * 1024n, false, "83 Linux", ["logical"]],
    ]);
  });
});
