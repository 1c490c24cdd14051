import { describe, expect, it } from "vitest";
import { parseFdisk } from "./index.ts";
import { parseListing } from "../../index.ts";
import { splitLines } from "../../decode.ts";
import { fixtures, okResult, partitionNumber, numbersOf, modernListing } from "./fdisk.testkit.ts";

describe("fdisk fixtures made by the real tools", () => {
  it("has the cases the brief asks for", () => {
    const names = fixtures.map((f) => f.name);
    expect(names.length).toBeGreaterThanOrEqual(15);
    expect(fixtures.some((f) => f.cylinderUnits)).toBe(true);
    expect(fixtures.some((f) => f.sfdisk.length > 1)).toBe(true);
    expect(fixtures.some((f) => f.sfdisk.some((t) => t?.partitiontable.sectorsize === 4096))).toBe(
      true,
    );
  });

  describe.each(fixtures)("$name", (fixture) => {
    const result = okResult(parseListing(fixture.listing));

    it("is read as fdisk, one disk per disk listed, each of the exact byte size", () => {
      expect(result.format).toBe("fdisk");
      expect(result.disks).toHaveLength(fixture.sfdisk.length);
      expect(result.disks.map((d) => d.sizeBytes)).toEqual(fixture.bytes);
    });

    it("gives the partitions sfdisk --json gives, in bytes", () => {
      fixture.sfdisk.forEach((table, i) => {
        const disk = result.disks[i];
        expect(disk).toBeDefined();
        if (!disk) return;
        if (table === null) {
          expect(disk.partitions).toEqual([]);
          return;
        }
        const { sectorsize, label } = table.partitiontable;
        const expected = table.partitiontable.partitions ?? [];
        expect(disk.logicalSectorSize).toBe(sectorsize);
        expect(disk.tableType).toBe(label);
        expect(disk.partitions.map((p) => p.number)).toEqual(
          expected.map((p) => partitionNumber(p.node)),
        );
        expected.forEach((want, j) => {
          const got = disk.partitions[j];
          expect(got).toBeDefined();
          if (!got) return;
          const start = BigInt(want.start) * BigInt(sectorsize);
          const size = BigInt(want.size) * BigInt(sectorsize);
          if (fixture.cylinderUnits) {
            expect(got.exact).toBe(false);
            expect(got.startByte).toBeNull();
            // Only a size that is exact may be given (old Blocks column); never a rounded one.
            if (got.sizeBytes !== null) expect(got.sizeBytes).toBe(size);
          } else {
            expect({ start: got.startByte, size: got.sizeBytes, exact: got.exact }).toEqual({
              start,
              size,
              exact: true,
            });
          }
          if (label === "dos") {
            expect(got.type?.split(" ")[0]).toBe(want.type);
            expect(got.flags?.includes("boot") ?? false).toBe(want.bootable === true);
            const kind = ["5", "f", "85"].includes(want.type)
              ? "extended"
              : partitionNumber(want.node) >= 5
                ? "logical"
                : "primary";
            expect(got.flags?.[0]).toBe(kind);
          } else {
            expect(got.type).toBeTruthy();
            expect(got.flags).toBeUndefined();
          }
        });
      });
    });

    it("keeps every line it does not use as a note", () => {
      const lines = splitLines(new TextDecoder().decode(fixture.listing));
      for (const n of result.notes) {
        expect(n.line).toBeGreaterThanOrEqual(1);
        expect(n.line).toBeLessThanOrEqual(lines.length);
      }
      lines.forEach((line, i) => {
        if (
          /^(Disk identifier|Festplattenbezeichner|Identifiant de disque|Identificador del disco|Identificador do disco|Идентификатор диска|Identyfikator dysku|Ідентифікатор диска|Schijf-ID|磁盘标识符|Identifikátor disku|ディスク識別子|Partition \d|Partition table entries|Welcome|Command \(m for help\):\s*\w?$)/.test(
            line.trim(),
          )
        ) {
          expect(result.notes.map((n) => n.line)).toContain(i + 1);
        }
      });
    });
  });

  it("no partition of a cylinder-unit listing is marked exact", () => {
    const cylinderFixtures = fixtures.filter((f) => f.cylinderUnits);
    expect(cylinderFixtures.map((f) => f.name).sort()).toEqual([
      "cylinders-u",
      "handmade-old-2.17-cylinders",
    ]);
    for (const f of cylinderFixtures) {
      const result = okResult(parseListing(f.listing));
      const partitions = result.disks.flatMap((d) => d.partitions);
      expect(partitions.length).toBeGreaterThan(0);
      expect(partitions.filter((p) => p.exact)).toEqual([]);
      expect(partitions.filter((p) => p.startByte !== null)).toEqual([]);
      expect(result.notes.some((n) => /cylinders.*fdisk -l/.test(n.text))).toBe(true);
    }
  });

  it("the old Blocks column gives exact sizes (with +) even in cylinder units", () => {
    const f = fixtures.find((x) => x.name === "handmade-old-2.17-cylinders");
    const result = okResult(parseListing(f?.listing ?? new Uint8Array()));
    // /dev/sdb3: 4088542+ blocks = 8177085 sectors (odd), sdb5: 2096451 blocks = 4192902 sectors.
    expect(result.disks[0]?.partitions.map((p) => p.sizeBytes)).toEqual([
      208782n * 512n,
      8385930n * 512n,
      8177085n * 512n,
      4192902n * 512n,
      3984057n * 512n,
    ]);
  });

  it("the edited listing's physical-boundary warnings are notes after the table", () => {
    const f = fixtures.find((x) => x.name === "edited-physical-boundary-notes");
    const result = okResult(parseListing(f?.listing ?? new Uint8Array()));
    expect(result.disks[0]?.physicalSectorSize).toBe(4096);
    expect(
      result.notes.filter((n) => /does not start on physical sector boundary/.test(n.text)),
    ).toHaveLength(3);
  });

  it("the 18 TiB disk keeps offsets past 2^44 exact", () => {
    const f = fixtures.find((x) => x.name === "gpt-18tib");
    const result = okResult(parseListing(f?.listing ?? new Uint8Array()));
    const last = result.disks[0]?.partitions[2];
    expect(last?.startByte).toBe(34359740416n * 512n);
    expect((last?.startByte ?? 0n) > 1n << 44n).toBe(true);
  });
});

describe("text around the listing", () => {
  const base = fixtures.find((f) => f.name === "multi-disk");
  const baseText = new TextDecoder().decode(base?.listing);
  const baseResult = okResult(parseListing(baseText));

  const wrappings: [string, (lines: string[]) => string[]][] = [
    [
      "a shell prompt and sudo banner",
      (ls) => ["$ sudo fdisk -l", "[sudo] password for me: ", ...ls, "$ "],
    ],
    ["a root prompt", (ls) => ["root@host:~# fdisk -l", ...ls, "root@host:~# "]],
    ["e-mail quote markers", (ls) => ls.map((l) => (l === "" ? ">" : `> ${l}`))],
    ["nested quote markers", (ls) => ls.map((l) => `> > ${l}`)],
    ["four-space indentation", (ls) => ls.map((l) => `    ${l}`)],
    ["a tab before each line", (ls) => ls.map((l) => `\t${l}`)],
    ["trailing spaces", (ls) => ls.map((l) => `${l}   `)],
    ["markdown fences", (ls) => ["```", ...ls, "```"]],
  ];

  it.each(wrappings)("reads the same numbers with %s", (_name, wrap) => {
    const wrapped = wrap(baseText.split("\n")).join("\n");
    const result = okResult(parseListing(wrapped));
    expect(numbersOf(result.disks)).toEqual(numbersOf(baseResult.disks));
  });

  it("reads the same numbers with CRLF line ends", () => {
    const result = okResult(parseListing(baseText.replace(/\n/g, "\r\n")));
    expect(numbersOf(result.disks)).toEqual(numbersOf(baseResult.disks));
  });

  it("turns the added lines into notes with their line numbers", () => {
    const lines = ["$ sudo fdisk -l", ...baseText.split("\n"), "bye"];
    const result = okResult(parseListing(lines.join("\n")));
    expect(result.notes[0]).toEqual({ line: 1, text: "$ sudo fdisk -l" });
    expect(result.notes.at(-1)).toEqual({ line: lines.length, text: "bye" });
  });

  it("keeps a line between table rows as a note and still reads the rows after it", () => {
    const text = [
      "Disk /dev/sda: 8 GiB, 8589934592 bytes, 16777216 sectors",
      "Units: sectors of 1 * 512 = 512 bytes",
      "",
      "Device     Boot   Start      End  Sectors Size Id Type",
      "/dev/sda1  *       2048  2099199  2097152   1G 83 Linux",
      "this line was typed by someone",
      "/dev/sda2       2099200 16777215 14678016   7G 83 Linux",
    ].join("\n");
    const result = okResult(parseListing(text));
    expect(result.disks[0]?.partitions.map((p) => p.number)).toEqual([1, 2]);
    expect(result.notes).toEqual([{ line: 6, text: "this line was typed by someone" }]);
  });

  it("strips terminal colour codes", () => {
    const text = baseText.replace(/^(Disk [^\n]*)$/gm, "\x1b[1m$1\x1b[0m");
    const result = okResult(parseListing(text));
    expect(numbersOf(result.disks)).toEqual(numbersOf(baseResult.disks));
  });
});

describe("edge numbers", () => {
  const cases: [string, number, bigint, bigint][] = [
    ["a partition at sector 0", 512, 0n, 1n],
    ["a start just below 2^32 sectors", 512, (1n << 32n) - 1n, 2048n],
    ["a start of exactly 2^32 sectors", 512, 1n << 32n, 1n << 32n],
    ["a start past 2^53 (beyond float precision)", 512, (1n << 53n) + 1n, 3n],
    ["a start past 2^64 sectors", 4096, (1n << 64n) + 7n, (1n << 40n) + 1n],
    ["4096-byte sectors", 4096, 256n, 16384n],
  ];
  it.each(cases)("%s", (_name, sectorSize, start, sectors) => {
    const diskSectors = start + sectors + 34n;
    const result = okResult(
      parseFdisk(splitLines(modernListing(sectorSize, diskSectors, [{ start, sectors }]))),
    );
    const disk = result.disks[0];
    expect(disk?.sizeBytes).toBe(diskSectors * BigInt(sectorSize));
    expect(disk?.logicalSectorSize).toBe(sectorSize);
    expect(disk?.partitions[0]).toMatchObject({
      startByte: start * BigInt(sectorSize),
      sizeBytes: sectors * BigInt(sectorSize),
      exact: true,
    });
    expect(result.notes).toEqual([]);
  });

  it("marks a row inexact, with a note, when End is not Start + Sectors − 1", () => {
    const text = modernListing(512, 100000n, [{ start: 2048n, sectors: 4096n, end: 9999n }]);
    const result = okResult(parseFdisk(splitLines(text)));
    expect(result.disks[0]?.partitions[0]?.exact).toBe(false);
    expect(result.notes).toEqual([
      { line: 7, text: expect.stringContaining("End is 9999") as unknown as string },
    ]);
  });

  it("notes a disk line whose sectors × sector size is not its byte count", () => {
    const text = [
      "Disk /dev/sdz: 1 GiB, 1073741824 bytes, 2097151 sectors",
      "Units: sectors of 1 * 512 = 512 bytes",
    ].join("\n");
    const result = okResult(parseFdisk(splitLines(text)));
    expect(result.disks[0]?.sizeBytes).toBe(1073741824n);
    expect(result.notes[0]?.text).toMatch(/2097151 sectors × 512 bytes/);
  });
});

describe("partition numbers and names", () => {
  it.each([
    ["/dev/sda1", 1, "/dev/sda"],
    ["/dev/nvme0n1p2", 2, "/dev/nvme0n1"],
    ["/tmp/x/disk.img3", 3, "/tmp/x/disk.img"],
    ["/dev/mmcblk0p12", 12, "/dev/mmcblk0"],
    ["/dev/md126p1", 1, "/dev/md126"],
  ])("%s is partition %i", (device, number, disk) => {
    const text = [
      `Disk ${disk}: 1 GiB, 1073741824 bytes, 2097152 sectors`,
      "Units: sectors of 1 * 512 = 512 bytes",
      "Device Start End Sectors Size Type",
      `${device} 2048 4095 2048 1M Linux filesystem`,
    ].join("\n");
    const p = okResult(parseFdisk(splitLines(text))).disks[0]?.partitions[0];
    expect(p).toMatchObject({
      number,
      label: device,
      startByte: 1048576n,
      sizeBytes: 1048576n,
      exact: true,
    });
  });
});
