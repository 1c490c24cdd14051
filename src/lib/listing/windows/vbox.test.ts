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
