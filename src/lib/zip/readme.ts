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
import { omittedSentence, summariseFindings, type Finding } from "../plan/findings.ts";
import type { PartitionTable, Plan, PlanDisk, PlanVm, Target } from "../plan/types.ts";
import { cmdQuote, shQuote } from "./shellQuote.ts";
import { guestReadme } from "../guest/view.ts";
import { groupDigits, VMDK_SECTOR_BYTES } from "../units.ts";
import type { DescriptorLayout, PlannedExtent } from "../vmdk/descriptor.ts";
import { hostOfDevice, preparationLines, shellHazards, type Host } from "./hostPreparation.ts";
import { human, plain, quotedName, sectors, sized, writer, type Writer } from "./readmeWords.ts";

/** The page's review shows the host preparation as README.txt words it. */
export { preparationLines };

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
  introAndContents(w, plan, disks);
  w.heading("WARNINGS");
  if (warnings.length === 0) w.item("The plan has no warnings.");
  // A few of each kind, and a count of the rest: a plan at the format's limits has tens of
  // thousands of per-range warnings, which would bury the ones that matter.
  const { shown, omitted } = summariseFindings(warnings);
  for (const warning of shown) w.item(`- ${plain(warning.message)}`);
  for (const more of omitted) {
    w.item(`${omittedSentence(more)} Open plan.json in Raw Disk Planner to see every one.`);
  }

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

  for (const disk of disks) diskSection(w, plan, disk);
  for (const disk of disks) otherHypervisors(w, disk, targetsOf(disk.vm));
  keepInMind(w, disks);
  w.line();
  return out.join("\r\n");
}

/** The title, what the zip is for, and WHAT IS INSIDE. */
function introAndContents(w: Writer, plan: Plan, disks: readonly ReadmeDisk[]): void {
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
}

/** DISK "<name>": what the guest sees, extent by extent, and how to attach it. */
function diskSection(w: Writer, plan: Plan, disk: ReadmeDisk): void {
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
  attachWords(w, disk, host, medium);
}

/** Registering the disk (the scripts, or VBoxManage by hand) and checking it before a start. */
function attachWords(w: Writer, disk: ReadmeDisk, host: Host, medium: string): void {
  const { vm } = disk;
  const vbox =
    host === "windows" ? '& "$env:ProgramFiles\\Oracle\\VirtualBox\\VBoxManage.exe"' : "VBoxManage";
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
  w.line("Never use a port that holds a disk: storageattach replaces whatever is attached there.");
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

/** OTHER HYPERVISORS: the files for the VM's targets besides VirtualBox. */
function otherHypervisors(w: Writer, disk: ReadmeDisk, allTargets: readonly Target[]): void {
  const targets = allTargets.filter((t) => t !== "virtualbox");
  if (targets.length === 0) return;
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
    w.item("maps the device directly with a storage slice; otherwise it uses qemu/<name>.vmdk:", 4);
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

function keepInMind(w: Writer, disks: readonly ReadmeDisk[]): void {
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
}
