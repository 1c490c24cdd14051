/**
 * Messy pastes: what web pages, word processors, terminals and forums do to a listing on its way
 * to the page. The base listing is `fdisk -l` of two disk images made here (util-linux 2.38.1,
 * a dos disk with a logical partition and a GPT disk), renamed /dev/sda and /dev/sdb. Each copy
 * must read to the same disks and exact numbers, or be refused with a clear message: never a
 * partition dropped (it would look free), a disk invented or two disks mixed.
 */
import { describe, expect, it } from "vitest";
import { parseListing } from "./index.ts";
import type { ListingResult } from "./types.ts";

const BASE = [
  "Disk /dev/sda: 2 GiB, 2147483648 bytes, 4194304 sectors",
  "Units: sectors of 1 * 512 = 512 bytes",
  "Sector size (logical/physical): 512 bytes / 512 bytes",
  "I/O size (minimum/optimal): 512 bytes / 512 bytes",
  "Disklabel type: dos",
  "Disk identifier: 0xd93cc8fb",
  "",
  "Device     Boot   Start     End Sectors  Size Id Type",
  "/dev/sda1  *       2048 1050623 1048576  512M 83 Linux",
  "/dev/sda2       1050624 3147775 2097152    1G  7 HPFS/NTFS/exFAT",
  "/dev/sda3       3147776 4194303 1046528  511M  5 Extended",
  "/dev/sda5       3149824 3559423  409600  200M 82 Linux swap / Solaris",
  "",
  "",
  "Disk /dev/sdb: 1 GiB, 1073741824 bytes, 2097152 sectors",
  "Units: sectors of 1 * 512 = 512 bytes",
  "Sector size (logical/physical): 512 bytes / 512 bytes",
  "I/O size (minimum/optimal): 512 bytes / 512 bytes",
  "Disklabel type: gpt",
  "Disk identifier: 65327476-A115-40BE-B6DB-1B08A5272773",
  "",
  "Device      Start     End Sectors  Size Type",
  "/dev/sdb1    2048  206847  204800  100M EFI System",
  "/dev/sdb2  206848  239615   32768   16M Microsoft reserved",
  "/dev/sdb3  239616 2097118 1857503  907M Microsoft basic data",
];

/** Each disk as one line: device, sector size, size, table type, then every partition. */
function summary(result: ListingResult): string[] {
  if (!result.ok) return [`error: ${result.error}`];
  return result.disks.map(
    (d) =>
      `${d.device} ${d.logicalSectorSize} ${d.sizeBytes} ${d.tableType} ` +
      d.partitions
        .map((p) => `${p.label}@${p.startByte}+${p.sizeBytes}${p.exact ? "" : "~"}`)
        .join(" "),
  );
}

const EXPECTED = summary(parseListing(BASE.join("\n")));

it("the base listing reads to both disks, every partition exact", () => {
  expect(EXPECTED).toEqual([
    "/dev/sda 512 2147483648 dos /dev/sda1@1048576+536870912 /dev/sda2@537919488+1073741824 /dev/sda3@1611661312+535822336 /dev/sda5@1612709888+209715200",
    "/dev/sdb 512 1073741824 gpt /dev/sdb1@1048576+104857600 /dev/sdb2@105906176+16777216 /dev/sdb3@122683392+951041536",
  ]);
});

describe("invisible and typographic characters from web pages and word processors", () => {
  it.each([
    [
      "a zero-width space after /dev/ and before a Start",
      (l: string) => l.replace("/dev/", "/dev/\u200b").replace(" 2048", " \u200b2048"),
    ],
    ["a zero-width space inside a number", (l: string) => l.replace(/(\d)(\d)/, "$1\u200b$2")],
    [
      "a word joiner and a zero-width joiner",
      (l: string) => l.replace(/ (\d)/, " \u2060$1").replace("sd", "s\u200dd"),
    ],
    ["a byte order mark inside a line", (l: string) => l.replace("/dev/", "/d\ufeffev/")],
    ["figure spaces for every blank", (l: string) => l.replace(/ /g, "\u2007")],
    ["en and thin spaces among the blanks", (l: string) => l.replace(/ {2}/g, "\u2002\u2009")],
  ])("%s: the same disks", (_name, change) => {
    expect(summary(parseListing(BASE.map(change).join("\n")))).toEqual(EXPECTED);
  });
});

describe("a paste cut off inside the last row", () => {
  const cutAt = (length: number) => [...BASE.slice(0, -1), BASE.at(-1)?.slice(0, length) ?? ""];

  it.each([
    ["only the device name left", 9],
    ["the device name and its Start", 17],
  ])("%s: refused, since the partition would look free", (_name, length) => {
    const result = parseListing(cutAt(length).join("\n"));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error).toMatch(
        /^Line 25 holds only the beginning of \/dev\/sdb3's row: the paste looks cut off/,
      );
  });

  it("a boot mark after the name is still only the beginning of a row", () => {
    const result = parseListing([...BASE.slice(0, 8), "/dev/sda1  *"].join("\n"));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error).toMatch(/^Line 9 holds only the beginning of \/dev\/sda1's row/);
  });

  it("cut inside Sectors: refused, saying the paste may have been cut off", () => {
    const result = parseListing(cutAt(30).join("\n"));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain("It is the last line of the paste");
  });

  it("device names alone after the listing (`blkid -o device`) are not taken for cut rows", () => {
    const text = [...BASE, "$ sudo blkid -o device", "/dev/sdb1", "/dev/sdb2", "/dev/sdb3"];
    expect(summary(parseListing(text.join("\n")))).toEqual(EXPECTED);
  });
});

describe("several commands' outputs in one paste", () => {
  const LSBLK = [
    "$ lsblk",
    "NAME   MAJ:MIN RM  SIZE RO TYPE MOUNTPOINT",
    "sda      8:0    0    2G  0 disk",
    "├─sda1   8:1    0  512M  0 part /",
    "├─sda2   8:2    0    1G  0 part",
    "├─sda3   8:3    0    1K  0 part",
    "└─sda5   8:5    0  200M  0 part [SWAP]",
  ];

  it("lsblk's table ends where fdisk's lines begin: no disk is made of them", () => {
    const result = parseListing([...LSBLK, "$ sudo fdisk -l", ...BASE].join("\n"));
    const devices = result.ok ? result.disks.map((d) => d.device) : [];
    expect(devices).not.toContain("/dev/Disk");
    expect(devices).not.toContain("/dev/sda2");
    expect(devices.every((d) => d === "/dev/sda" || d === "/dev/sdb")).toBe(true);
  });

  const PARTED_SDB = [
    "$ sudo parted /dev/sdb unit s print",
    "Model:  (file)",
    "Disk /dev/sdb: 2097152s",
    "Sector size (logical/physical): 512B/512B",
    "Partition Table: gpt",
    "Disk Flags: ",
    "",
    "Number  Start    End       Size      File system  Name                          Flags",
    " 1      2048s    206847s   204800s                EFI system partition          boot, esp",
    " 2      206848s  239615s   32768s                 Microsoft reserved partition  msftres",
    " 3      239616s  2097118s  1857503s               Basic data partition          msftdata",
  ];

  it("lsblk without START, then fdisk -l: fdisk's exact numbers are read, with a note", () => {
    for (const text of [
      [...LSBLK, "$ sudo fdisk -l", ...BASE],
      ["$ sudo fdisk -l", ...BASE, ...LSBLK],
    ]) {
      const result = parseListing(text.join("\n"));
      expect(summary(result)).toEqual(EXPECTED);
      expect(result.notes[0]?.text).toMatch(
        /^This paste holds more than one listing: the lsblk one gives no exact numbers, so the fdisk one was read/,
      );
    }
  });

  it("a disk whose listing the answering parser does not read is named in an important note", () => {
    const text = ["$ sudo fdisk -l /dev/sda", ...BASE.slice(0, 12), ...PARTED_SDB];
    const result = parseListing(text.join("\n"));
    expect(result.ok && result.format).toBe("parted");
    expect(result.notes).toContainEqual({
      line: 2,
      important: true,
      text: "/dev/sda's listing here was not read: this paste holds more than one command's output, and only the parted listing was read. Paste that disk's listing on its own to plan on it.",
    });
  });

  it("parted after fdisk: fdisk's `Disk identifier:` line is not a disk named `identifier`", () => {
    const result = parseListing(
      ["$ sudo fdisk -l /dev/sda", ...BASE.slice(0, 12), ...PARTED_SDB].join("\n"),
    );
    expect(result.ok && result.disks.map((d) => d.device)).not.toContain("identifier");
    expect(result.ok && result.disks.every((d) => d.device?.startsWith("/dev/sd"))).toBe(true);
  });
});

/**
 * `script -c "fdisk -l"` of the same images: util-linux colours the disk lines and the column
 * titles on a terminal (bold on, `\x1b[0m` off at the start of the next line).
 */
const COLOURED = [
  "\x1b[1mDisk /dev/sda: 2 GiB, 2147483648 bytes, 4194304 sectors",
  "\x1b[0mUnits: sectors of 1 * 512 = 512 bytes",
  "Sector size (logical/physical): 512 bytes / 512 bytes",
  "I/O size (minimum/optimal): 512 bytes / 512 bytes",
  "Disklabel type: dos",
  "Disk identifier: 0xd93cc8fb",
  "",
  "\x1b[1mDevice    \x1b[0m \x1b[1mBoot\x1b[0m \x1b[1m  Start\x1b[0m \x1b[1m    End\x1b[0m \x1b[1mSectors\x1b[0m \x1b[1m Size\x1b[0m \x1b[1mId\x1b[0m \x1b[1mType\x1b[0m",
  "/dev/sda1     *       2048 1050623 1048576  512M 83 Linux",
  "/dev/sda2          1050624 3147775 2097152    1G  7 HPFS/NTFS/exFAT",
  "/dev/sda3          3147776 4194303 1046528  511M  5 Extended",
  "/dev/sda5          3149824 3559423  409600  200M 82 Linux swap / Solaris",
  "",
  "",
  "\x1b[1mDisk /dev/sdb: 1 GiB, 1073741824 bytes, 2097152 sectors",
  "\x1b[0mUnits: sectors of 1 * 512 = 512 bytes",
  "Sector size (logical/physical): 512 bytes / 512 bytes",
  "I/O size (minimum/optimal): 512 bytes / 512 bytes",
  "Disklabel type: gpt",
  "Disk identifier: 65327476-A115-40BE-B6DB-1B08A5272773",
  "",
  "\x1b[1mDevice    \x1b[0m \x1b[1m Start\x1b[0m \x1b[1m    End\x1b[0m \x1b[1mSectors\x1b[0m \x1b[1m Size\x1b[0m \x1b[1mType\x1b[0m",
  "/dev/sdb1       2048  206847  204800  100M EFI System",
  "/dev/sdb2     206848  239615   32768   16M Microsoft reserved",
  "/dev/sdb3     239616 2097118 1857503  907M Microsoft basic data",
];

describe("fdisk's colour codes", () => {
  it.each([
    ["as the terminal wrote them", (l: string) => l],
    ["shown as ^[ by cat -v or less", (l: string) => l.replaceAll("\x1b", "^[")],
    ["with the escape character lost on a web page", (l: string) => l.replaceAll("\x1b", "")],
  ])("%s: the same disks", (_name, change) => {
    expect(summary(parseListing(COLOURED.map(change).join("\r\n")))).toEqual(EXPECTED);
  });
});

describe("the lines naming a disk missing from the paste", () => {
  it("without the second `Disk …:` line, its Units, size and label lines begin a disk of their own", () => {
    const text = [...BASE.slice(0, 14), ...BASE.slice(15)].join("\n");
    expect(summary(parseListing(text))).toEqual([
      EXPECTED[0],
      "/dev/sdb 512 null gpt /dev/sdb1@1048576+104857600 /dev/sdb2@105906176+16777216 /dev/sdb3@122683392+951041536",
    ]);
  });

  it("a second table alone does not inherit the disk above: its sector size is asked", () => {
    const result = parseListing([...BASE.slice(0, 13), ...BASE.slice(21)].join("\n"));
    expect(summary(result)).toEqual([
      EXPECTED[0],
      "/dev/sdb null null null /dev/sdb1@null+null~ /dev/sdb2@null+null~ /dev/sdb3@null+null~",
    ]);
    expect(result.ok && result.disks[1]?.sectorSizeUnknown).toBe(true);
  });

  it("rows of another disk under a disk's table are refused, not planned on that disk", () => {
    const result = parseListing([...BASE.slice(0, 12), ...BASE.slice(22)].join("\n"));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error).toMatch(
        /^Line 13 lists \/dev\/sdb1, which is not a partition of \/dev\/sda/,
      );
  });
});

describe("line numbers and quote bars in front of every line", () => {
  it.each([
    ["a pastebin's numbers and a blank", (l: string, i: number) => `${i + 1} ${l}`],
    ["right-aligned numbers", (l: string, i: number) => `${String(i + 1).padStart(3)} ${l}`],
    ["numbers with a dot", (l: string, i: number) => `${i + 1}. ${l}`],
    ["numbers and a tab", (l: string, i: number) => `${i + 1}\t${l}`],
    ["numbers from line 40 on", (l: string, i: number) => `${i + 40} ${l}`],
    ["a forum's quote bar", (l: string) => `| ${l}`],
  ])("%s: taken off, with a note, the same disks", (_name, change) => {
    const result = parseListing(BASE.map(change).join("\n"));
    expect(summary(result)).toEqual(EXPECTED);
    expect(result.notes[0]).toMatchObject({ line: 1, important: true });
    expect(result.notes[0]?.text).toMatch(/^Every line began with/);
  });

  it("a numbered fdisk session, whose `Command (m for help): Disk …` line alone still reads", () => {
    const session = [
      "Welcome to fdisk (util-linux 2.38.1).",
      "",
      `Command (m for help): ${BASE[0]}`,
    ];
    const text = [...session, ...BASE.slice(1, 12)].map((l, i) => `${i + 1} ${l}`).join("\n");
    expect(summary(parseListing(text))).toEqual([EXPECTED[0]]);
  });

  it("three numbered lines are enough", () => {
    const text = [
      "Name                   NumberOfBlocks  StartingOffset",
      "Disk #0, Partition #0  1048576         1048576",
      "Disk #0, Partition #1  2097152         537919488",
    ];
    const result = parseListing(text.map((l, i) => `${i + 1} ${l}`).join("\n"));
    expect(result.ok && result.disks[0]?.partitions.map((p) => p.startByte)).toEqual([
      1048576n,
      537919488n,
    ]);
  });

  it("numbers that skip a line are not taken for line numbers", () => {
    const text = BASE.map((l, i) => `${i === 9 ? i + 2 : i + 1} ${l}`).join("\n");
    expect(parseListing(text).ok).toBe(false);
  });

  it("a refused fdisk listing is not said to be OpenBSD's for its `Disklabel type:` line", () => {
    const result = parseListing(BASE.map((l) => `|${l}`).join("\n"));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).not.toMatch(/OpenBSD/);
  });
});

describe("parsers that do not clean lines themselves get them plain too", () => {
  const WMIC = [
    "BlockSize  Name                   NumberOfBlocks  StartingOffset",
    "512        Disk #0, Partition #0  1048576         1048576",
    "512        Disk #0, Partition #1  2097152         537919488",
  ];
  const expected = summary(parseListing(WMIC.join("\r\n")));

  it.each([
    [
      "no-break spaces for every blank (copied from a web page)",
      (l: string) => l.replace(/ /g, "\u00a0"),
    ],
    ["a zero-width space before each number", (l: string) => l.replace(/ (\d)/g, " \u200b$1")],
  ])("wmic with %s: the same partitions", (_name, change) => {
    expect(expected[0]).toContain("@1048576+536870912 ");
    expect(summary(parseListing(WMIC.map(change).join("\r\n")))).toEqual(expected);
  });
});

describe("a Windows listing pasted twice", () => {
  const block = (n: number, offset: string, size: string, type: string) => [
    "DiskNumber      : 0",
    `PartitionNumber : ${n}`,
    `Offset          : ${offset}`,
    `Size            : ${size}`,
    `Type            : ${type}`,
    "",
  ];
  const LIST = [
    "PS C:\\> Get-Partition -DiskNumber 0 | Format-List DiskNumber,PartitionNumber,Offset,Size,Type",
    "",
    ...block(1, "1048576", "104857600", "System"),
    ...block(2, "105906176", "16777216", "Reserved"),
    ...block(3, "122683392", "255936315392", "Basic"),
  ];
  const once = summary(parseListing(LIST.join("\r\n")));

  it("keeps each partition once, with a note", () => {
    expect(once).toEqual([
      "\\\\.\\PhysicalDrive0 null null undefined Partition 1@1048576+104857600 Partition 2@105906176+16777216 Partition 3@122683392+255936315392",
    ]);
    const result = parseListing([...LIST, ...LIST].join("\r\n"));
    expect(summary(result)).toEqual(once);
    expect(
      result.notes.some((n) => n.important && /3 partitions are listed twice/.test(n.text)),
    ).toBe(true);
  });

  it("two different listings of one disk number are refused, not merged into one disk", () => {
    const other = LIST.map((l) => l.replace("255936315392", "128849018880"));
    const result = parseListing([...LIST, ...other].join("\r\n"));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/has partition 3 twice, with different numbers/);
  });
});

describe("lsblk -r with the shell around it", () => {
  const RAW = [
    "user@host:~$ lsblk -b -r -o NAME,START,SIZE,LOG-SEC,TYPE",
    "NAME START SIZE LOG-SEC TYPE",
    "sda  2147483648 512 disk",
    "sda1 2048 536870912 512 part",
    "sda2 1050624 1073741824 512 part",
  ];

  it("the prompt after the table ends it", () => {
    const result = parseListing([...RAW, "user@host:~$ "].join("\n"));
    expect(summary(result)).toEqual([
      "/dev/sda 512 2147483648 undefined /dev/sda1@1048576+536870912 /dev/sda2@537919488+1073741824",
    ]);
  });

  it("a line that is no row before more rows still refuses the raw reading", () => {
    const text = [...RAW.slice(0, 4), "user@host:~$ ", RAW[4]].join("\n");
    const result = parseListing(text);
    expect(result.ok && result.format === "lsblk" && result.disks[0]?.partitions.length === 1).toBe(
      false,
    );
  });
});

describe("a paste indented as a Markdown code block", () => {
  it("Get-Partition's Format-List, every line indented by four spaces, reads as PowerShell", () => {
    const text = [
      "DiskNumber      : 0",
      "PartitionNumber : 1",
      "Offset          : 1048576",
      "Size            : 104857600",
      "Type            : System",
      "",
      "DiskNumber      : 0",
      "PartitionNumber : 2",
      "Offset          : 105906176",
      "Size            : 16777216",
      "Type            : Reserved",
    ];
    const result = parseListing(text.map((l) => (l === "" ? l : `    ${l}`)).join("\r\n"));
    expect(summary(result)).toEqual([
      "\\\\.\\PhysicalDrive0 null null undefined Partition 1@1048576+104857600 Partition 2@105906176+16777216",
    ]);
    expect(result.notes[0]?.text).toMatch(
      /^Every line began with the same 4 blanks of indentation/,
    );
  });
});

describe("one device listed twice", () => {
  it("the same listing pasted twice: both kept, a plain note says they are the same", () => {
    const result = parseListing([...BASE, "", ...BASE].join("\n"));
    expect(summary(result)).toEqual([...EXPECTED, ...EXPECTED]);
    const again = result.notes.filter((n) => /is listed again/.test(n.text));
    expect(again).toHaveLength(2);
    expect(again.every((n) => !n.important && /, the same;/.test(n.text))).toBe(true);
  });

  it("two machines' /dev/sda: an important note says they differ", () => {
    const other = BASE.slice(14).map((l) => l.replaceAll("/dev/sdb", "/dev/sda"));
    const result = parseListing([...BASE.slice(0, 12), "", ...other].join("\n"));
    expect(result.ok && result.disks.map((d) => d.device)).toEqual(["/dev/sda", "/dev/sda"]);
    expect(result.notes).toContainEqual(
      expect.objectContaining({
        line: 14,
        important: true,
        text: expect.stringMatching(
          /^\/dev\/sda is listed again \(first at line 1\) with another size or other partitions: two machines' listings/,
        ),
      }),
    );
  });
});

describe("smart quotes from a word processor or a chat", () => {
  it("lsblk -P with curly quotes reads as with straight ones", () => {
    const pairs = [
      'NAME="sdb" START="" SIZE="1073741824" LOG-SEC="512" TYPE="disk"',
      'NAME="sdb1" START="2048" SIZE="104857600" LOG-SEC="512" TYPE="part"',
      'NAME="sdb2" START="206848" SIZE="16777216" LOG-SEC="512" TYPE="part"',
    ];
    const plain = summary(parseListing(pairs.join("\n")));
    expect(plain[0]).toContain("/dev/sdb1@1048576+104857600");
    const smart = pairs.map((l) => l.replace(/"([^"]*)"/g, "\u201c$1\u201d"));
    expect(summary(parseListing(smart.join("\n")))).toEqual(plain);
  });
});

describe("a forum's code markup glued to the first and last lines", () => {
  it.each([
    ["a Markdown fence", "```", "```"],
    ["BBCode tags", "[code]", "[/code]"],
  ])("%s: the disk line and the last row read as without it", (_name, open, close) => {
    const text = [`${open}${BASE[0]}`, ...BASE.slice(1, -1), `${BASE.at(-1)}${close}`];
    const result = parseListing(text.join("\n"));
    expect(summary(result)).toEqual(EXPECTED);
    const last = result.ok ? result.disks[1]?.partitions[2] : undefined;
    expect(last?.type).toBe("Microsoft basic data");
  });
});
