import { describe, expect, it } from "vitest";
import {
  MAX_NAME_LENGTH,
  deviceKey,
  devicePathProblem,
  devicePathTextProblem,
  fileNameProblem,
  folderKey,
  headFileProblem,
  isWindowsReservedName,
  partitionDevicePathNote,
  planNameProblem,
  quoteForMessage,
  relativeDevicePathProblem,
  unstableDevicePathNote,
  vmNameProblem,
} from "./names.ts";

describe("fileNameProblem", () => {
  it.each([
    "web",
    "Raw_Sectors_1MiB",
    "db-2 (test)",
    "a..b",
    ".hidden",
    " leading space",
    "console",
    "COM10",
    "LPT0",
    "CONNECT.txt",
    "été",
    "日本語",
    "x".repeat(MAX_NAME_LENGTH),
  ])("accepts %j", (name) => {
    expect(fileNameProblem(name)).toBeNull();
  });

  it.each([
    ["", /is empty/],
    ['we"b', /double quote/],
    ["a\nb", /line break \(U\+000A\)/],
    ["a\rb", /line break \(U\+000D\)/],
    ["a\u2028b", /line break \(U\+2028\)/],
    ["a\u0000b", /NUL character/],
    ["a\tb", /a tab/],
    ["a\u001fb", /control character \(U\+001F\)/],
    ["a\u007fb", /control character \(U\+007F\)/],
    ["a\u0085b", /control character \(U\+0085\)/],
    ["a\u009fb", /control character \(U\+009F\)/],
    ["../etc", /path separator \(\/\)/],
    ["a/b", /path separator \(\/\)/],
    ["a\\b", /path separator \(\\\)/],
    ["..", /the parent folder/],
    [".", /the current folder/],
    ["a<b", /"<", which Windows forbids/],
    ["a>b", /">"/],
    ["c:x", /":"/],
    ["a|b", /"\|"/],
    ["a?b", /"\?"/],
    ["a*b", /"\*"/],
    ["web.", /ends with a dot/],
    ["web ", /ends with a space/],
    ["...", /ends with a dot/],
    ["CON", /reserved by Windows for a device \(CON\)/],
    ["con", /reserved by Windows/],
    ["con.txt", /reserved by Windows for a device \(CON\)/],
    ["Con.tar.gz", /reserved/],
    ["PRN", /reserved/],
    ["aux", /reserved/],
    ["NUL", /reserved/],
    ["nul .txt", /reserved/],
    ["COM1", /reserved by Windows for a device \(COM1\)/],
    ["com9.log", /reserved/],
    ["LPT1", /reserved/],
    ["lpt9", /reserved/],
    ["COM¹", /reserved/],
    ["CONIN$", /reserved/],
    ["x".repeat(MAX_NAME_LENGTH + 1), /is 101 characters long; at most 100/],
    ["x".repeat(1000), /is 1000 characters long/],
    ["evil\u202Egnp.exe", /bidirectional control \(U\+202E\)/],
    ["a\u202Ab", /bidirectional control \(U\+202A\)/],
    ["a\u2066b", /bidirectional control \(U\+2066\)/],
    ["a\u2069b", /bidirectional control \(U\+2069\)/],
    ["a\u200Bb", /invisible format character \(U\+200B\)/],
    ["a\uFEFFb", /invisible format character \(U\+FEFF\)/],
    ["a\u00ADb", /invisible format character \(U\+00AD\)/],
    ["a\uD800b", /lone surrogate/],
  ])("refuses %j", (name, reason) => {
    expect(fileNameProblem(name)).toMatch(reason);
  });

  it.each(["WEBSER~1", "webser~1", "RAW_SE~1", "A~1", "PROGR~12.TXT", "ab~123.x"])(
    "refuses %j, shaped like a Windows short (8.3) name that may be another file's",
    (name) => {
      // With short names on (the default on a Windows system drive), webserver1 is also
      // WEBSER~1: unzipping a folder WEBSER~1 beside it writes into webserver1.
      expect(fileNameProblem(name)).toMatch(/short \(8\.3\) name/);
    },
  );

  it.each(["a~b", "web~", "webserver~1", "backup~1.tar.gz", "x~1.vmdk", "PROGRA~12.TXT", "~"])(
    "accepts %j, which no short name can be",
    (name) => {
      expect(fileNameProblem(name)).toBeNull();
    },
  );

  it("counts characters, not UTF-16 units", () => {
    expect(fileNameProblem("é".repeat(MAX_NAME_LENGTH))).toBeNull();
    expect(fileNameProblem("é".repeat(MAX_NAME_LENGTH + 1))).toMatch(/101 characters/);
  });

  it("refuses a name longer than 255 bytes in UTF-8, which Linux and macOS cannot create", () => {
    // ext4, XFS, Btrfs and APFS allow 255 bytes per name: 64 emoji are 256 bytes.
    expect(fileNameProblem("😀".repeat(63))).toBeNull();
    expect(fileNameProblem("😀".repeat(64))).toMatch(/256 bytes in UTF-8; at most 255/);
    expect(fileNameProblem("漢".repeat(86))).toMatch(/258 bytes/);
    expect(fileNameProblem("😀".repeat(MAX_NAME_LENGTH))).toMatch(/400 bytes/);
  });
});

describe("isWindowsReservedName", () => {
  it.each([
    ["CON", true],
    ["con.txt", true],
    ["CON .txt", true],
    ["LPT3.a.b", true],
    ["COM0", false],
    ["CONSOLE", false],
    ["XCON", false],
    ["", false],
  ])("%j → %s", (name, reserved) => {
    expect(isWindowsReservedName(name)).toBe(reserved);
  });
});

describe("folderKey", () => {
  it("ignores case and Unicode normalisation", () => {
    expect(folderKey("Web")).toBe(folderKey("web"));
    expect(folderKey("WEB")).toBe(folderKey("web"));
    expect(folderKey("caf\u00e9")).toBe(folderKey("cafe\u0301"));
    expect(folderKey("web1")).not.toBe(folderKey("web2"));
  });

  it("folds letters whose upper case is another letter's, as NTFS compares names", () => {
    // NTFS upcases each character before comparing: ſ (long s) is S, ς (final sigma) is Σ,
    // µ (micro sign) is Μ, ı (dotless i) is I. Two folders named so are one folder there.
    expect(folderKey("\u017f")).toBe(folderKey("s"));
    expect(folderKey("\u03c2")).toBe(folderKey("\u03c3"));
    expect(folderKey("\u00b5")).toBe(folderKey("\u03bc"));
    expect(folderKey("\u0131")).toBe(folderKey("I"));
    // One character upcased to two (ß to SS) is no NTFS fold: ß and ss stay apart.
    expect(folderKey("\u00df")).not.toBe(folderKey("ss"));
  });
});

describe("vmNameProblem", () => {
  it("leaves room for .vmdk within 255 bytes", () => {
    expect(vmNameProblem("漢".repeat(83))).toBeNull(); // 249 bytes, 254 with .vmdk
    expect(vmNameProblem("漢".repeat(84))).toMatch(/<name>\.vmdk would be 257 bytes/);
  });

  it("applies the file-name rules", () => {
    expect(vmNameProblem("web")).toBeNull();
    expect(vmNameProblem("a/b")).toMatch(/path separator/);
  });

  it.each(["README.txt", "readme.TXT", "plan.json", "PLAN.JSON"])(
    "refuses %j, a file at the top of the zip",
    (name) => {
      expect(vmNameProblem(name)).toMatch(/would clash with the (README\.txt|plan\.json) file/);
    },
  );

  it("accepts names that only resemble them", () => {
    expect(vmNameProblem("README")).toBeNull();
    expect(vmNameProblem("plan.json2")).toBeNull();
  });
});

describe("headFileProblem", () => {
  it("applies the file-name rules", () => {
    expect(headFileProblem("Raw_Sectors_1MiB", "web")).toBeNull();
    expect(headFileProblem('Raw"x', "web")).toMatch(/double quote/);
    expect(headFileProblem("../Raw", "web")).toMatch(/path separator/);
    expect(headFileProblem("", "web")).toMatch(/is empty/);
  });

  it("refuses the descriptor's own name, in any case or normalisation", () => {
    expect(headFileProblem("web.vmdk", "web")).toMatch(/descriptor's own name \(web\.vmdk\)/);
    expect(headFileProblem("WEB.VMDK", "web")).toMatch(/descriptor's own name/);
    expect(headFileProblem("cafe\u0301.vmdk", "caf\u00e9")).toMatch(/descriptor's own name/);
  });

  it("refuses the names of the files and folders the zip puts beside the descriptor", () => {
    for (const name of ["register.sh", "Check-Disk.ps1", "register.cmd", "qemu", "DM"]) {
      expect(headFileProblem(name, "web"), name).toMatch(/the zip puts beside the descriptor/);
    }
    expect(headFileProblem("qemu.img", "web")).toBeNull();
  });

  it("accepts other .vmdk names", () => {
    expect(headFileProblem("web.vmdk", "db")).toBeNull();
    expect(headFileProblem("web-head.vmdk", "web")).toBeNull();
  });
});

describe("planNameProblem", () => {
  it("leaves room for .zip within 255 bytes", () => {
    expect(planNameProblem("漢".repeat(83) + "ab")).toBeNull(); // 251 bytes, 255 with .zip
    expect(planNameProblem("漢".repeat(84))).toMatch(/<name>\.zip would be 256 bytes/);
  });

  it("applies the file-name rules", () => {
    expect(planNameProblem("lab disks")).toBeNull();
    expect(planNameProblem("NUL")).toMatch(/reserved/);
    expect(planNameProblem("a:b")).toMatch(/":"/);
  });
});

describe("devicePathProblem", () => {
  it.each([
    "\\\\.\\PhysicalDrive0",
    "\\\\.\\Harddisk1Partition2",
    "/dev/sda",
    "/dev/disk/by-id/ata-Samsung_SSD_860_EVO_1TB_S3Z8NB0K123456X",
    "/dev/rdisk2",
    "\\\\?\\PhysicalDrive3",
  ])("accepts %j", (path) => {
    expect(devicePathProblem(path)).toBeNull();
  });

  it.each([
    ["", /is empty/],
    ['/dev/sd"a', /double quote/],
    ["/dev/sda\n", /line break/],
    ["/dev/sda\r", /line break/],
    ["/dev/\u0000sda", /NUL/],
    ["/dev/\u202Esda", /bidirectional control \(U\+202E\)/],
    ["/dev/sda\u200B", /invisible format character/],
    ["/dev/sda ", /white space/],
    [" /dev/sda", /white space/],
    ["/" + "x".repeat(1024), /1025 characters long/],
    [
      "dev/sda",
      /is relative: VirtualBox treats a path as absolute only when it starts with \/ or \\/,
    ],
    ["C:\\disk.img", /is relative: .*\("C:" does not count\)/],
    ["PhysicalDrive0", /is relative/],
  ])("refuses %j", (path, reason) => {
    expect(devicePathProblem(path)).toMatch(reason);
  });

  it("separates text problems from relativity", () => {
    expect(devicePathTextProblem("C:\\disk.img")).toBeNull();
    expect(relativeDevicePathProblem("C:\\disk.img")).toMatch(/is relative/);
    expect(relativeDevicePathProblem("/dev/sda")).toBeNull();
    expect(relativeDevicePathProblem("\\\\.\\PhysicalDrive0")).toBeNull();
  });
});

describe("deviceKey", () => {
  it.each([
    ["\\\\.\\PhysicalDrive0", "\\\\.\\physicaldrive0"],
    ["\\\\.\\PHYSICALDRIVE0", "\\\\.\\physicaldrive0"],
    ["\\\\?\\PhysicalDrive0", "\\\\.\\physicaldrive0"],
    ["//./PhysicalDrive0", "\\\\.\\physicaldrive0"],
    ["\\\\.\\Harddisk0Partition0", "\\\\.\\physicaldrive0"],
    ["\\\\.\\Harddisk0Partition1", "\\\\.\\harddisk0partition1"],
    ["/dev/rdisk2", "/dev/disk2"],
    ["/dev/rdisk2s1", "/dev/disk2s1"],
    ["/dev/sda", "/dev/sda"],
    ["/dev/SDA", "/dev/SDA"],
  ])("%j → %j", (path, key) => {
    expect(deviceKey(path)).toBe(key);
  });
});

describe("partitionDevicePathNote", () => {
  it.each([
    ["\\\\.\\Harddisk0Partition2", /partition 2 of disk 0/],
    ["\\\\.\\harddisk1partition1", /partition 1 of disk 1/],
    ["\\\\.\\C:", /volume/],
    ["\\\\?\\Volume{0b3d8a7e-1234-4a1b-9c3d-000000000000}", /volume/],
    ["/dev/sda1", /partition \(sda1\)/],
    ["/dev/nvme0n1p3", /partition \(nvme0n1p3\)/],
    ["/dev/mmcblk0p1", /partition/],
    ["/dev/disk2s1", /partition/],
    ["/dev/ada0p2", /partition \(ada0p2\)/],
    ["/dev/da0s1", /partition \(da0s1\)/],
    ["/dev/ada0s1a", /partition \(ada0s1a\)/],
    ["/dev/gpt/zfs0", /partition/],
    ["/dev/disk/by-id/ata-X-part1", /partition/],
    ["/dev/disk/by-partuuid/1234-01", /partition/],
    ["/dev/disk/by-uuid/abcd", /filesystem/],
  ])("%j names a partition", (path, note) => {
    expect(partitionDevicePathNote(path)).toMatch(note);
  });

  it.each([
    "\\\\.\\PhysicalDrive0",
    "\\\\.\\Harddisk0Partition0",
    "/dev/sda",
    "/dev/nvme0n1",
    "/dev/mmcblk0",
    "/dev/disk2",
    "/dev/disk/by-id/ata-X",
    "/dev/ada0",
    "/dev/nvd0",
  ])("%j names a whole disk", (path) => {
    expect(partitionDevicePathNote(path)).toBeNull();
  });
});

describe("unstableDevicePathNote", () => {
  it.each([
    ["/dev/sda", /by-id/],
    ["/dev/sdb2", /by-id/],
    ["/dev/hdc", /by-id/],
    ["/dev/vda", /by-id/],
    ["/dev/nvme0n1", /by-id/],
    ["/dev/nvme1n1p2", /by-id/],
    ["/dev/mmcblk0", /by-id/],
    ["/dev/disk3", /diskutil list/],
    ["/dev/rdisk3", /diskutil list/],
    // Other spellings of those names are just as unstable.
    ["/dev//sda", /by-id/],
    ["/dev/./sdb", /by-id/],
    ["/dev/disk/../sda", /by-id/],
    ["//dev/nvme0n1/", /by-id/],
    ["/dev//disk3", /diskutil list/],
  ])("%j may change between boots", (path, note) => {
    expect(unstableDevicePathNote(path)).toMatch(note);
  });

  it.each([
    "/dev/disk/by-id/nvme-Samsung_SSD_970_EVO_1TB_S1",
    "/dev/disk/by-path/pci-0000:00:17.0-ata-1",
    "\\\\.\\PhysicalDrive0",
  ])("%j is stable", (path) => {
    expect(unstableDevicePathNote(path)).toBeNull();
  });
});

describe("quoteForMessage", () => {
  it("spells out invisible characters so a name cannot reorder the message", () => {
    expect(quoteForMessage("web")).toBe('"web"');
    expect(quoteForMessage("a\u202Eb")).toBe('"a\\u{202E}b"');
    expect(quoteForMessage("a\nb")).toBe('"a\\u{A}b"');
    expect(quoteForMessage("\\\\.\\PhysicalDrive0")).toBe('"\\\\.\\PhysicalDrive0"');
  });

  it("cuts long names and says how long they are", () => {
    const quoted = quoteForMessage("x".repeat(1000));
    expect(quoted).toBe(`"${"x".repeat(57)}…" (1000 characters)`);
  });
});
