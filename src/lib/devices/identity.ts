/**
 * One disk, one identity: device paths reduced to a canonical form, so that two spellings of
 * one device compare equal, and the rules that say when two disks of a plan may be one device
 * (docs/device-identity.md).
 *
 *   \\?\PhysicalDrive0, \??\physicaldrive0, \\.\PhysicalDrive0.   → \\.\physicaldrive0   resolved
 *   \\.\GLOBALROOT\Device\Harddisk0\DR0, \\.\Harddisk0Partition0 → \\.\physicaldrive0   resolved
 *   /dev//sda, /dev/./sda, /dev/disk/../sda                      → /dev/sda             resolved
 *   /dev/rdisk2                                                  → /dev/disk2           resolved
 *   /dev/disk/by-id/ata-…, /dev/block/8:0, /dev/mapper/x          → (itself, tidied)     unresolved
 *
 * A resolved path names the device itself: two resolved paths with different keys are two
 * devices. An unresolved one is a link or alias whose target only the host knows, so it may be
 * any disk of the plan until the plan proves otherwise (devicesProvenDifferent).
 */

export interface CanonicalDevice {
  /** Equal keys: certainly one device. */
  key: string;
  /** True when the key names the device itself, not a link whose target text cannot tell. */
  resolved: boolean;
}

/** Windows device namespace prefixes: `\\.\`, `\\?\`, `\??\` (either slash). */
const WINDOWS_PREFIX = /^(?:[\\/]{2}[.?]|[\\/]\?\?)[\\/]+/;

/** Device names the Windows canonical form keeps as they are (lowercased). */
const WINDOWS_RESOLVED = /^(?:physicaldrive\d+|harddisk\d+partition\d+)$/;

/** Linux, macOS and FreeBSD names of a disk or partition device node itself. */
const UNIX_RESOLVED =
  /^\/dev\/(?:(?:sd|hd|vd|xvd)[a-z]+\d*|nvme\d+n\d+(?:p\d+)?|mmcblk\d+(?:p\d+)?|loop\d+(?:p\d+)?|md\d+(?:p\d+)?|dm-\d+|disk\d+(?:s\d+)?|(?:ada|da|nvd|nda|vtbd|mmcsd)\d+(?:[ps]\d+[a-h]?)?)$/;

function canonicalWindows(rest: string): CanonicalDevice {
  // Win32 strips trailing dots and spaces and compares without case; runs of separators and
  // forward slashes count as one backslash.
  let name = rest
    .replace(/[\\/]+/g, "\\")
    .replace(/[. ]+$/, "")
    .toLowerCase();
  const global = /^globalroot\\device\\harddisk(\d+)\\(?:dr\d+|partition(\d+))$/.exec(name);
  if (global) {
    const partition = global[2];
    name =
      partition === undefined || partition === "0"
        ? `physicaldrive${global[1]}`
        : `harddisk${global[1]}partition${partition}`;
  }
  const wholeDisk = /^harddisk(\d+)partition0$/.exec(name);
  if (wholeDisk) name = `physicaldrive${wholeDisk[1]}`;
  return { key: `\\\\.\\${name}`, resolved: WINDOWS_RESOLVED.test(name) };
}

/** `/dev//sda` → `/dev/sda`, `/dev/./x/../sda` → `/dev/sda`: lexical, as the kernel walks /dev. */
function tidyUnixPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

/**
 * The canonical form of a device path, and whether it names the device itself.
 *
 * @example canonicalDevice("\\\\?\\PhysicalDrive0.") // { key: "\\\\.\\physicaldrive0", resolved: true }
 * @example canonicalDevice("/dev/./sda") // { key: "/dev/sda", resolved: true }
 * @example canonicalDevice("/dev/disk/by-id/ata-X") // { key: "/dev/disk/by-id/ata-X", resolved: false }
 */
export function canonicalDevice(path: string): CanonicalDevice {
  const windows = WINDOWS_PREFIX.exec(path);
  if (windows) return canonicalWindows(path.slice(windows[0].length));
  if (path.startsWith("/")) {
    let key = tidyUnixPath(path);
    const raw = /^\/dev\/rdisk(\d+(?:s\d+)?)$/.exec(key);
    if (raw) key = `/dev/disk${raw[1]}`;
    return { key, resolved: UNIX_RESOLVED.test(key) };
  }
  return { key: path, resolved: false };
}

/** What the plan knows about a disk that can tell it from another (PlanDisk's fields). */
export interface DiskFacts {
  device: string;
  logicalSectorSize: number;
  sizeBytes: bigint | null;
  identity?: Readonly<Partial<Record<IdentityField, string>>>;
}

export type IdentityField = "serial" | "diskGuid" | "mbrSignature" | "uniqueId";

/** Identity fields that name one physical disk, and how a message says them. */
export const IDENTITY_FIELDS: ReadonlyArray<readonly [IdentityField, string]> = [
  ["serial", "serial number"],
  ["diskGuid", "GPT disk GUID"],
  ["mbrSignature", "MBR signature"],
  ["uniqueId", "Windows UniqueId"],
];

/** Declared pairs compare by canonical key, whichever order and spelling they were given in. */
export function declarationKey(a: string, b: string): string {
  const [x, y] = [canonicalDevice(a).key, canonicalDevice(b).key].sort();
  return `${x}\u0000${y}`;
}

/** The set of declared pairs, for devicesProvenDifferent. */
export function declaredDistinct(
  pairs: ReadonlyArray<readonly [string, string]> | undefined,
): Set<string> {
  return new Set((pairs ?? []).map(([a, b]) => declarationKey(a, b)));
}

/**
 * Why two disks of the plan cannot be one device, or null when they may be. Same key: never
 * different (null). Both resolved with different keys, different exact sizes, different sector
 * sizes of two disks whose exact sizes are both known, a differing identity field, or a user
 * declaration: different.
 *
 * @example devicesProvenDifferent({ device: "/dev/sda", … }, { device: "/dev/sdb", … }, new Set()) // "…"
 */
export function devicesProvenDifferent(
  a: DiskFacts,
  b: DiskFacts,
  declared: ReadonlySet<string>,
): string | null {
  const ca = canonicalDevice(a.device);
  const cb = canonicalDevice(b.device);
  if (ca.key === cb.key) return null;
  // Two device nodes are two devices, unless both report one hardware id: then they are two
  // paths to one disk (dm-multipath gives a SAN disk an sdX per path), or a cheap bridge's
  // made-up serial. Either way only the plan's other evidence, or the user, can tell.
  if (ca.resolved && cb.resolved && sharedHardwareId(a, b) === null) {
    return "their paths name two different devices";
  }
  if (declared.has(declarationKey(a.device, b.device))) {
    return "the plan declares them different disks";
  }
  if (a.sizeBytes !== null && b.sizeBytes !== null && a.sizeBytes !== b.sizeBytes) {
    return `their exact sizes differ (${a.sizeBytes} and ${b.sizeBytes} bytes)`;
  }
  // Sector sizes alone prove nothing: the planner assumes 512 when a listing or an imported
  // descriptor does not say, so a 4096-byte disk may sit in the plan as 512 under its alias.
  if (
    a.sizeBytes !== null &&
    a.sizeBytes === b.sizeBytes &&
    a.logicalSectorSize !== b.logicalSectorSize
  ) {
    return `their sector sizes differ (${a.logicalSectorSize} and ${b.logicalSectorSize} bytes)`;
  }
  for (const [field, words] of IDENTITY_FIELDS) {
    const x = a.identity?.[field];
    const y = b.identity?.[field];
    const kx = identityValueKey(field, x);
    const ky = identityValueKey(field, y);
    if (kx !== null && ky !== null && kx !== ky) {
      return `their ${words}s differ (${x} and ${y})`;
    }
  }
  return null;
}

/**
 * The hardware id two disks both report, in words (`the serial number "WD-123"`), or null.
 * Serial numbers and Windows UniqueIds belong to the drive itself; disk GUIDs and MBR
 * signatures are copied along with a cloned disk's contents, so they do not count here.
 *
 * @example sharedHardwareId({ identity: { serial: "WD-123" } }, { identity: { serial: "wd-123 " } }) // 'the serial number "WD-123"'
 */
export function sharedHardwareId(
  a: Pick<DiskFacts, "identity">,
  b: Pick<DiskFacts, "identity">,
): string | null {
  for (const [field, words] of IDENTITY_FIELDS) {
    if (field !== "serial" && field !== "uniqueId") continue;
    const x = identityValueKey(field, a.identity?.[field]);
    if (x !== null && x === identityValueKey(field, b.identity?.[field])) {
      return `the ${words} ${JSON.stringify(a.identity?.[field]?.trim())}`;
    }
  }
  return null;
}

/**
 * The comparable form of one identity value, or null when it says nothing. Tools print one
 * value in several ways (Get-Disk's `{GUID}` and sfdisk's bare GUID, sfdisk's `0x0001abcd` and
 * `1abcd`, wmic's serials padded with blanks), and a plan may be hand-edited: spelling must
 * never prove two disks different, since "different" turns an overlap error off. Compared
 * without case and surrounding blanks; a GUID without braces; a signature as a hexadecimal
 * number; empty values and all-zero GUIDs or signatures (no table, no id) are no evidence.
 *
 * @example identityValueKey("diskGuid", "{0FC63DAF-8483-4772-8E79-3D69D8477DE4}") // "0fc63daf-8483-4772-8e79-3d69d8477de4"
 * @example identityValueKey("mbrSignature", "0x0001ABCD") // "1abcd"
 */
export function identityValueKey(field: IdentityField, value: string | undefined): string | null {
  if (typeof value !== "string") return null;
  let key = value.trim().toLowerCase();
  if (field === "diskGuid") {
    key = key.replace(/^\{\s*(.*?)\s*\}$/, "$1");
    if (/^[0-]+$/.test(key)) return null;
  }
  if (field === "mbrSignature") {
    key = key.replace(/^0x/, "");
    if (/^[0-9a-f]+$/.test(key)) {
      key = key.replace(/^0+/, "");
      if (key === "") return null;
    }
  }
  return key === "" ? null : key;
}

/**
 * Each disk with what its other spellings in the plan know: `/dev//sda` of unknown size is as
 * large as `/dev/sda` (the smallest size claimed, as the past-end check takes it), and has its
 * identity fields.
 */
function withFactsOfSameDevice(disks: readonly DiskFacts[]): DiskFacts[] {
  const byKey = new Map<string, DiskFacts>();
  for (const disk of disks) {
    const key = canonicalDevice(disk.device).key;
    const known = byKey.get(key);
    const size =
      known?.sizeBytes == null
        ? disk.sizeBytes
        : disk.sizeBytes === null || known.sizeBytes < disk.sizeBytes
          ? known.sizeBytes
          : disk.sizeBytes;
    byKey.set(key, {
      ...disk,
      sizeBytes: size,
      identity: { ...disk.identity, ...known?.identity },
    });
  }
  return disks.map((d) => {
    const merged = byKey.get(canonicalDevice(d.device).key) as DiskFacts;
    return { ...d, sizeBytes: merged.sizeBytes, identity: merged.identity };
  });
}

/**
 * Every pair of disks (by index) that may be one device under two spellings: different keys,
 * at least one unresolved, and nothing in the plan proving them different. O(d²) for d disks
 * (a plan has at most 64).
 */
export function possiblySameDiskPairs(
  disks: readonly DiskFacts[],
  declaredPairs?: ReadonlyArray<readonly [string, string]>,
): Array<[number, number]> {
  const declared = declaredDistinct(declaredPairs);
  const facts = withFactsOfSameDevice(disks);
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < facts.length; i++) {
    for (let j = i + 1; j < facts.length; j++) {
      const a = facts[i] as DiskFacts;
      const b = facts[j] as DiskFacts;
      if (a.device === "" || b.device === "") continue;
      if (canonicalDevice(a.device).key === canonicalDevice(b.device).key) continue;
      if (devicesProvenDifferent(a, b, declared) === null) pairs.push([i, j]);
    }
  }
  return pairs;
}
