import { describe, expect, it } from "vitest";
import type { Finding } from "../plan/findings.ts";
import type { Plan, PlanDisk } from "../plan/types.ts";
import { bytes } from "../units.ts";
import { writeDescriptor } from "../vmdk/descriptor.ts";
import { exampleDisk, plan, range, splitPlan, vm } from "../vmdk/plans.testkit.ts";
import { hostOfDevice } from "./hostPreparation.ts";
import { readmeText, type ReadmeDisk } from "./readme.ts";
import { quotedName } from "./readmeWords.ts";

const UUID = "0b6d7a7e-7f38-4c1e-9d7e-1d2f3a4b5c6d";

function readme(p: Plan, warnings: Finding[] = []): string {
  const disks: ReadmeDisk[] = p.vms.map((v) => {
    const written = writeDescriptor(v, p.disks, { uuid: UUID });
    if (!written.ok) throw new Error(written.error);
    return {
      vm: v,
      folder: v.name,
      descriptorFile: `${v.name}.vmdk`,
      layout: written,
      uuid: written.uuid,
    };
  });
  return readmeText(p, disks, warnings);
}

const lines = (text: string) => text.split("\r\n");

describe("README.txt for the split example", () => {
  const text = readme(splitPlan());

  it("describes each disk's extents in words, with exact sectors and bytes", () => {
    const all = lines(text);
    expect(all).toContain(
      "  first 2,048 sectors (1 MiB) of the file Raw_Sectors_1MiB beside the descriptor" +
        " (blank: room for the guest's own partition table and boot code), read-write",
    );
    expect(all).toContain(
      "  then 62,914,560 sectors (30 GiB) of \\\\.\\PhysicalDrive0 starting at sector" +
        " 125,831,168 (byte 64,425,558,016), read-write",
    );
    expect(all).toContain(
      "  then 62,914,560 sectors (30 GiB) of \\\\.\\PhysicalDrive0 starting at sector" +
        " 188,745,728 (byte 96,637,812,736), read-write",
    );
    expect(all).toContain("    (guest sectors 2,048 to 62,916,607)");
  });

  it("gives the guest's total size", () => {
    expect(lines(text)).toContain(
      "The guest sees one disk of 62,916,608 sectors (32,213,303,296 bytes, about 30 GiB), made of, in order:",
    );
  });

  it("gives the exact VBoxManage commands, with Windows paths", () => {
    const vbox = '& "$env:ProgramFiles\\Oracle\\VirtualBox\\VBoxManage.exe"';
    expect(lines(text)).toContain(
      `  ${vbox} storageattach "<VM>" --storagectl "<controller>" --port <P> --device 0 --type hdd` +
        ' --medium "<path>\\db\\db.vmdk" --mtype shareable',
    );
    expect(lines(text)).toContain(
      `  ${vbox} modifymedium disk "<path>\\web\\web.vmdk" --type shareable`,
    );
    expect(lines(text)).toContain(
      '  register.cmd "db"   (as Administrator; it runs check-disk.ps1 and register.ps1)',
    );
    // No command attaches to a fixed port: storageattach would replace the disk there.
    expect(text).not.toMatch(/--port \d/);
  });

  it("lists what is inside", () => {
    const all = lines(text);
    const inside = all.slice(all.indexOf("WHAT IS INSIDE"), all.indexOf("WARNINGS"));
    expect(inside).toEqual([
      "WHAT IS INSIDE",
      "--------------",
      "  README.txt   this file",
      "  plan.json    the plan: load it in Raw Disk Planner to change it; built again, it",
      "               gives these files byte for byte (it keeps each disk's UUID)",
      "  web/web.vmdk",
      '      the descriptor of the disk "web"',
      "  web/Raw_Sectors_1MiB",
      "      its head file: 2,048 sectors (1 MiB) of zeros",
      "  db/db.vmdk",
      '      the descriptor of the disk "db"',
      "  db/Raw_Sectors_1MiB",
      "      its head file: 2,048 sectors (1 MiB) of zeros",
      "",
    ]);
  });

  it("prepares a Windows host once per device: Administrator, offline, never the boot disk", () => {
    expect(text.match(/\(Windows, disk 0\):/g)).toHaveLength(1);
    expect(text).toContain("Run VirtualBox and VBoxManage as Administrator");
    // Per partition: the split's Partition #1, by its exact offset, and how to give it back.
    expect(lines(text)).toContain(
      "        Get-Partition -DiskNumber 0 | Where-Object Offset -eq 64425558016 | Set-Partition -IsOffline $true",
    );
    expect(lines(text)).toContain(
      "        Get-Partition -DiskNumber 0 | Where-Object Offset -eq 64425558016 | Set-Partition -IsOffline $false",
    );
    expect(text).toContain("IsBoot False and IsSystem False");
    expect(text).toContain("The disk Windows boots from cannot be taken offline");
  });

  it("says the descriptor must stay writable, and that there are no warnings", () => {
    expect(text).toContain("The descriptor (.vmdk) must stay writable");
    expect(lines(text)).toContain("  The plan has no warnings.");
  });

  it("ends every line in CRLF", () => {
    expect(text.replaceAll("\r\n", "")).not.toMatch(/[\r\n]/);
    expect(text.endsWith("\r\n")).toBe(true);
  });
});

describe("README.txt for other hosts and disks", () => {
  const linux: PlanDisk = { ...exampleDisk(), device: "/dev/disk/by-id/ata-X" };
  const mac: PlanDisk = { ...exampleDisk(), id: "d1", device: "/dev/rdisk2" };

  it("prepares Linux and macOS hosts, with POSIX paths in the commands", () => {
    const text = readme(
      plan("p", [linux, mac], [vm("a", [range(2048n, 8n)]), vm("b", [range(8n, 8n, "d1")])]),
    );
    expect(text).toContain("/dev/disk/by-id/ata-X (Linux):");
    expect(text).toContain("add it to the disk group");
    expect(text).toContain("sudo umount '/dev/disk/by-id/ata-X-part0'");
    expect(text).toContain("comment out its line in /etc/fstab");
    expect(text).toContain("A range lies in unpartitioned space: nothing to unmount for it.");
    expect(text).toContain(`sudo chown "$USER" '/dev/rdisk2'`);
    expect(text).toContain('--medium "<path>/a/a.vmdk" --mtype shareable');
    expect(text).toContain("sh check-disk.sh && VBoxManage startvm 'a'");
  });

  it("prepares a FreeBSD host in FreeBSD's terms: devfs rule, operator group, GEOM", () => {
    const bsd: PlanDisk = { ...exampleDisk(), device: "/dev/ada1", tableType: "gpt" };
    const text = readme(plan("p", [bsd], [vm("a", [range(2048n, 8n)])]));
    expect(text).toContain("/dev/ada1 (FreeBSD):");
    expect(text).toContain('sudo pw groupmod operator -m "$USER"');
    expect(lines(text)).toContain("        add path 'ada1*' mode 0660 group operator");
    expect(text).toContain('devfs_system_ruleset="localrules" in /etc/rc.conf');
    expect(text).toMatch(/sudo umount '\/dev\/ada1p\d+'/);
    expect(text).toMatch(/sudo swapoff '\/dev\/ada1p\d+'/);
    expect(text).toContain("line in /etc/fstab");
    expect(text).toContain("lets no program write to a disk while any of its partitions");
    expect(text).toContain("gpart show -p 'ada1'");
    // None of Linux's words: no disk group, no udev, no lsblk.
    expect(text).not.toMatch(/disk group|udev|lsblk|\(Linux\)/);
    expect(text).toContain("sh check-disk.sh && VBoxManage startvm 'a'");
  });

  it("gives a 4096-byte-sector disk's own LBA", () => {
    const disk: PlanDisk = {
      ...exampleDisk(),
      logicalSectorSize: 4096,
      sizeBytes: bytes(2n ** 45n),
    };
    const text = readme(plan("p", [disk], [vm("a", [range(8n * 5n ** 12n, 8n * 1000n)])]));
    expect(text).toContain(
      "starting at sector 1,953,125,000 (byte 1,000,000,000,000, its own 4096-byte LBA 244,140,625)",
    );
  });

  it("lists every warning's message", () => {
    const warnings: Finding[] = [
      { severity: "warning", code: "a", message: "First.", targets: [] },
      { severity: "warning", code: "b", message: "Second\nwith\u0007 a bell.", targets: [] },
    ];
    const all = lines(readme(splitPlan(), warnings));
    expect(all.slice(all.indexOf("WARNINGS") + 2, all.indexOf("WARNINGS") + 4)).toEqual([
      "  - First.",
      "  - Second\\u{000A}with\\u{0007} a bell.",
    ]);
  });

  it("lists a few warnings of each kind and counts the rest", () => {
    // A plan at the format's limits has some 26,000 per-range warnings.
    const warnings: Finding[] = Array.from({ length: 26000 }, (_, i) => ({
      severity: "warning",
      code: i % 2 === 0 ? "not-aligned-1mib" : "partial-partition",
      message: `Warning ${i}.`,
      targets: [],
    }));
    const text = readme(splitPlan(), warnings);
    const all = lines(text);
    const listed = all.filter((l) => /^ {2}- Warning \d+\.$/.test(l));
    expect(listed).toHaveLength(10);
    expect(all).toContain(
      '  12995 more warnings like "not-aligned-1mib" above are not listed here. Open plan.json in Raw Disk Planner to see every one.',
    );
    expect(all).toContain(
      '  12995 more warnings like "partial-partition" above are not listed here. Open plan.json in Raw Disk Planner to see every one.',
    );
    expect(text.length).toBeLessThan(readme(splitPlan()).length + 2000);
  });
});

describe("hostile names", () => {
  it("shows names quoted and escaped, and lets no raw control character through", () => {
    const name = 'evil"\\\n\r\u0000\u202eexe.txt\u2028';
    const p = plan(
      name,
      [{ ...exampleDisk(), device: "/dev/sda\u202e" }],
      [vm(name, [range(2048n, 8n)])],
    );
    const text = readme(p);
    expect(text).toContain(
      'Raw Disk Planner: plan "evil\\"\\\\\\u{000A}\\u{000D}\\u{0000}\\u{202E}exe.txt\\u{2028}"',
    );
    expect(text.replaceAll("\r\n", "")).not.toMatch(
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/,
    );
  });

  it.each([
    ["web", '"web"'],
    ['a"b', '"a\\"b"'],
    ["a\\b", '"a\\\\b"'],
    ["日本 🙂", '"日本 🙂"'],
    ["\ud83d", '"\\u{D83D}"'],
  ])("quotedName(%j) is %s", (name, shown) => {
    expect(quotedName(name)).toBe(shown);
  });

  it("prepares a Windows partition path by its number, not by disk offsets, and says check-disk.ps1 refuses it", () => {
    const part: PlanDisk = { ...exampleDisk(), device: "\\\\.\\Harddisk1Partition2" };
    const text = readme(plan("p", [part], [vm("a", [range(2048n, 8n)])]));
    const all = lines(text);
    expect(text).toContain("\\\\.\\Harddisk1Partition2 (Windows, partition 2 of disk 1):");
    expect(all).toContain(
      "        Get-Partition -DiskNumber 1 -PartitionNumber 2 | Set-Partition -IsOffline $true",
    );
    expect(all).toContain(
      "        Get-Partition -DiskNumber 1 -PartitionNumber 2 | Set-Partition -IsOffline $false",
    );
    expect(text).toContain(`must show Size ${part.sizeBytes} (`);
    expect(text).toContain("check-disk.ps1 compares whole disks only and refuses this path");
    expect(text).toContain("\\\\.\\PhysicalDrive1");
    // The plan's offsets count from the partition's start, not the disk's: no command uses them.
    expect(text).not.toContain("Where-Object Offset");
    expect(text).not.toContain("(Windows, disk 1)");
    expect(text).not.toContain("Set-Disk");
  });

  it("warns when a folder name holds characters a shell expands", () => {
    expect(readme(plan("p", [exampleDisk()], [vm("100%", [range(2048n, 8n)])]))).toContain(
      "The folder name contains %, which a shell may interpret",
    );
  });
});

describe("hostOfDevice", () => {
  it.each([
    ["\\\\.\\PhysicalDrive0", "windows"],
    ["\\\\.\\Harddisk1Partition2", "windows"],
    ["\\??\\PhysicalDrive1", "windows"],
    ["//./PhysicalDrive1", "windows"],
    ["C:\\disks\\x", "windows"],
    ["/dev/sda", "linux"],
    ["/dev/nvme0n1", "linux"],
    ["/dev/disk/by-id/ata-X", "linux"],
    ["/dev/disk2", "macos"],
    ["/dev/rdisk3", "macos"],
    ["disk.img", "unknown"],
  ])("%s → %s", (device, host) => {
    expect(hostOfDevice(device)).toBe(host);
  });
});
