/**
 * Only raw devices: whether a device path looks like a whole disk or a partition of a known
 * family, names something that must never back a VM's disk (memory, a system file, a network
 * share), or is neither (docs/device-identity.md).
 *
 *   \\.\PhysicalDrive0, /dev/sda, /dev/nvme0n1p2, /dev/disk/by-id/…, /dev/rdisk2  → raw
 *   \\.\C:, \\.\Harddisk0Partition2, \\?\Volume{…}                                → raw, volume (locks)
 *   /dev/mem, /proc/self/mem, /etc/passwd, \\server\share\x, C:\Windows\…         → dangerous
 *   /dev/foo, /home/me/disk.img                                                   → unknown
 */
import { canonicalDevice } from "./identity.ts";

export type RawPathClass =
  | { kind: "raw"; family: string; volume: boolean }
  | { kind: "dangerous"; reason: string }
  | { kind: "unknown" };

/** The families a raw path may belong to, as a warning names them. */
export const RAW_DEVICE_FAMILIES =
  "Windows \\\\.\\PhysicalDriveN (or \\\\.\\HarddiskNPartitionM and volume paths); Linux /dev/sd*, /dev/nvme*n*, /dev/vd*, /dev/xvd*, /dev/hd*, /dev/mmcblk*, /dev/loop*, /dev/md*, /dev/mapper/*, /dev/disk/by-{id,path,uuid,partuuid,diskseq}/*; macOS /dev/diskN or /dev/rdiskN; FreeBSD /dev/ada*, /dev/da*, /dev/nvd*, /dev/nda*, /dev/vtbd*, /dev/mmcsd*, /dev/diskid/*, /dev/gpt/*, /dev/gptid/*";

const UNIX_FAMILIES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^\/dev\/(?:sd|hd|vd|xvd)[a-z]+\d*$/, "Linux disk"],
  [/^\/dev\/nvme\d+n\d+(?:p\d+)?$/, "Linux NVMe disk"],
  [/^\/dev\/mmcblk\d+(?:p\d+)?$/, "Linux MMC/SD card"],
  [/^\/dev\/loop\d+(?:p\d+)?$/, "Linux loop device"],
  [/^\/dev\/md(?:\d+(?:p\d+)?|\/[^/]+)$/, "Linux software RAID"],
  [/^\/dev\/dm-\d+$/, "Linux device-mapper"],
  [/^\/dev\/mapper\/[^/]+$/, "Linux device-mapper"],
  [/^\/dev\/disk\/by-(?:id|path|uuid|partuuid|diskseq)\/[^/]+$/, "Linux persistent link"],
  [/^\/dev\/disk\d+(?:s\d+)?$/, "macOS disk"],
  // ada (SATA), da (SCSI, USB), nvd and nda (NVMe: nda from FreeBSD 14), vtbd (virtio), mmcsd.
  [/^\/dev\/(?:ada|da|nvd|nda|vtbd|mmcsd)\d+(?:[ps]\d+[a-h]?)?$/, "FreeBSD disk"],
  // GEOM labels: a disk by its serial (`gpart show` names disks so when kern.geom.label
  // .disk_ident is on), a GPT partition by its label or GUID.
  [/^\/dev\/(?:diskid|gpt|gptid)\/[^/]+$/, "FreeBSD label"],
];

/** Device nodes and trees that are not disks, and what writing to them would do. */
const UNIX_DANGEROUS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^\/dev\/k?mem$/, "is the machine's memory: writing to it corrupts the running system"],
  [/^\/dev\/port$/, "is the machine's I/O ports: writing to it can hang the hardware"],
  [/^\/dev\/(?:null|zero|full|random|urandom)$/, "is a character device, not a disk"],
  [/^\/proc(?:\/|$)/, "is in /proc, the kernel's view of processes and memory, not a disk"],
  [/^\/sys(?:\/|$)/, "is in /sys, the kernel's device tree, not a disk"],
  [/^\/etc(?:\/|$)/, "is in /etc, the host's configuration files, not a disk"],
];

function classifyWindows(path: string): RawPathClass | null {
  if (/^[A-Za-z]:/.test(path)) {
    return {
      kind: "dangerous",
      reason: "is a file path on a drive letter, not a device: the VM would write into that file",
    };
  }
  // \\?\UNC\server\share and \\server\share (but not the device namespaces \\.\ and \\?\,
  // nor //dev/sda, which Linux reads as /dev/sda).
  const share = /^[\\/]{2}(?![.?][\\/])[^\\/]/.test(path) && !/^\/\/+dev\//.test(path);
  if (/^[\\/]{2}[.?][\\/]+UNC[\\/]/i.test(path) || share) {
    return {
      kind: "dangerous",
      reason: "is a network share, not a disk of this machine",
    };
  }
  const c = canonicalDevice(path);
  if (!c.key.startsWith("\\\\.\\")) return null;
  const name = c.key.slice(4);
  if (/^physicaldrive\d+$/.test(name))
    return { kind: "raw", family: "Windows disk", volume: false };
  if (
    /^harddisk\d+partition\d+$/.test(name) ||
    /^[a-z]:$/.test(name) ||
    /^volume\{[0-9a-f-]+\}$/.test(name)
  ) {
    return { kind: "raw", family: "Windows volume", volume: true };
  }
  if (/^[a-z]:\\|^volume\{[0-9a-f-]+\}\\/.test(name)) {
    return {
      kind: "dangerous",
      reason: "is a file or folder inside a volume, not the volume itself",
    };
  }
  return { kind: "unknown" };
}

/**
 * Which kind of path this is for a raw extent.
 *
 * @example classifyRawPath("\\\\.\\PhysicalDrive0") // { kind: "raw", family: "Windows disk", volume: false }
 * @example classifyRawPath("/dev/mem") // { kind: "dangerous", reason: "is the machine's memory: …" }
 * @example classifyRawPath("/dev/foo") // { kind: "unknown" }
 */
export function classifyRawPath(path: string): RawPathClass {
  const windows = classifyWindows(path);
  if (windows) return windows;
  if (!path.startsWith("/")) return { kind: "unknown" };
  const key = canonicalDevice(path).key;
  for (const [pattern, reason] of UNIX_DANGEROUS) {
    if (pattern.test(key)) return { kind: "dangerous", reason };
  }
  for (const [pattern, family] of UNIX_FAMILIES) {
    if (pattern.test(key)) return { kind: "raw", family, volume: false };
  }
  return { kind: "unknown" };
}
