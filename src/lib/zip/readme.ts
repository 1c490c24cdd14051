/**
 * README.txt: what the zip holds, the host preparation, each disk's extents in words with the
 * VBoxManage commands to attach it as shareable, and the plan's warnings.
 *
 *   Raw Disk Planner: plan "example"
 *   WHAT IS INSIDE … WARNINGS … PREPARE THE HOST … DISK "web" (folder web/) … KEEP IN MIND
 *
 * Plain text, CRLF line ends (Notepad), UTF-8. Whatever a user typed appears as plain text and
 * cannot break the structure: VM and plan names are shown quoted with escapes, and no raw
 * control character, line break or bidirectional override reaches the text.
 */
import type { Finding } from "../plan/findings.ts";
import type { PartitionTable, Plan, PlanDisk, PlanVm } from "../plan/types.ts";
import { guestReadme } from "../guest/view.ts";
import { formatBytes, formatBytesIsExact, groupDigits, VMDK_SECTOR_BYTES } from "../units.ts";
import type { DescriptorLayout, PlannedExtent } from "../vmdk/descriptor.ts";

/** One virtual disk as the zip holds it. */
export interface ReadmeDisk {
  vm: PlanVm;
  /** The folder in the zip, e.g. `web`. */
  folder: string;
  /** The descriptor's file name inside the folder, e.g. `web.vmdk`. */
  descriptorFile: string;
  layout: DescriptorLayout;
  /** The UUID written into the descriptor. */
  uuid: string;
}

export type Host = "windows" | "linux" | "macos" | "unknown";

/** Which host a device path belongs to (docs/vmdk.md, "Devices"). */
export function hostOfDevice(device: string): Host {
  if (/^\\\\[.?]\\/.test(device) || /^[A-Za-z]:[\\/]/.test(device)) return "windows";
  if (/^\/dev\/r?disk[0-9]/.test(device)) return "macos";
  if (device.startsWith("/dev/")) return "linux";
  return "unknown";
}

/**
 * Characters that must not reach the text raw: C0/C1 controls and DEL, line and paragraph
 * separators, bidirectional embeddings, overrides and isolates, unpaired surrogates.
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const escapeUnsafe = (text: string): string =>
  text.replace(
    UNSAFE,
    (c) => `\\u{${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}}`,
  );

/**
 * A name as README.txt shows it: in double quotes, with `\` and `"` escaped and every
 * unsafe character written as `\u{XXXX}`.
 *
 * @example quotedName('Win "11"') // '"Win \\"11\\""'
 */
export function quotedName(name: string): string {
  return `"${escapeUnsafe(name.replace(/\\/g, "\\\\").replace(/"/g, '\\"'))}"`;
}

/** A path or file name shown as is (it has to be typed exactly), but never raw controls. */
const plain = escapeUnsafe;

const sectors = (n: bigint): string => `${groupDigits(n)} sector${n === 1n ? "" : "s"}`;

/** "30 GiB" when exact, "about 30 GiB" when formatBytes had to round. */
function human(byteCount: bigint): string {
  return formatBytesIsExact(byteCount) ? formatBytes(byteCount) : `about ${formatBytes(byteCount)}`;
}

const sized = (n: bigint): string => `${sectors(n)} (${human(n * VMDK_SECTOR_BYTES)})`;

/** What the head file holds, by the VM's guest table. */
const HEAD_HOLDS: Record<PartitionTable, string> = {
  none: "blank: room for the guest's own partition table and boot code",
  mbr: "the guest's MBR partition table, then zeros",
  gpt: "the guest's GPT: protective MBR, header and partition entries, then zeros",
};

function extentWords(
  extent: PlannedExtent,
  disks: readonly PlanDisk[],
  table: PartitionTable,
): string {
  const access = extent.access === "RW" ? "read-write" : "read-only";
  if (extent.source.kind === "head") {
    return (
      `${sized(extent.sectors)} of the file ${plain(extent.file)} beside the descriptor ` +
      `(${HEAD_HOLDS[table]}), ${access}`
    );
  }
  if (extent.source.kind === "padding") {
    return `${sized(extent.sectors)} of zeros (no file: the guest reads zeros, and what it writes there is lost)`;
  }
  if (extent.source.kind === "tail") {
    return (
      `${sized(extent.sectors)} of the file ${plain(extent.file)} beside the descriptor ` +
      `(the GPT's backup: partition entries and backup header), ${access}`
    );
  }
  const diskId = extent.source.disk;
  const disk = disks.find((d) => d.id === diskId);
  const startByte = extent.offset * VMDK_SECTOR_BYTES;
  const ownLba =
    disk?.logicalSectorSize === 4096 && startByte % 4096n === 0n
      ? `, its own 4096-byte LBA ${groupDigits(startByte / 4096n)}`
      : "";
  return (
    `${sized(extent.sectors)} of ${plain(extent.file)} starting at sector ` +
    `${groupDigits(extent.offset)} (byte ${groupDigits(startByte)}${ownLba}), ${access}`
  );
}

interface Writer {
  line(text?: string): void;
  heading(text: string): void;
  /** An indented item; continuation lines are indented further. */
  item(text: string, indent?: number): void;
}

function writer(out: string[]): Writer {
  return {
    line: (text = "") => out.push(text),
    heading(text) {
      out.push("", text, "-".repeat(Math.min(text.length, 78)));
    },
    item(text, indent = 2) {
      out.push(`${" ".repeat(indent)}${text}`);
    },
  };
}

/** Characters a shell may still interpret inside double quotes, per host. */
function shellHazards(text: string, host: Host): string[] {
  const special = host === "windows" ? ["%", "!", "$", "`"] : ["$", "`", "\\", "!"];
  return special.filter((c) => text.includes(c));
}

function hostPreparation(w: Writer, device: string, host: Host): void {
  const shown = plain(device);
  switch (host) {
    case "windows": {
      const disk = /^\\\\[.?]\\(?:PhysicalDrive|Harddisk)([0-9]+)/i.exec(device)?.[1];
      w.item(`${shown} (Windows):`);
      w.item("- Run VirtualBox and VBoxManage as Administrator: raw disk access needs it.", 4);
      w.item(
        `- Take the disk offline first, so Windows does not use the same sectors: in an` +
          ` Administrator prompt run diskpart, then "list disk", "select disk ${disk ?? "N"}",` +
          ` "offline disk" (or Disk Management: right-click the disk, Offline).`,
        4,
      );
      w.item(
        "- Never the disk Windows boots from: it cannot be taken offline. If a range is on that" +
          " disk, never map the partition Windows runs from, and make sure no volume inside a" +
          " mapped range has a drive letter or is in use.",
        4,
      );
      return;
    }
    case "linux":
      w.item(`${shown} (Linux):`);
      w.item(
        "- Your user needs read-write access to the device: add it to the disk group" +
          ' ("sudo usermod -aG disk $USER", then log out and in) or give it the device with a' +
          " udev rule. Do not run VirtualBox as root.",
        4,
      );
      w.item(
        `- Unmount every partition inside the mapped ranges before the VM starts ("lsblk ${shown}"` +
          ' lists them, "sudo umount /dev/…"), and keep them out of /etc/fstab and automounters.',
        4,
      );
      w.item("- Never map the partition the running host uses (/, /boot, swap).", 4);
      return;
    case "macos": {
      const whole = device.replace(/^\/dev\/rdisk/, "/dev/disk").replace(/s[0-9]+$/, "");
      w.item(`${shown} (macOS):`);
      w.item(
        `- Unmount the disk before the VM starts: "diskutil unmountDisk ${plain(whole)}"` +
          " (again after every reboot or reconnect: macOS mounts volumes automatically).",
        4,
      );
      w.item(
        "- The device belongs to root: VirtualBox needs read-write access to it" +
          ` (e.g. "sudo chown $USER ${shown}", which lasts until the next reboot).`,
        4,
      );
      w.item("- Never map the disk macOS boots from.", 4);
      return;
    }
    case "unknown":
      w.item(`${shown}:`);
      w.item(
        "- VirtualBox needs read-write access to it, nothing else may have it mounted or in" +
          " use while the VM runs, and it must never be the disk the host runs from.",
        4,
      );
  }
}

/**
 * The text of README.txt for a plan whose UUIDs are filled in.
 *
 * @example readmeText(plan, disks, findings.filter((f) => f.severity === "warning"))
 */
export function readmeText(
  plan: Plan,
  disks: readonly ReadmeDisk[],
  warnings: readonly Finding[],
): string {
  const out: string[] = [];
  const w = writer(out);
  const title = `Raw Disk Planner: plan ${quotedName(plan.name)}`;
  w.line(title);
  w.line("=".repeat(Math.min(title.length, 78)));
  w.line();
  w.line(
    `This zip holds ${disks.length} VirtualBox disk descriptor${disks.length === 1 ? "" : "s"}` +
      " that give virtual machines direct access to sectors of a physical disk.",
  );
  w.line("Nothing here touches a disk by itself; but once attached, a VM reads and writes those");
  w.line("sectors. Read all of this before you attach a disk: one wrong step destroys data.");

  w.heading("WHAT IS INSIDE");
  w.item("README.txt   this file");
  w.item("plan.json    the plan: load it in Raw Disk Planner to change it; built again, it");
  w.item("             gives these files byte for byte (it keeps each disk's UUID)");
  for (const disk of disks) {
    w.item(`${plain(disk.folder)}/${plain(disk.descriptorFile)}`);
    w.item(`the descriptor of the disk ${quotedName(disk.vm.name)}`, 6);
    const guest = disk.layout.guest;
    if (disk.vm.head.sectors > 0) {
      w.item(`${plain(disk.folder)}/${plain(disk.vm.head.file)}`);
      const holds = guest.table === "none" ? "of zeros" : `holding ${HEAD_HOLDS[guest.table]}`;
      w.item(`its head file: ${sized(BigInt(disk.vm.head.sectors))} ${holds}`, 6);
    }
    for (const extent of disk.layout.extents) {
      if (extent.source.kind !== "tail") continue;
      w.item(`${plain(disk.folder)}/${plain(extent.file)}`);
      w.item(`its GPT tail file: ${sized(extent.sectors)}, the backup partition table`, 6);
    }
  }

  w.heading("WARNINGS");
  if (warnings.length === 0) w.item("The plan has no warnings.");
  for (const warning of warnings) w.item(`- ${plain(warning.message)}`);

  w.heading("PREPARE THE HOST");
  const devices: string[] = [];
  for (const disk of disks) {
    for (const extent of disk.layout.extents) {
      if (extent.source.kind === "range" && !devices.includes(extent.file))
        devices.push(extent.file);
    }
  }
  if (devices.length === 0) w.item("No disk maps a physical device: nothing to prepare.");
  for (const device of devices) hostPreparation(w, device, hostOfDevice(device));

  for (const disk of disks) {
    const { vm, layout } = disk;
    const firstRange = layout.extents.find((e) => e.source.kind === "range");
    const host = firstRange ? hostOfDevice(firstRange.file) : "unknown";
    const separator = host === "windows" ? "\\" : "/";
    const medium = `<path>${separator}${plain(disk.folder)}${separator}${plain(disk.descriptorFile)}`;

    w.heading(`DISK ${quotedName(vm.name)} (folder ${plain(disk.folder)}/)`);
    const total = layout.totalSectors;
    w.line(
      `The guest sees one disk of ${sectors(total)} (${groupDigits(total * VMDK_SECTOR_BYTES)} bytes,` +
        ` ${human(total * VMDK_SECTOR_BYTES)}), made of, in order:`,
    );
    let guestStart = 0n;
    for (const [index, extent] of layout.extents.entries()) {
      w.item(
        `${index === 0 ? "first" : "then"} ${extentWords(extent, plan.disks, layout.guest.table)}`,
      );
      w.item(
        `(guest sectors ${groupDigits(guestStart)} to ${groupDigits(guestStart + extent.sectors - 1n)})`,
        4,
      );
      guestStart += extent.sectors;
    }
    if (layout.guest.table !== "none" || layout.guest.placement === "identity") {
      for (const sentence of guestReadme(layout.guest, vm)) w.line(plain(sentence));
    }
    w.line(`Its UUID (ddb.uuid.image) is ${disk.uuid}; VirtualBox knows the disk by it.`);
    w.line();
    w.line("Attach it to a VM, marked shareable (VirtualBox registers the disk on the way):");
    w.item(
      `VBoxManage storageattach "<VM>" --storagectl "<controller>" --port 0 --device 0` +
        ` --type hdd --medium "${medium}" --mtype shareable`,
    );
    w.line("If the disk is already registered, mark it shareable with:");
    w.item(`VBoxManage modifymedium disk "${medium}" --type shareable`);
    w.line("<VM> is the virtual machine's name in VirtualBox, <controller> its storage controller");
    w.line('(e.g. "SATA"; choose a free --port), <path> the folder this zip was extracted into.');
    const hazards = shellHazards(disk.folder, host);
    if (hazards.length > 0) {
      w.line(
        `The folder name contains ${hazards.join(" ")}, which a shell may interpret even inside` +
          " double quotes: escape it when you type the path, or rename the folder first.",
      );
    }
  }

  w.heading("KEEP IN MIND");
  w.item("- Every disk backed by raw sectors must be Shareable in VirtualBox, or one VM's lock");
  w.item("keeps the others from starting.", 4);
  w.item(
    "- The descriptor (.vmdk) must stay writable: VirtualBox may rewrite it when it registers",
  );
  w.item("the disk. Keep the head file beside it.", 4);
  w.item("- Prepare the host (above) before registering: registering opens the device read-write.");
  if (disks.some((d) => d.layout.guest.table === "none")) {
    w.item("- With a blank head the guest sees no partition table: existing filesystems in the");
    w.item(
      "ranges are there but invisible until a partition entry points at them. A guest that",
      4,
    );
    w.item(
      '"initialises" the disk writes its own table into the head (harmless) and, for GPT, a',
      4,
    );
    w.item("backup table into the last 33 sectors of the virtual disk: the last sectors of the", 4);
    w.item("last range on the physical disk.", 4);
  }
  w.item("- Never attach a range to two running VMs that both write to it: shareable only lifts");
  w.item("VirtualBox's lock, it does not make a filesystem safe to share.", 4);
  w.line();
  return out.join("\r\n");
}
