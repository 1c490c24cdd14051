/**
 * PREPARE THE HOST in README.txt (and the page's review): per device, what its host needs before
 * a VM may use it (rights, partitions to take offline or unmount), in each host's own commands:
 * Windows, Linux, macOS, FreeBSD.
 */
import type { Plan, PlanDisk, PlanPartition } from "../plan/types.ts";
import { groupDigits, VMDK_SECTOR_BYTES } from "../units.ts";
import { human, plain, writer, type Writer } from "./readmeWords.ts";
import { shQuote } from "./shellQuote.ts";
import { overlapIndex } from "../spans.ts";
import { canonicalDevice } from "../devices/identity.ts";

export type Host = "windows" | "linux" | "macos" | "freebsd" | "unknown";

/** FreeBSD's disk names (ada, da, nvd, nda, vtbd, mmcsd) and GEOM labels (docs/device-identity.md). */
const FREEBSD_DEVICE =
  /^\/dev\/(?:(?:ada|da|nvd|nda|vtbd|mmcsd)\d+(?:[ps]\d+[a-h]?)?|(?:diskid|gpt|gptid)\/[^/]+)$/;

/**
 * Windows' device namespace prefixes, as the plan's device identity reads them
 * (devices/identity.ts, docs/device-identity.md): `\\.\`, `\\?\`, `\??\`, either slash.
 */
const WINDOWS_PREFIX = /^(?:[\\/]{2}[.?]|[\\/]\?\?)[\\/]/;

/** Which host a device path belongs to (docs/vmdk.md, "Devices"). */
export function hostOfDevice(device: string): Host {
  if (WINDOWS_PREFIX.test(device) || /^[A-Za-z]:[\\/]/.test(device)) return "windows";
  if (/^\/dev\/r?disk[0-9]/.test(device)) return "macos";
  if (FREEBSD_DEVICE.test(device)) return "freebsd";
  if (device.startsWith("/dev/")) return "linux";
  return "unknown";
}

/** What a Windows device path names, as README.txt and check-disk.ps1 read it. */
export type WindowsDevice =
  | { kind: "disk"; disk: string }
  | { kind: "partition"; disk: string; partition: string }
  | { kind: "volume" }
  | { kind: "other" };

/**
 * The disk a Windows device path names, in every spelling the plan counts as one device
 * (canonicalDevice: `\\.\`, `\\?\` and `\??\`, either slash, any case, trailing dots and
 * blanks; `\\.\GLOBALROOT\Device\HarddiskN\DR0` and `…PartitionN`, `\\.\HarddiskNPartition0`
 * are disk N). A `HarddiskNPartitionM` with M ≥ 1 is one partition of disk N; a drive letter or
 * `Volume{…}` path is a volume, which no path text ties to a disk.
 *
 * @example windowsDevice("\\\\?\\physicaldrive2.") // { kind: "disk", disk: "2" }
 */
export function windowsDevice(device: string): WindowsDevice {
  if (!WINDOWS_PREFIX.test(device)) return { kind: "other" };
  const key = canonicalDevice(device).key;
  // Object names are matched as text: PhysicalDrive01 is not PhysicalDrive1, so a leading zero
  // names no disk Windows makes.
  const disk = /^\\\\\.\\physicaldrive(0|[1-9]\d*)$/.exec(key);
  if (disk?.[1] !== undefined) return { kind: "disk", disk: disk[1] };
  const part = /^\\\\\.\\harddisk(0|[1-9]\d*)partition([1-9]\d*)$/.exec(key);
  if (part?.[1] !== undefined && part[2] !== undefined) {
    return { kind: "partition", disk: part[1], partition: part[2] };
  }
  if (/^\\\\\.\\(?:[a-z]:|volume\{)/.test(key)) return { kind: "volume" };
  return { kind: "other" };
}

/** Characters a shell may still interpret inside double quotes, per host. */
export function shellHazards(text: string, host: Host): string[] {
  const special = host === "windows" ? ["%", "!", "$", "`"] : ["$", "`", "\\", "!"];
  return special.filter((c) => text.includes(c));
}

/** The host's partitions a device's mapped ranges touch, and whether any range is free space. */
function touchedPartitions(
  disk: PlanDisk | undefined,
  ranges: readonly { start: bigint; end: bigint }[],
): { partitions: PlanPartition[]; freeSpace: boolean } {
  // A partition is touched when it starts before the range ends and the range starts before it
  // ends. Sorted once (overlapIndex), so thousands of ranges do not each pass every partition;
  // empty partitions and ranges (which overlapIndex leaves out) are looked at one by one.
  const candidates = (disk?.partitions ?? [])
    .map((p, index) => ({ p, index, start: p.startByte, end: p.startByte + p.sizeBytes }))
    .filter((c) => !c.p.flags?.includes("extended"));
  const overlapping = overlapIndex(candidates);
  const empty = candidates.filter((c) => c.end <= c.start);
  const touched = new Set<PlanPartition>();
  let freeSpace = false;
  for (const r of ranges) {
    const touches = (c: { start: bigint; end: bigint }) => c.start < r.end && r.start < c.end;
    const hits = (
      r.end > r.start
        ? [...overlapping(r.start, r.end), ...empty.filter(touches)]
        : candidates.filter(touches)
    ).sort((a, b) => a.index - b.index);
    if (hits.length === 0) freeSpace = true;
    for (const c of hits) touched.add(c.p);
  }
  return { partitions: [...touched], freeSpace };
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

/** What the host of one device needs done, for the partitions its mapped ranges touch. */
interface Preparation {
  w: Writer;
  device: string;
  /** The device as README.txt shows it. */
  shown: string;
  partitions: PlanPartition[];
  /** A range lies outside every partition. */
  freeSpace: boolean;
  /** The disk's partition table, as the plan knows it. */
  table: PlanDisk["tableType"];
}

function hostPreparation(
  w: Writer,
  device: string,
  host: Host,
  disk: PlanDisk | undefined,
  ranges: readonly { start: bigint; end: bigint }[],
): void {
  const { partitions, freeSpace } = touchedPartitions(disk, ranges);
  const prep: Preparation = {
    w,
    device,
    shown: plain(device),
    partitions,
    freeSpace,
    table: disk?.tableType ?? null,
  };
  if (host === "windows") windowsPreparation(prep, disk);
  else if (host === "linux") linuxPreparation(prep);
  else if (host === "macos") macosPreparation(prep);
  else if (host === "freebsd") freebsdPreparation(prep);
  else unknownPreparation(prep);
}

/**
 * A `\\.\HarddiskNPartitionM` path: the VM's sectors count from that partition's start, so the
 * plan's offsets are not Get-Partition's (which count from the disk's), and check-disk.ps1
 * refuses the path (it compares whole disks only). The partition is taken offline by its
 * number, and the user is told to check it by hand or to map the whole disk instead.
 */
function windowsPartitionPreparation(
  { w, shown }: Preparation,
  named: { disk: string; partition: string },
  sizeBytes: bigint | null,
): void {
  const { disk, partition } = named;
  const select = `Get-Partition -DiskNumber ${disk} -PartitionNumber ${partition}`;
  w.item(`${shown} (Windows, partition ${partition} of disk ${disk}):`);
  w.item("- Run VirtualBox and VBoxManage as Administrator: raw disk access needs it.", 4);
  w.item(
    "- This path names one partition, not a whole disk: the VM's sectors count from the" +
      " partition's start. check-disk.ps1 compares whole disks only and refuses this path," +
      " so register.cmd stops there too. Map the whole disk" +
      ` (\\\\.\\PhysicalDrive${disk}) instead if you can; otherwise check by hand before every` +
      " start, in PowerShell as Administrator:",
    4,
  );
  w.item(`${select} | Format-List Offset, Size, IsOffline, IsBoot, IsSystem`, 8);
  w.item(
    `must show Size ${sizeBytes === null ? "as planned" : `${sizeBytes} (${human(sizeBytes)})`},` +
      " IsBoot False and IsSystem False (never map the partition Windows runs or boots from).",
    6,
  );
  w.item(
    "- Windows must not mount it while the VM runs: take it offline (this dismounts its volume):",
    4,
  );
  w.item(`${select} | Set-Partition -IsOffline $true`, 8);
  w.item("and to give it back to Windows after the VM is done:", 6);
  w.item(`${select} | Set-Partition -IsOffline $false`, 8);
  w.item(
    "- BitLocker: the VM would read an encrypted partition's ciphertext. Before taking it" +
      " offline, look while it is still online (manage-bde -status) and decrypt it if it is" +
      " encrypted (manage-bde -off <drive letter>).",
    4,
  );
}

function windowsPreparation(prep: Preparation, disk: PlanDisk | undefined): void {
  const { w, device, shown, partitions, freeSpace } = prep;
  const named = windowsDevice(device);
  if (named.kind === "partition") {
    windowsPartitionPreparation(prep, named, disk?.sizeBytes ?? null);
    return;
  }
  const number = named.kind === "disk" ? named.disk : "N";
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
  if (partitions.length > 0) {
    w.item(
      "- BitLocker: the VM would read an encrypted partition's ciphertext. Before taking a" +
        " mapped partition offline, look while it is still online (manage-bde -status) and" +
        " decrypt it if it is encrypted (manage-bde -off <drive letter>); check-disk.ps1 refuses" +
        ' an encrypted one it can see, and says "not checked" for one that is already offline.',
      4,
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
}

function linuxPreparation({ w, device, shown, partitions, freeSpace }: Preparation): void {
  const none = partitions.length === 0;
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
}

function macosPreparation({ w, device, shown, partitions, freeSpace }: Preparation): void {
  const none = partitions.length === 0;
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
}

/** `/dev/ada1` + partition 2 → `/dev/ada1p2` on GPT, `/dev/ada1s2` on MBR. */
function freebsdPartition(device: string, p: PlanPartition, table: Preparation["table"]): string {
  if (p.label.startsWith("/dev/")) return p.label;
  if (p.number === null) return `${device} partition at byte ${p.startByte}`;
  return `${device}${table === "dos" ? "s" : "p"}${p.number}`;
}

function freebsdPreparation({ w, device, shown, partitions, freeSpace, table }: Preparation): void {
  const node = device.replace(/^\/dev\//, "");
  w.item(`${shown} (FreeBSD):`);
  w.item(
    "- Your user needs read-write access to the device; devfs gives it to root alone (the" +
      " operator group may only read). Add your user to the operator and vboxusers groups" +
      ' (sudo pw groupmod operator -m "$USER"; sudo pw groupmod vboxusers -m "$USER", then log' +
      " out and in), and let the operator group write to this disk with a devfs rule: in" +
      " /etc/devfs.rules",
    4,
  );
  w.item("[localrules=10]", 8);
  w.item(`add path ${plain(shQuote(`${node}*`))} mode 0660 group operator`, 8);
  w.item(
    'then devfs_system_ruleset="localrules" in /etc/rc.conf and sudo service devfs restart.' +
      " Do not run VirtualBox as root.",
    6,
  );
  for (const p of partitions) {
    const dev = freebsdPartition(device, p, table);
    w.item(
      `- ${partitionWords(p)} is mapped: before the VM starts, unmount it (sudo umount` +
        ` ${plain(shQuote(dev))}), or stop swapping on it (sudo swapoff ${plain(shQuote(dev))}),` +
        " or export the ZFS pool it belongs to (sudo zpool export <pool>); and comment out its" +
        " line in /etc/fstab so the host never mounts it again (if autofs is on, keep its -media" +
        " map in /etc/auto_master from mounting it too).",
      4,
    );
  }
  if (freeSpace) w.item("- A range lies in unpartitioned space: nothing to unmount for it.", 4);
  w.item(
    "- FreeBSD (GEOM) lets no program write to a disk while any of its partitions is mounted," +
      " swapped on or in a ZFS pool: free every partition of this disk, not only the mapped" +
      ` ones (gpart show -p ${plain(shQuote(node))} lists them; check-disk.sh refuses otherwise).` +
      " So the disk FreeBSD runs from cannot be used; never lift that protection with" +
      " sysctl kern.geom.debugflags.",
    4,
  );
}

function unknownPreparation({ w, shown }: Preparation): void {
  w.item(`${shown}:`);
  w.item(
    "- VirtualBox needs read-write access to it, nothing else may have it mounted or in" +
      " use while the VM runs, and it must never be the disk the host runs from.",
    4,
  );
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
