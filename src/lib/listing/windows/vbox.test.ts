import { describe, expect, it } from "vitest";
import { parseListing } from "../index.ts";

const TABLE = [
  "Number  Type   StartCHS       EndCHS      Size (MiB)  Start (Sect)",
  "1       0x07  0   /32 /33  1023/254/63        102400         2048",
];

describe("VBoxManage internalcommands listpartitions: the disk named on the command line", () => {
  it.each([
    [
      "cmd, unquoted",
      "C:\\>VBoxManage internalcommands listpartitions -rawdisk \\\\.\\PhysicalDrive1",
    ],
    [
      "a Unix-like shell, single quotes",
      "$ VBoxManage.exe internalcommands listpartitions -rawdisk '\\\\.\\PhysicalDrive1'",
    ],
    [
      "PowerShell, double quotes",
      'PS C:\\> .\\VBoxManage internalcommands listpartitions -rawdisk "\\\\.\\PhysicalDrive1"',
    ],
    [
      "a Unix-like shell, backslashes escaped",
      "$ VBoxManage internalcommands listpartitions -rawdisk \\\\\\\\.\\\\PhysicalDrive1",
    ],
  ])("%s: \\\\.\\PhysicalDrive1", (_, command) => {
    const result = parseListing([command, ...TABLE].join("\n"));
    if (!result.ok) throw new Error(result.error);
    expect(result.format).toBe("vbox-listpartitions");
    expect(result.disks[0]?.device).toBe("\\\\.\\PhysicalDrive1");
    expect(result.notes.some((n) => n.text.includes("does not name the disk"))).toBe(false);
  });

  it("keeps a Linux device as written, quotes taken off", () => {
    const result = parseListing(
      ["$ VBoxManage internalcommands listpartitions -rawdisk '/dev/sdb'", ...TABLE].join("\n"),
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.disks[0]?.device).toBe("/dev/sdb");
  });
});

describe("VBoxManage list hostdrives run without the right to read the drives", () => {
  const denied = (n: number, model: string) => [
    `Drive:       \\\\.\\PhysicalDrive${n}`,
    `Model:       "${model}"`,
    `Further disk and partitioning information is not available for drive "\\\\.\\PhysicalDrive${n}". (E_ACCESSDENIED)`,
  ];
  const readable = [
    "Drive:       \\\\.\\PhysicalDrive1",
    'Model:       "WDC WD40EFRX-68N32N0"',
    "UUID:        6a1b2c3d-0000-4000-8000-00000000abcd",
    "Size:        4000787030016 bytes (3.64 TiB)",
    "Sector Size: 512 bytes",
    "Scheme:      MBR",
    "Partitions:                              First         Last",
    "##  Type      Byte Size     Byte Offset  Cyl/Head/Sec  Cyl/Head/Sec Active",
    " 1   07       104857600         1048576     0/ 32/33     13/ 34/41    yes   FAT32",
  ];

  it("says to run it as administrator, instead of taking it for wmic diskdrive", () => {
    const result = parseListing(
      [...denied(0, "Samsung SSD 980 PRO 1TB"), "", ...denied(1, "ST4000DM004")].join("\n"),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(/not allowed to read any drive \(E_ACCESSDENIED/);
    expect(result.error).toContain("administrator");
    expect(result.error).not.toMatch(/wmic/);
  });

  it("a --long listing with one drive refused: that drive named, no word of rounding", () => {
    const result = parseListing(
      [...denied(0, "Samsung SSD 980 PRO 1TB"), "", ...readable].join("\n"),
    );
    if (!result.ok) throw new Error(result.error);
    // The drive it could not read is not shown (never shown empty), and the note says why.
    expect(result.disks.map((d) => d.device)).toEqual(["\\\\.\\PhysicalDrive1"]);
    expect(result.disks[0]?.partitions[0]?.exact).toBe(true);
    expect(result.notes).toEqual([
      {
        line: 3,
        important: true,
        text: expect.stringMatching(
          /^Not shown: \\\\\.\\PhysicalDrive0: VirtualBox was not allowed to read it /,
        ) as string,
      },
    ]);
  });

  it("still says when sizes are rounded (no --long)", () => {
    const short = readable.map((l) => (l.startsWith("Size:") ? "Size:        3.64 TiB" : l));
    const result = parseListing(short.join("\n"));
    if (!result.ok) throw new Error(result.error);
    expect(result.notes.map((n) => n.text)).toContainEqual(
      expect.stringContaining("without --long rounds"),
    );
  });
});

describe("VBoxManage internalcommands listpartitions on a GPT disk", () => {
  const row = (n: number, type: string, mib: number, start: number) =>
    `${String(n).padEnd(7)} ${type}  0   /0  /0   0   /0  /0    ${String(mib).padStart(10)}   ${String(start).padStart(10)}`;

  it("type 0 on every row is GPT: entries 5 and up are not logical partitions", () => {
    const result = parseListing(
      [
        "Number  Type   StartCHS       EndCHS      Size (MiB)  Start (Sect)",
        row(1, "0000", 100, 2048),
        row(2, "0000", 16, 206848),
        row(3, "0000", 100000, 239616),
        row(4, "0000", 600, 205039616),
        row(5, "0000", 200000, 206268416),
      ].join("\n"),
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.disks[0]?.tableType).toBe("gpt");
    expect(result.disks[0]?.partitions.map((p) => p.flags)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("an MBR disk's partitions from 5 on stay logical", () => {
    const result = parseListing(
      [
        "Number  Type   StartCHS       EndCHS      Size (MiB)  Start (Sect)",
        "1       0x07  0   /32 /33  1023/254/63        102400         2048",
        "5       0x83  1023/254/63  1023/254/63         20000    209723392",
      ].join("\n"),
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.disks[0]?.tableType).toBe("dos");
    expect(result.disks[0]?.partitions.map((p) => p.flags)).toEqual([undefined, ["logical"]]);
  });
});

describe("VBoxManage listpartitions after an error reading the table", () => {
  it("refuses the table, which may miss partitions, and says what to run instead", () => {
    const result = parseListing(
      [
        "$ VBoxManage internalcommands listpartitions -rawdisk /dev/sdb",
        "VBoxManage: error: Logical partition chain broken",
        "Number  Type   StartCHS       EndCHS      Size (MiB)  Start (Sect)",
        "1       0x07  0   /32 /33  1023/254/63        102400         2048",
        "5       0x83  1023/254/63  1023/254/63         20000    209723392",
      ].join("\n"),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain("line 2");
    expect(result.error).toContain("partitions may be missing");
    expect(result.error).toContain("fdisk -l");
  });
});
