import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseListing } from "../index.ts";
import { FIXTURES_ROOT } from "../toolFixtures.testkit.ts";

const parse = (text: string) => {
  const result = parseListing(text);
  if (!result.ok) throw new Error(result.error);
  expect(result.format).toBe("mmls");
  return result;
};
const numbered = (text: string) =>
  parse(text).disks[0]?.partitions.map((p) => [p.number, p.label, p.startByte, p.sizeBytes]);

describe("mmls", () => {
  it("does not take 512 on trust where the rows show a disk of 4096-byte sectors", () => {
    const read = (name: string) => readFileSync(join(FIXTURES_ROOT, "mmls", name), "utf8");
    // Real Sleuth Kit 4.11 output for a 4096-byte-sector loop device (an MBR disk with its
    // first partition at 1 MiB): it still says "Units are in 512-byte sectors".
    const dos4k = parseListing(read("dos-4k.txt"));
    if (!dos4k.ok) throw new Error(dos4k.error);
    expect(dos4k.disks[0]?.logicalSectorSize).toBeNull();
    expect(dos4k.disks[0]?.partitions[0]?.startSector).toBe(256n);
    expect(dos4k.disks[0]?.partitions[0]?.startByte).toBeNull();
    const warned = dos4k.notes.find((n) => n.text.includes("eight times too small"));
    expect(warned?.important).toBe(true);
    expect(warned?.text).toContain("first partition starts at sector 256");
    // GPT's entry array in 4 sectors: gpt.txt's own rows with that one length changed, as a
    // 4096-byte-sector disk shows it (128 entries of 128 bytes).
    const gpt4k = read("gpt.txt").replace(
      /^(\d{3}:\s+Meta\s+)0000000002(\s+)0000000033(\s+)0000000032/m,
      "$10000000002$20000000005$30000000004",
    );
    expect(gpt4k).not.toBe(read("gpt.txt"));
    const gpt = parseListing(gpt4k);
    if (!gpt.ok) throw new Error(gpt.error);
    expect(gpt.disks[0]?.logicalSectorSize).toBeNull();
    expect(gpt.notes.find((n) => n.important)?.text).toContain("GPT entry array takes 4 sectors");
    // A 512-byte disk keeps its sector size, with the caution in the notes (not above the disks).
    const dos = parseListing(read("dos.txt"));
    if (!dos.ok) throw new Error(dos.error);
    expect(dos.disks[0]?.logicalSectorSize).toBe(512);
    const caution = dos.notes.find((n) => n.text.includes("eight times too small"));
    expect(caution?.important).toBeUndefined();
  });

  it("-B: the rounded Size column is left out of the description", () => {
    // Sleuth Kit 4.11's `mmls -B` on an msdos image: a primary and a logical partition.
    const text = `DOS Partition Table
Offset Sector: 0
Units are in 512-byte sectors

      Slot      Start        End          Length       Size    Description
000:  Meta      0000000000   0000000000   0000000001   0512B   Primary Table (#0)
001:  -------   0000000000   0000002047   0000002048   1024K   Unallocated
002:  000:000   0000002048   0000043007   0000040960   0020M   Win95 FAT32 (0x0c)
003:  Meta      0000043008   0000143007   0000100000   0048M   DOS Extended (0x05)
004:  Meta      0000043008   0000043008   0000000001   0512B   Extended Table (#1)
005:  -------   0000043008   0000045055   0000002048   1024K   Unallocated
006:  001:000   0000045056   0000065535   0000020480   0010M   Linux (0x83)
007:  -------   0000065536   0000204799   0000139264   0068M   Unallocated`;
    expect(numbered(text)).toEqual([
      [1, "Win95 FAT32 (0x0c)", 2048n * 512n, 40960n * 512n],
      [null, "DOS Extended (0x05)", 43008n * 512n, 100000n * 512n],
      [5, "Linux (0x83)", 45056n * 512n, 20480n * 512n],
    ]);
    expect(parse(text).notes.filter((n) => n.text.startsWith("Not read"))).toEqual([]);
  });

  it("keeps the extended partition (a Meta row), flagged, but not the links inside it", () => {
    // Without it the boot records between logical partitions would look like free space.
    const text = readFileSync(join(FIXTURES_ROOT, "mmls", "dos.txt"), "utf8");
    const extended = parse(text).disks[0]?.partitions.filter((p) => p.flags?.includes("extended"));
    expect(extended?.map((p) => [p.startByte, p.sizeBytes, p.exact])).toEqual([
      [337920n * 512n, 186368n * 512n, true],
    ]);
  });

  it("numbers partitions as Linux does, not by mmls's row", () => {
    const read = (name: string) => readFileSync(join(FIXTURES_ROOT, "mmls", name), "utf8");
    expect(numbered(read("dos.txt"))?.map((p) => p[0])).toEqual([1, 2, null, 5, 6]);
    expect(numbered(read("gpt.txt"))?.map((p) => p[0])).toEqual([1, 2, 3, 4]);
  });
});

// util-linux 2.38's partx on a loop device of an msdos image (a primary, an extended, a logical):
// the old list (-l), pairs (-P) and a chosen column list (-o) were refused.
describe("partx's other output modes", () => {
  it("reads no number from a row whose cells do not line up with the titles", () => {
    // Found by the fuzzer: a word inserted into the title line shifts every cell after it, so
    // SECTORS's 204800 sat under END and the size came out 202753 sectors, claimed exact.
    const text = [
      "NR  START   # END SECTORS SIZE NAME UUID",
      " 1   2048 206847  204800 100M      1a2b3c4d-01",
      " 2 206848 337919  131072  64M      1a2b3c4d-02",
    ].join("\n");
    const result = parseListing(text);
    const exact = result.ok ? result.disks.flatMap((d) => d.partitions.filter((p) => p.exact)) : [];
    expect(exact).toEqual([]);
  });

  const expected = [
    [1, 2048n * 512n, 40960n * 512n, true],
    [2, 43008n * 512n, 100000n * 512n, true],
    [5, 45056n * 512n, 20480n * 512n, true],
  ];
  const read = (text: string) => {
    const result = parseListing(text);
    if (!result.ok) throw new Error(result.error);
    expect(result.format).toBe("partx");
    expect(result.notes.filter((n) => n.text.startsWith("Not read"))).toEqual([]);
    return result.disks[0]?.partitions ?? [];
  };
  const numbers = (text: string) =>
    read(text).map((p) => [p.number, p.startByte, p.sizeBytes, p.exact]);

  it("-l: `# N:  start-  end (  sectors sectors,  MB)`", () => {
    const list = `# 1:      2048-    43007 (    40960 sectors,     20 MB)
# 2:     43008-   143007 (   100000 sectors,     51 MB)
# 5:     45056-    65535 (    20480 sectors,     10 MB)`;
    expect(numbers(list)).toEqual(expected);
  });

  it('-P: NAME="value" pairs', () => {
    const pairs = `NR="1" START="2048" END="43007" SECTORS="40960" SIZE="20M" NAME="" UUID="b8b0e024-01"
NR="2" START="43008" END="143007" SECTORS="100000" SIZE="48.8M" NAME="" UUID="b8b0e024-02"
NR="5" START="45056" END="65535" SECTORS="20480" SIZE="10M" NAME="" UUID="b8b0e024-05"`;
    expect(numbers(pairs)).toEqual(expected);
  });

  it("-o NR,START,SECTORS,TYPE: no END, and the MBR type flags the extended partition", () => {
    const columns = `NR START SECTORS TYPE
 1  2048   40960  0xc
 2 43008  100000  0x5
 5 45056   20480 0x83`;
    expect(numbers(columns)).toEqual(expected);
    expect(read(columns).map((p) => [p.type, p.flags])).toEqual([
      ["0xc", undefined],
      ["0x5", ["extended"]],
      ["0x83", undefined],
    ]);
  });
});
