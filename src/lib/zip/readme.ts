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
import type {
  PartitionTable,
  Plan,
  PlanDisk,
  PlanPartition,
  PlanVm,
  Target,
} from "../plan/types.ts";
import { cmdQuote, shQuote } from "./shellQuote.ts";
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

/** The host's partitions a device's mapped ranges touch, and whether any range is free space. */
function touchedPartitions(
  disk: PlanDisk | undefined,
  ranges: readonly { start: bigint; end: bigint }[],
): { partitions: PlanPartition[]; freeSpace: boolean } {
  const partitions: PlanPartition[] = [];
  let freeSpace = false;
  for (const r of ranges) {
    const hits = (disk?.partitions ?? []).filter(
      (p) =>
        !p.flags?.includes("extended") &&
        p.startByte < r.end &&
        r.start < p.startByte + p.sizeBytes,
    );
    if (hits.length === 0) freeSpace = true;
    for (const p of hits) if (!partitions.includes(p)) partitions.push(p);
  }
  return { partitions, freeSpace };
}

/** `/dev/sda` + partition 2 → `/dev/sda2`; `/dev/nvme0n1` → `/dev/nvme0n1p2`. */
function partitionDevice(device: string, p: PlanPartition): string {
  if (p.label.startsWith("/dev/")) return p.label;
  if (p.number === null) return `${device} partition at byte ${p.startByte}`;
  if (device.startsWith("/dev/disk/by-")) return `${device}-part${p.number}`;
  return `${device}${/\d$/.test(device) ? "p" : ""}${p.number}`;
}

const partitionWords = (p: PlanPartition): string =>
  `${plain(p.label || `partition ${p.number ?? "?"}`)} (byte ${groupDigits(p.startByte)}, ${human(p.sizeBytes)})`;

function hostPreparation(
  w: Writer,
  device: string,
  host: Host,
  disk: PlanDisk | undefined,
  ranges: readonly { start: bigint; end: bigint }[],
): void {
  const shown = plain(device);
  const { partitions, freeSpace } = touchedPartitions(disk, ranges);
  const none = partitions.length === 0;
  switch (host) {
    case "windows": {
      const number = /^\\\\[.?]\\(?:PhysicalDrive|Harddisk)([0-9]+)/i.exec(device)?.[1] ?? "N";
      w.item(`${shown} (Windows, disk ${number}):`);
      w.item("- Run VirtualBox and VBoxManage as Administrator: raw disk access needs it.", 4);
      for (const p of partitions) {
        w.item(
          `- ${partitionWords(p)} is mapped: Windows must not mount it while the VM runs. In` +
            " PowerShell as Administrator, take it offline (this dismounts its volume):",
          4,
        );
        w.item(
          `Get-Partition -DiskNumber ${number} | Where-Object Offset -eq ${p.startByte} | Set-Partition -IsOffline $true`,
          8,
        );
        w.item("and to give it back to Windows after the VM is done:", 6);
        w.item(
          `Get-Partition -DiskNumber ${number} | Where-Object Offset -eq ${p.startByte} | Set-Partition -IsOffline $false`,
          8,
        );
      }
      if (freeSpace) {
        w.item(
          "- A range lies in unpartitioned space: Windows mounts nothing there, so nothing needs" +
            " to be taken offline for it.",
          4,
        );
      }
      w.item(
        `- Take the whole disk offline (Set-Disk -Number ${number} -IsOffline $true, or Disk` +
          " Management: right-click the disk, Offline) only if it holds neither Windows nor its" +
          ` boot partitions: Get-Disk -Number ${number} must show IsBoot False and IsSystem False.` +
          " The disk Windows boots from cannot be taken offline; take its mapped partitions" +
          " offline as above instead, and never map the partition Windows runs from.",
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
      for (const p of partitions) {
        const dev = partitionDevice(device, p);
        w.item(
          `- ${partitionWords(p)} is mapped: unmount it before the VM starts (sudo umount` +
            ` ${plain(shQuote(dev))}) and comment out its line in /etc/fstab (by ${plain(dev)} or its` +
            " UUID from sudo blkid), so the host never mounts it again.",
          4,
        );
      }
      if (freeSpace) {
        w.item("- A range lies in unpartitioned space: nothing to unmount for it.", 4);
      }
      if (none && !freeSpace) {
        w.item(
          `- Unmount every partition inside the mapped ranges (lsblk ${plain(shQuote(device))}).`,
          4,
        );
      }
      w.item("- Never map the partition the running host uses (/, /boot, swap).", 4);
      return;
    case "macos": {
      const whole = device.replace(/^\/dev\/rdisk/, "/dev/disk").replace(/s[0-9]+$/, "");
      w.item(`${shown} (macOS):`);
      for (const p of partitions) {
        const slice = p.number === null ? null : `${whole}s${p.number}`;
        w.item(
          `- ${partitionWords(p)} is mapped: unmount it before the VM starts` +
            (slice ? ` (diskutil unmount ${plain(shQuote(slice))})` : "") +
            " and again after every reboot or reconnect: macOS mounts volumes automatically.",
          4,
        );
      }
      if (freeSpace) w.item("- A range lies in unpartitioned space: nothing to unmount for it.", 4);
      if (none && !freeSpace) {
        w.item(
          `- Unmount the disk before the VM starts: diskutil unmountDisk ${plain(shQuote(whole))}.`,
          4,
        );
      }
      w.item(
        "- The device belongs to root: VirtualBox needs read-write access to it" +
          ` (e.g. sudo chown "$USER" ${plain(shQuote(device))}, which lasts until the next reboot).`,
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
 * The host preparation of a plan, per device and per mapped partition, as README.txt words it
 * (indented lines); the page's review shows the same lines.
 *
 * @example preparationLines(workedExampleSplit)
 * // ["  \\\\.\\PhysicalDrive0 (Windows, disk 0):", "    - Run VirtualBox …", …]
 */
export function preparationLines(plan: Plan): string[] {
  const out: string[] = [];
  const w = writer(out);
  const byDevice = new Map<string, { disk: PlanDisk; ranges: { start: bigint; end: bigint }[] }>();
  for (const vm of plan.vms) {
    for (const range of vm.ranges) {
      const disk = plan.disks.find((d) => d.id === range.disk);
      if (!disk || disk.device === "") continue;
      let entry = byDevice.get(disk.device);
      if (!entry) {
        entry = { disk, ranges: [] };
        byDevice.set(disk.device, entry);
      }
      const start = range.startSector * VMDK_SECTOR_BYTES;
      entry.ranges.push({ start, end: start + range.sectors * VMDK_SECTOR_BYTES });
    }
  }
  for (const [device, { disk, ranges }] of byDevice) {
    hostPreparation(w, device, hostOfDevice(device), disk, ranges);
  }
  return out;
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
  targetsOf: (vm: PlanVm) => readonly Target[] = (vm) => vm.targets ?? ["virtualbox"],
): string {
  const out: string[] = [];
  const w = writer(out);
  const title = `Raw Disk Planner: plan ${quotedName(plan.name)}`;
  w.line(title);
  w.line("=".repeat(Math.min(title.length, 78)));
  w.line();
  w.line(
    disks.length === 1
      ? "This zip holds 1 VirtualBox disk descriptor that gives a virtual machine direct access to sectors of a physical disk."
      : `This zip holds ${disks.length} VirtualBox disk descriptors that give virtual machines direct access to sectors of a physical disk.`,
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
  for (const line of preparationLines(plan)) out.push(line);

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
    const vbox =
      host === "windows"
        ? '& "$env:ProgramFiles\\Oracle\\VirtualBox\\VBoxManage.exe"'
        : "VBoxManage";
    w.line("Register it with a VM (the easy way): in this folder run");
    w.item(
      host === "windows"
        ? `register.cmd ${plain(cmdQuote(vm.name) ?? '"<VM>"')}   (as Administrator; it runs check-disk.ps1 and register.ps1)`
        : `sh register.sh ${plain(shQuote(vm.name))}   (it runs check-disk.sh first)`,
    );
    w.line("It creates the VM if needed, adds the controller RawDiskPlanner and attaches the disk");
    w.line("at that controller's first free port, never over another disk, marked shareable;");
    w.line("running it again changes nothing. By hand instead (PowerShell on Windows, where");
    w.line("VBoxManage is not on the PATH), first find a free port: in the output of");
    w.item(`${vbox} showvminfo "<VM>" --machinereadable`);
    w.line('a free port P of controller <controller> shows as "<controller>-P-0"="none". Then:');
    w.item(
      `${vbox} storageattach "<VM>" --storagectl "<controller>" --port <P> --device 0` +
        ` --type hdd --medium "${medium}" --mtype shareable`,
    );
    w.line(
      "Never use a port that holds a disk: storageattach replaces whatever is attached there.",
    );
    w.line("If the disk is already registered, mark it shareable with:");
    w.item(`${vbox} modifymedium disk "${medium}" --type shareable`);
    w.line("<VM> is the virtual machine's name in VirtualBox, <path> the folder this zip was");
    w.line("extracted into.");
    w.line("In the VirtualBox window instead: File > Tools > Virtual Media Manager > Add, pick");
    w.line(
      `${plain(disk.descriptorFile)}, set its Type to Shareable; then the VM's Settings > Storage >`,
    );
    w.line("a controller > Add hard disk > choose it (on an empty port).");
    w.line(
      `Before every start, run ${host === "windows" ? "check-disk.ps1 (PowerShell as Administrator)" : "sh check-disk.sh (as root)"}: it refuses when the disk`,
    );
    w.line("or its partition table is not what this plan was made from, e.g.");
    w.item(
      host === "windows"
        ? `powershell -File check-disk.ps1; if ($LASTEXITCODE -eq 0) { ${vbox} startvm "<VM>" }`
        : `sh check-disk.sh && VBoxManage startvm ${plain(shQuote(vm.name))}`,
    );
    const hazards = shellHazards(disk.folder, host);
    if (hazards.length > 0) {
      w.line(
        `The folder name contains ${hazards.join(" ")}, which a shell may interpret even inside` +
          " double quotes: escape it when you type the path, or rename the folder first.",
      );
    }
  }

  for (const disk of disks) {
    const targets = targetsOf(disk.vm).filter((t) => t !== "virtualbox");
    if (targets.length === 0) continue;
    w.heading(`OTHER HYPERVISORS: ${quotedName(disk.vm.name)} (folder ${plain(disk.folder)}/)`);
    if (targets.includes("qemu")) {
      w.item(
        "- QEMU: qemu/run-qemu.sh starts a guest with this disk (extra QEMU options may follow).",
      );
      w.item(
        "qemu/<name>.vmdk is QEMU's own descriptor: QEMU skips VirtualBox's ZERO and RDONLY lines",
        4,
      );
      w.item("and refuses its createType, so it cannot read the VirtualBox one correctly.", 4);
    }
    if (targets.includes("libvirt")) {
      w.item("- libvirt: virsh attach-device <domain> libvirt-disk.xml --config (a one-range disk");
      w.item(
        "maps the device directly with a storage slice; otherwise it uses qemu/<name>.vmdk:",
        4,
      );
      w.item("replace /path/to in the XML with the folder this zip was extracted into).", 4);
    }
    if (targets.includes("dm")) {
      w.item("- Linux device-mapper: sudo sh dm/setup.sh creates /dev/mapper/rdp-<name> from");
      w.item("dm/table.txt, usable by any hypervisor as a plain disk; sudo sh dm/teardown.sh", 4);
      w.item(
        "removes it. The guest sees 512-byte sectors except with QEMU/libvirt on one raw range.",
        4,
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
