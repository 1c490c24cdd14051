/**
 * A VM's VMDK descriptor, written the way VirtualBox writes its own raw-disk descriptors
 * (docs/vmdk.md, "The descriptor VirtualBox writes for a raw disk"). For the worked example of
 * docs/product.md:
 *
 *   # Disk DescriptorFile
 *   version=1
 *   CID=fffffffe
 *   parentCID=ffffffff
 *   createType="partitionedDevice"
 *
 *   # Extent description
 *   RW 2048 FLAT "Raw_Sectors_1MiB" 0                       ← the head file, beside the .vmdk
 *   RW 62914560 FLAT "\\.\PhysicalDrive0" 125831168         ← ACCESS SIZE FLAT "FILE" OFFSET
 *
 * The extents are the guest layout's (src/lib/guest/layout.ts): with identity placement,
 * `RW n ZERO ` padding lines between ranges (as VirtualBox writes them, trailing space
 * included); with a GPT, the 33-sector tail file as the last extent.
 *
 *   # The disk Data Base                                     ← one trailing space, as VirtualBox
 *   #DDB
 *
 *   ddb.virtualHWVersion = "4"
 *   ddb.adapterType="ide"
 *   ddb.geometry.cylinders="16383"   … heads, sectors, then the four uuid keys
 *
 * Sizes and offsets are 512-byte sectors whatever the disk's own sector size. Names are
 * written between double quotes with no escaping of any kind, so a name that contains `"`, a
 * line break or any control character cannot be written at all: this module refuses it
 * itself, whatever the caller checked. The same VM always gives the same bytes (fixed CID,
 * the UUID kept in the plan, LF line ends, no BOM).
 */
import type { Access, AdapterType, PlanDisk, PlanVm } from "../plan/types.ts";
import { ADAPTER_TYPES } from "../plan/types.ts";
import { vmdkSectors, VMDK_SECTOR_BYTES, type VmdkSectors } from "../units.ts";
import { rawDiskGeometry, type ChsGeometry } from "./geometry.ts";
import { guestLayout, type GuestLayout } from "../guest/layout.ts";
import { isImageUuid, MAX_EXTENTS, MAX_SECTOR_END, NIL_UUID } from "../vbox.ts";

/** Never change: the CID the article used for a new disk; VirtualBox ignores it. */
export const DESCRIPTOR_CID = "fffffffe";
export const DESCRIPTOR_PARENT_CID = "ffffffff";

export { isImageUuid, MAX_EXTENTS, MAX_SECTOR_END, NIL_UUID } from "../vbox.ts";

export type CreateType = "partitionedDevice" | "fullDevice";

/** One extent line as the descriptor will say it. */
export interface PlannedExtent {
  /**
   * The head file, `vm.ranges[range]`, identity placement's padding (a ZERO extent) or the
   * GPT tail file.
   */
  source:
    | { kind: "head" }
    | { kind: "range"; range: number; disk: string }
    | { kind: "padding" }
    | { kind: "tail" };
  access: Access;
  sectors: VmdkSectors;
  /** Written between quotes, as is; "" for padding (a ZERO extent names no file). */
  file: string;
  /** 0 for padding (a ZERO extent has no offset). */
  offset: VmdkSectors;
}

export interface DescriptorLayout {
  createType: CreateType;
  extents: PlannedExtent[];
  /** What the guest sees: the sum of all extents. */
  totalSectors: VmdkSectors;
  geometry: ChsGeometry;
  /** The guest layout these extents come from: the head and tail bytes are built from it. */
  guest: GuestLayout;
}

export type LayoutResult = ({ ok: true } & DescriptorLayout) | { ok: false; error: string };

export type DescriptorResult =
  ({ ok: true; text: string; uuid: string } & DescriptorLayout) | { ok: false; error: string };

/**
 * Why `name` cannot stand between the quotes of an extent line, or null when it can.
 * VirtualBox ends a quoted name at the next `"` and a line at CR or LF; other control
 * characters (C0, DEL, C1, the Unicode line and paragraph separators) and unpaired
 * surrogates (which UTF-8 cannot encode) are refused as well so the text stays readable.
 *
 * @example descriptorNameProblem('\\\\.\\PhysicalDrive0') // null
 * @example descriptorNameProblem('disk"1') // 'contains a double quote (")'
 */
export function descriptorNameProblem(name: string): string | null {
  if (name.length === 0) return "is empty";
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code === 0x22) return 'contains a double quote (")';
    if (code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029) {
      return "contains a line break";
    }
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
      return `contains the control character U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = name.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return "contains an unpaired surrogate (not valid Unicode)";
    }
    if (code >= 0xdc00 && code <= 0xdfff)
      return "contains an unpaired surrogate (not valid Unicode)";
  }
  return null;
}

const isNonNegativeSafeInteger = (n: unknown): n is number =>
  typeof n === "number" && Number.isSafeInteger(n) && n >= 0;

/**
 * The extents of a VM's descriptor: the head file (when it has sectors), then each range in
 * plan order; the createType and the guest's total size. Refuses what cannot be written.
 *
 * @example
 * descriptorLayout(vm, disks)
 * // { ok: true, createType: "partitionedDevice", totalSectors: 62916608n, extents: [
 * //   { source: { kind: "head" }, access: "RW", sectors: 2048n, file: "Raw_Sectors_1MiB", offset: 0n },
 * //   { source: { kind: "range", range: 0, disk: "d0" }, access: "RW", sectors: 62914560n,
 * //     file: "\\\\.\\PhysicalDrive0", offset: 125831168n } ], geometry: { … } }
 */
export function descriptorLayout(vm: PlanVm, disks: readonly PlanDisk[]): LayoutResult {
  const head = vm.head;
  if (!isNonNegativeSafeInteger(head.sectors)) {
    return {
      ok: false,
      error: `The head size ${String(head.sectors)} is not a whole number of sectors.`,
    };
  }
  if (head.sectors > 0) {
    const problem = descriptorNameProblem(head.file);
    if (problem) return { ok: false, error: `The head file name ${problem}.` };
  }
  for (const [index, range] of vm.ranges.entries()) {
    const disk = disks.find((d) => d.id === range.disk);
    const which = `Range ${index + 1}`;
    if (!disk) return { ok: false, error: `${which} refers to the unknown disk "${range.disk}".` };
    const problem = descriptorNameProblem(disk.device);
    if (problem) return { ok: false, error: `The device path of disk ${disk.id} ${problem}.` };
    if (range.access !== "RW" && range.access !== "RDONLY") {
      return { ok: false, error: `${which} has the unknown access "${String(range.access)}".` };
    }
    if (typeof range.startSector !== "bigint" || range.startSector < 0n) {
      return { ok: false, error: `${which} starts before sector 0.` };
    }
    if (typeof range.sectors !== "bigint" || range.sectors <= 0n) {
      return { ok: false, error: `${which} is empty.` };
    }
    if (range.startSector + range.sectors > MAX_SECTOR_END) {
      return {
        ok: false,
        error: `${which} ends past sector 2^55 (2^64 bytes): no disk is that large.`,
      };
    }
  }
  // One extent list for the descriptor, the head and the tail (src/lib/guest/layout.ts).
  const laid = guestLayout(vm, disks);
  if (!laid.ok) return { ok: false, error: laid.errors.map((e) => e.message).join(" ") };
  const extents: PlannedExtent[] = [];
  for (const extent of laid.layout.extents) {
    const { sectors } = extent;
    if (extent.kind === "head" || extent.kind === "tail") {
      const problem = descriptorNameProblem(extent.file);
      const what = extent.kind === "head" ? "head file" : "GPT tail file";
      if (problem) return { ok: false, error: `The ${what} name ${problem}.` };
      const source = { kind: extent.kind };
      extents.push({ source, access: "RW", sectors, file: extent.file, offset: vmdkSectors(0n) });
    } else if (extent.kind === "padding") {
      const zero = vmdkSectors(0n);
      extents.push({ source: { kind: "padding" }, access: "RW", sectors, file: "", offset: zero });
    } else {
      const device = disks.find((d) => d.id === extent.disk)?.device ?? "";
      extents.push({
        source: { kind: "range", range: extent.range, disk: extent.disk },
        access: extent.access,
        sectors,
        file: device,
        offset: extent.startSector,
      });
    }
  }
  if (extents.length === 0) {
    return { ok: false, error: "The VM has no head and no range: its disk would be empty." };
  }
  if (extents.length > MAX_EXTENTS) {
    return {
      ok: false,
      error: `The VM has ${extents.length} extents; a descriptor VirtualBox can open holds at most ${MAX_EXTENTS}.`,
    };
  }
  const totalSectors = vmdkSectors(extents.reduce((sum, e) => sum + e.sectors, 0n));
  if (totalSectors > MAX_SECTOR_END) {
    return { ok: false, error: "The guest's disk would be larger than 2^55 sectors (2^64 bytes)." };
  }
  return {
    ok: true,
    createType: isFullDevice(vm, disks) ? "fullDevice" : "partitionedDevice",
    extents,
    totalSectors,
    geometry: rawDiskGeometry(totalSectors),
    guest: laid.layout,
  };
}

/** One range that maps a whole device of known size from sector 0, and no head. */
function isFullDevice(vm: PlanVm, disks: readonly PlanDisk[]): boolean {
  const only = vm.ranges[0];
  if (vm.head.sectors !== 0 || vm.ranges.length !== 1 || !only) return false;
  const disk = disks.find((d) => d.id === only.disk);
  return (
    disk !== undefined &&
    disk.sizeBytes !== null &&
    only.startSector === 0n &&
    only.sectors * VMDK_SECTOR_BYTES === disk.sizeBytes
  );
}

/**
 * `RW 2048 FLAT "Raw_Sectors_1MiB" 0`: exactly one space between fields, nothing after;
 * padding is `RW 6952 ZERO ` with VirtualBox's own trailing space.
 */
export function extentLine(extent: PlannedExtent): string {
  if (extent.source.kind === "padding") return `${extent.access} ${extent.sectors} ZERO `;
  return `${extent.access} ${extent.sectors} FLAT "${extent.file}" ${extent.offset}`;
}

/**
 * The descriptor text of a VM (LF line ends, no BOM). `ddb.uuid.image` is the VM's uuid, or
 * `options.uuid` when the VM has none yet; written in lowercase.
 *
 * @example
 * const r = writeDescriptor(vm, plan.disks, { uuid: "0b6d…" });
 * if (r.ok) save(`${vm.name}.vmdk`, r.text);
 */
export function writeDescriptor(
  vm: PlanVm,
  disks: readonly PlanDisk[],
  options: { uuid?: string } = {},
): DescriptorResult {
  const uuid = vm.uuid ?? options.uuid;
  if (uuid === undefined) {
    return { ok: false, error: "The VM has no UUID yet and none was given." };
  }
  if (!isImageUuid(uuid)) {
    return { ok: false, error: `"${uuid}" is not a usable UUID (8-4-4-4-12 hex digits, not nil).` };
  }
  if (!ADAPTER_TYPES.includes(vm.adapterType)) {
    return { ok: false, error: `The adapter type "${String(vm.adapterType)}" is unknown.` };
  }
  const layout = descriptorLayout(vm, disks);
  if (!layout.ok) return layout;
  const text = descriptorText(layout, vm.adapterType, uuid.toLowerCase());
  return {
    ok: true,
    text,
    uuid: uuid.toLowerCase(),
    createType: layout.createType,
    extents: layout.extents,
    totalSectors: layout.totalSectors,
    geometry: layout.geometry,
    guest: layout.guest,
  };
}

function descriptorText(layout: DescriptorLayout, adapterType: AdapterType, uuid: string): string {
  const { cylinders, heads, sectors } = layout.geometry;
  const lines = [
    "# Disk DescriptorFile",
    "version=1",
    `CID=${DESCRIPTOR_CID}`,
    `parentCID=${DESCRIPTOR_PARENT_CID}`,
    `createType="${layout.createType}"`,
    "",
    "# Extent description",
    ...layout.extents.map(extentLine),
    "",
    // The trailing space is VirtualBox's (and VMware's) own.
    "# The disk Data Base ",
    "#DDB",
    "",
    'ddb.virtualHWVersion = "4"',
    `ddb.adapterType="${adapterType}"`,
    `ddb.geometry.cylinders="${cylinders}"`,
    `ddb.geometry.heads="${heads}"`,
    `ddb.geometry.sectors="${sectors}"`,
    `ddb.uuid.image="${uuid}"`,
    `ddb.uuid.parent="${NIL_UUID}"`,
    `ddb.uuid.modification="${NIL_UUID}"`,
    `ddb.uuid.parentmodification="${NIL_UUID}"`,
  ];
  return `${lines.join("\n")}\n`;
}
