import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  countPartitions,
  cutWidth,
  listingToJson,
  parseListing,
  SUPPORTED_FORMATS_TEXT,
  type ListingResult,
} from "./index.ts";
import { consoleWrap } from "./degrade.testkit.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(resolve(root, "test-fixtures", name)));

describe("parseListing", () => {
  it("does what its JSDoc example says", () => {
    const result = parseListing(
      "Name                   NumberOfBlocks  StartingOffset\n" +
        "Disk #0, Partition #0  125829120       1048576\n",
    );
    expect(result).toEqual({
      ok: true,
      format: "wmic",
      disks: [
        {
          device: "\\\\.\\PhysicalDrive0",
          logicalSectorSize: null,
          sizeBytes: null,
          line: 2,
          partitions: [
            {
              number: 0,
              label: "Disk #0, Partition #0",
              startByte: 1048576n,
              sizeBytes: 64424509440n,
              exact: true,
            },
          ],
        },
      ],
      notes: [{ line: 2, text: expect.stringMatching(/^Disk 0: BlockSize is not listed, so/) }],
    });
  });

  it("reads text and the bytes of a dropped file alike", () => {
    const fromText = parseListing(
      readFileSync(resolve(root, "test-fixtures/wmic/worked-example.txt"), "utf8"),
    );
    expect(parseListing(fixture("wmic/worked-example.txt"))).toEqual(fromText);
    expect(parseListing(fixture("wmic/worked-example.utf16le-bom-crlf.txt"))).toEqual(fromText);
  });

  it.each([
    ["nothing", ""],
    ["blank lines", "\n  \r\n\t\n"],
  ])("says the listing is empty for %s", (_, text) => {
    expect(parseListing(text)).toEqual({ ok: false, error: "The listing is empty.", notes: [] });
  });

  it("names the supported formats when nothing is recognised", () => {
    const result = parseListing("Hello, this is not a partition listing.\n");
    expect(result).toEqual({
      ok: false,
      error: `No partition listing recognised. Supported: ${SUPPORTED_FORMATS_TEXT}.`,
      notes: [],
    });
    expect(SUPPORTED_FORMATS_TEXT).toContain("wmic partition get");
    expect(SUPPORTED_FORMATS_TEXT).toContain("fdisk -l");
  });

  it("says to run VBoxManage elevated when it could not open the disk", () => {
    const result = parseListing(
      "C:\\Program Files\\Oracle\\VirtualBox>VBoxManage internalcommands listpartitions -rawdisk \\\\.\\PhysicalDrive1\n" +
        "VBoxManage.exe: error: Cannot open the raw disk: VERR_ACCESS_DENIED\n",
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain("VERR_ACCESS_DENIED");
    expect(result.error).toContain("administrator");
    expect(result.error).not.toContain("paste its output, or on VirtualBox 7");
  });

  it("passes on the error of the parser that recognised its format", () => {
    const result = parseListing(
      "Name                   NumberOfBlocks\nDisk #0, Partition #0  2048\n",
    );
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.error).toContain("must include StartingOffset");
  });
});

describe("listingToJson (the CLI's public contract)", () => {
  it("writes bigints as decimal strings and optional fields only when known", () => {
    const result: ListingResult = {
      ok: true,
      format: "wmic",
      disks: [
        {
          device: "\\\\.\\PhysicalDrive1",
          logicalSectorSize: 4096,
          sizeBytes: null,
          sizeLowerBoundBytes: 4000776192000n,
          tableType: "gpt",
          line: 3,
          partitions: [
            {
              number: 0,
              label: "Disk #1, Partition #0",
              startByte: 2n ** 62n + 512n,
              sizeBytes: null,
              exact: false,
              type: "GPT: Basic Data",
              flags: ["primary"],
            },
          ],
        },
        {
          device: null,
          logicalSectorSize: null,
          sizeBytes: 1048576n,
          partitions: [],
        },
      ],
      notes: [{ line: 1, text: "Not read: C:\\>" }],
    };
    expect(listingToJson(result)).toEqual({
      format: "wmic",
      disks: [
        {
          device: "\\\\.\\PhysicalDrive1",
          logicalSectorSize: 4096,
          sizeBytes: null,
          sizeLowerBoundBytes: "4000776192000",
          tableType: "gpt",
          partitions: [
            {
              number: 0,
              label: "Disk #1, Partition #0",
              startByte: "4611686018427388416",
              sizeBytes: null,
              exact: false,
              type: "GPT: Basic Data",
              flags: ["primary"],
            },
          ],
        },
        { device: null, logicalSectorSize: null, sizeBytes: "1048576", partitions: [] },
      ],
      notes: [{ line: 1, text: "Not read: C:\\>" }],
    });
  });

  it("writes an error with no disks", () => {
    expect(listingToJson({ ok: false, error: "bad", notes: [{ line: 2, text: "x" }] })).toEqual({
      error: "bad",
      disks: [],
      notes: [{ line: 2, text: "x" }],
    });
  });

  it("survives JSON.stringify (no bigint left)", () => {
    const json = JSON.stringify(listingToJson(parseListing(fixture("wmic/beyond-2-53.txt"))));
    expect(json).toContain('"sizeBytes":"4611686018427388416"');
  });
});

describe("countPartitions", () => {
  it("counts over all disks, and 0 for an error", () => {
    expect(countPartitions(parseListing(fixture("wmic/gpt-two-disks.txt")))).toBe(4);
    expect(countPartitions(parseListing(""))).toBe(0);
  });
});

describe("an unrecognised paste names the closest format and the exact command", () => {
  it.each([
    ["PS C:\\> Get-Partition\nsomething went wrong", "Get-Partition | Format-List"],
    ["DISKPART> list partition\nThere is no disk selected", "Get-Partition | Format-List"],
    ["$ lsblk\nlsblk: command not found", "lsblk -b -o NAME,START"],
    [
      "Disk #0, Partition #0  125829120       1048576\nDisk #0, Partition #1  125829120       64425558016",
      "header included",
    ],
    [
      "$ sudo parted /dev/sda\nError: Could not stat device /dev/sda",
      "parted /dev/sdX unit s print",
    ],
    [
      "$ sudo gpt -r show disk0\ngpt show: unable to open device '/dev/disk0': Operation not permitted",
      "diskutil info -all",
    ],
    [
      [
        "Disk: sd0       geometry: 60801/255/63 [976773168 Sectors]",
        "Offset: 0       Signature: 0xAA55",
        "            Starting         Ending         LBA Info:",
        " #: id      C   H   S -      C   H   S [       start:        size ]",
        "*3: A6      0   1   2 -  60801  80  63 [          64:   976773104 ] OpenBSD",
      ].join("\n"),
      "VirtualBox does not run there",
    ],
    [
      "/dev/rwd0: 2 wedges:\ndk0: EFI system, 262144 blocks at 2048, type: msdos",
      "VirtualBox does not run there",
    ],
  ])("%j", (text, command) => {
    const result = parseListing(text);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.error).toContain(command);
    expect(result.ok ? "" : result.error).toContain(SUPPORTED_FORMATS_TEXT);
  });

  // Commands Linux users paste instead of a partition table: each is named, with why it is not
  // enough and the command to run.
  it.each([
    [
      // util-linux 2.38 on an image formatted whole (mkfs.ext4), and partx on the same.
      "sfdisk -d of a disk without a table",
      "sfdisk: /dev/sdb: does not contain a recognized partition table",
      "sfdisk or partx on a disk without a partition table",
    ],
    [
      "partx of a disk without a table",
      "partx: /dev/sdb: failed to read partition table",
      "sfdisk or partx on a disk without a partition table",
    ],
    [
      "sfdisk -F",
      "Unpartitioned space /dev/sda: 946.55 MiB, 992525824 bytes, 1938527 sectors\nUnits: sectors of 1 * 512 = 512 bytes\nSector size (logical/physical): 512 bytes / 512 bytes\n\n  Start     End Sectors   Size\n1255424 1999999  744576 363.6M",
      "sfdisk -F",
    ],
    [
      "/proc/partitions",
      "major minor  #blocks  name\n\n   8        0  244198584 sda\n   8        1     524288 sda1\n 259        0  500107608 nvme0n1",
      "/proc/partitions",
    ],
    [
      "blkid",
      '/dev/sda1: UUID="7C1D-2E3F" BLOCK_SIZE="512" TYPE="vfat" PARTUUID="5b6c7d8e-01"\n/dev/sda2: LABEL="data" UUID="1f2e3d4c-5b6a-4978-8a96-b5c4d3e2f1a0" TYPE="ext4"',
      "blkid",
    ],
    [
      "df",
      "Filesystem     1K-blocks    Used Available Use% Mounted on\n/dev/sda2      240234168 9812344 218165392   5% /",
      "df",
    ],
    [
      "df -h (German)",
      "Dateisystem    Größe Benutzt Verf. Verw% Eingehängt auf\n/dev/sda2       230G    9,4G  209G    5% /",
      "df",
    ],
    [
      "mount",
      "/dev/nvme0n1p2 on / type ext4 (rw,relatime)\n/dev/nvme0n1p1 on /boot/efi type vfat (rw,relatime,fmask=0077)",
      "mount output",
    ],
    [
      "ls -l /dev/disk/by-id",
      "lrwxrwxrwx 1 root root  9 Dec  6 02:00 ata-WDC_WD10EZEX-00WN4A0_WD-WCC6Y0000001 -> ../../sda\nlrwxrwxrwx 1 root root 10 Dec  6 02:00 ata-WDC_WD10EZEX-00WN4A0_WD-WCC6Y0000001-part1 -> ../../sda1",
      "a listing of /dev/disk/by-id",
    ],
    [
      "lsblk -f",
      "NAME   FSTYPE FSVER LABEL UUID                                 FSAVAIL FSUSE% MOUNTPOINTS\nsda\n└─sda1 ext4   1.0         1f2e3d4c-5b6a-4978-8a96-b5c4d3e2f1a0  200G     5% /",
      "lsblk",
    ],
  ])("%s", (_, text, named) => {
    const result = parseListing(text);
    expect(result.ok).toBe(false);
    const error = result.ok ? "" : result.error;
    expect(error).toContain(`This looks like ${named}`);
    expect(error).toMatch(/sudo fdisk -l \/dev\/sdX|lsblk -b -o NAME,START/);
  });
});

describe("PowerShell Get-Volume pasted instead of Get-Partition", () => {
  // Get-Volume's default table as Windows 10 and 11 print it (titles from the
  // MSFT_Volume view: DriveLetter FriendlyName FileSystemType DriveType HealthStatus
  // OperationalStatus SizeRemaining Size), and the older one (Windows 8.1, Server 2012 R2:
  // DriveLetter FileSystemLabel FileSystem …), as pasted in public threads. Size is
  // right-aligned: every row ends where its dashes end.
  it.each([
    [
      "Windows 10",
      [
        "",
        "DriveLetter FriendlyName FileSystemType DriveType HealthStatus OperationalStatus SizeRemaining      Size",
        "----------- ------------ -------------- --------- ------------ ----------------- -------------      ----",
        "C                        NTFS           Fixed     Healthy      OK                    312.5 GB 464.98 GB",
        "            Recovery     NTFS           Fixed     Healthy      OK                     83.4 MB    529 MB",
        "            SYSTEM       FAT32          Fixed     Healthy      OK                     69.1 MB     96 MB",
      ].join("\n"),
    ],
    [
      "Windows 8.1",
      [
        "DriveLetter       FileSystemLabel  FileSystem       DriveType        HealthStatus        SizeRemaining             Size",
        "-----------       ---------------  ----------       ---------        ------------        -------------             ----",
        "C                                  NTFS             Fixed            Healthy                  94.34 GB        237.96 GB",
        "                  Recovery         NTFS             Fixed            Healthy                  10.19 MB           300 MB",
      ].join("\n"),
    ],
  ])("%s: named, with the Get-Partition command, and not called cut", (_, text) => {
    const result = parseListing(text);
    expect(result.ok).toBe(false);
    const error = result.ok ? "" : result.error;
    expect(error).toContain("This looks like PowerShell Get-Volume");
    expect(error).toContain("Get-Partition | Format-List DiskNumber,PartitionNumber,Offset,Size");
    expect(error).not.toContain("look cut");
  });
});

describe("a listing cut at the console's width", () => {
  it("is read with its pieces joined, and says so", () => {
    const whole = readFileSync(resolve(root, "test-fixtures", "wmic/gpt-two-disks.txt"), "utf8");
    const before = parseListing(whole);
    if (!before.ok) throw new Error(before.error);
    const result = parseListing(consoleWrap(whole.replace(/\r/g, ""), 80));
    if (!result.ok) throw new Error(result.error);
    expect(result.disks.map((d) => d.partitions.map((p) => [p.startByte, p.sizeBytes]))).toEqual(
      before.disks.map((d) => d.partitions.map((p) => [p.startByte, p.sizeBytes])),
    );
    expect(result.notes[0]?.text).toContain("wrapped at 80 characters");
    expect(result.notes[0]?.text).toContain("> partitions.txt");
  });

  it("is refused with the width it was cut at and how to copy it whole, when the rest is lost", () => {
    const whole = readFileSync(resolve(root, "test-fixtures", "wmic/gpt-two-disks.txt"), "utf8");
    // Each line cut at 80 characters and the rest dropped: nothing to join back.
    const cut = whole
      .replace(/\r/g, "")
      .split("\n")
      .map((line) => line.slice(0, 80))
      .join("\n");
    const result = parseListing(cut);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.error).toContain("Its lines look cut at 80 characters");
    expect(result.ok ? "" : result.error).toContain("> partitions.txt");
  });

  it("is not suspected from rows padded to one width that each end in a whole UUID (partx -g)", () => {
    const rows = [
      " 1   2048 206847  204800 100M EFI system         92eb48f6-2a55-df44-90e9-a4933cd35dae",
      " 2 206848 239615   32768  16M Microsoft reserved fc246fe2-1d66-1b4e-8e4b-0b06d379bd37",
      " 3 239616 485375  245760 120M Basic data         d5cab650-3ab0-a647-b35d-df738738a8c4",
    ];
    expect(cutWidth(rows)).toBeNull();
    // The same rows cut a character short are suspected.
    expect(cutWidth(rows.map((r) => r.slice(0, -1)))).toBe(84);
    const result = parseListing(rows.join("\n"));
    expect(result.ok ? "" : result.error).not.toContain("look cut");
  });

  it("is not suspected from a header and the ruler under it, both as wide as the table", () => {
    const ruled = [
      "Disk: sd0       Usable LBA: 34 to 500118158 [500118192 Sectors]",
      `   #: type${" ".repeat(33)}[       start:         size ]`,
      "-".repeat(72),
      "   0: EFI Sys                              [          64:         960 ]",
    ].join("\n");
    expect(
      parseListing(ruled).ok ? "" : (parseListing(ruled) as { error: string }).error,
    ).not.toContain("look cut");
  });

  it("is not suspected in a paste whose long lines differ in length", () => {
    const result = parseListing(`${"x".repeat(90)}\n${"y".repeat(91)}\nshort`);
    expect(result.ok ? "" : result.error).not.toContain("look cut");
  });
});

describe("a listing whose every disk is taken out, pasted with another", () => {
  // parted of a disk formatted whole (`loop`: nothing on it is free), then fdisk -l of another
  // disk (util-linux 2.38's shape, our numbers).
  const parted = `Model:  (file)
Disk /dev/sdc: 131072s
Sector size (logical/physical): 512B/512B
Partition Table: loop
Disk Flags:

Number  Start  End      Size     File system  Flags
 1      0s     131071s  131072s  ext4
`;
  const fdisk = `Disk /dev/sdb: 300 MiB, 314572800 bytes, 614400 sectors
Units: sectors of 1 * 512 = 512 bytes
Sector size (logical/physical): 512 bytes / 512 bytes
I/O size (minimum/optimal): 512 bytes / 512 bytes
Disklabel type: gpt
Disk identifier: 6E0F7C10-6E61-4B4C-9E43-4E1C1D5A7F01

Device      Start    End Sectors  Size Type
/dev/sdb1    2048 206847  204800  100M EFI System
`;

  it("alone, is refused", () => {
    const result = parseListing(parted);
    expect(result.ok).toBe(false);
  });

  it("lets the other listing be read, and says why in an important note", () => {
    const result = parseListing(`${parted}\n${fdisk}`);
    if (!result.ok) throw new Error(result.error);
    expect(result.format).toBe("fdisk");
    expect(result.disks.map((d) => [d.device, d.partitions.length])).toEqual([["/dev/sdb", 1]]);
    const note = result.notes.find((n) => n.line === 1);
    expect(note?.important).toBe(true);
    expect(note?.text).toMatch(
      /^This paste holds more than one listing; the fdisk one was read\. The other shows no disk that can be planned: Line 1: \/dev\/sdc has no partition table \(parted says `loop`\)/,
    );
  });
});
