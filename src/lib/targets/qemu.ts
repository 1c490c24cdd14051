/**
 * The same virtual disk for QEMU (docs/targets.md). QEMU refuses VirtualBox's raw createTypes
 * and skips ZERO, RDONLY and NOACCESS extent lines, which shifts every later extent: so QEMU
 * gets its own descriptor, `monolithicFlat` with only `RW … FLAT` lines. Identity padding
 * becomes a FLAT extent onto a sparse zero file that the run script creates with `truncate`.
 *
 *   VirtualBox                               QEMU (<vm>/qemu/<vm>.vmdk)
 *   RW 2048 FLAT "Raw_Sectors_1MiB" 0         RW 2048 FLAT "../Raw_Sectors_1MiB" 0
 *   RW 123 ZERO                               RW 123 FLAT "<vm>-padding.zero" 0
 *   RW 62914560 FLAT "/dev/sda" 2171          RW 62914560 FLAT "/dev/sda" 2171
 */
import type { PlanDisk, PlanVm } from "../plan/types.ts";
import { VMDK_SECTOR_BYTES } from "../units.ts";
import { DESCRIPTOR_CID, NIL_UUID, type DescriptorLayout } from "../vmdk/descriptor.ts";
import { shQuote } from "../zip/shellQuote.ts";

/** A value inside a QEMU option string: commas are doubled (`,` separates options). */
const qemuValue = (text: string): string => text.replace(/,/g, ",,");

export type TargetResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** The zero file's name beside the QEMU descriptor. */
export const paddingFile = (vmName: string): string => `${vmName}-padding.zero`;

export interface QemuFiles {
  /** `qemu/<vm>.vmdk`, relative to the VM's folder. */
  descriptor: string;
  /** Size in bytes of the sparse zero file the run script creates; 0n when none is needed. */
  paddingBytes: bigint;
  /** run-qemu.sh */
  script: string;
}

/** Why QEMU cannot take this VM's disk as planned, or null. */
export function qemuProblem(layout: DescriptorLayout): string | null {
  if (layout.extents.some((e) => e.access !== "RW")) {
    return "QEMU skips RDONLY extent lines, which would shift every later extent: make every range RW and attach the whole drive read-only instead (readonly=on in run-qemu.sh, or <readonly/> in libvirt).";
  }
  return null;
}

/** A VM with one range and nothing else: QEMU's raw driver maps it directly. */
export function singleRange(layout: DescriptorLayout): boolean {
  return layout.extents.length === 1 && layout.extents[0]?.source.kind === "range";
}

export function qemuFiles(
  vm: PlanVm,
  disks: readonly PlanDisk[],
  layout: DescriptorLayout,
  uuid: string,
): TargetResult<QemuFiles> {
  const problem = qemuProblem(layout);
  if (problem) return { ok: false, error: `${vm.name}: ${problem}` };
  let paddingAt = 0n;
  const lines = layout.extents.map((extent) => {
    if (extent.source.kind === "padding") {
      const line = `RW ${extent.sectors} FLAT "${paddingFile(vm.name)}" ${paddingAt}`;
      paddingAt += extent.sectors;
      return line;
    }
    // Head and tail live one folder up, beside the VirtualBox descriptor.
    const file = extent.source.kind === "range" ? extent.file : `../${extent.file}`;
    return `RW ${extent.sectors} FLAT "${file}" ${extent.offset}`;
  });
  const { cylinders, heads, sectors } = layout.geometry;
  const descriptor = [
    "# Disk DescriptorFile",
    "version=1",
    `CID=${DESCRIPTOR_CID}`,
    "parentCID=ffffffff",
    'createType="monolithicFlat"',
    "",
    "# Extent description (for QEMU: only RW FLAT lines; see docs/targets.md)",
    ...lines,
    "",
    "#DDB",
    'ddb.virtualHWVersion = "4"',
    `ddb.adapterType="${vm.adapterType}"`,
    `ddb.geometry.cylinders="${cylinders}"`,
    `ddb.geometry.heads="${heads}"`,
    `ddb.geometry.sectors="${sectors}"`,
    `ddb.uuid.image="${uuid}"`,
    `ddb.uuid.parent="${NIL_UUID}"`,
    "",
  ].join("\n");
  return {
    ok: true,
    value: {
      descriptor,
      paddingBytes: paddingAt * VMDK_SECTOR_BYTES,
      script: runQemuScript(vm, disks, layout, paddingAt * VMDK_SECTOR_BYTES),
    },
  };
}

/** The -blockdev/-device options and the script around them. */
function runQemuScript(
  vm: PlanVm,
  disks: readonly PlanDisk[],
  layout: DescriptorLayout,
  paddingBytes: bigint,
): string {
  const gpt = layout.guest.table === "gpt";
  const lines = [
    "#!/bin/sh",
    "# Made by Raw Disk Planner: starts a QEMU guest with this VM's disk (docs/targets.md).",
    "# Extra QEMU options may follow on the command line (a CD image, more memory, …).",
    "# Run it with read-write access to the device (root, or the disk group).",
    "# shellcheck disable=SC2016",
    "set -eu",
    'here=$(cd "$(dirname "$0")" && pwd)',
  ];
  const first = layout.extents[0];
  if (singleRange(layout) && first?.source.kind === "range") {
    const diskId = first.source.disk;
    const disk = disks.find((d) => d.id === diskId);
    const offset = first.offset * VMDK_SECTOR_BYTES;
    const size = first.sectors * VMDK_SECTOR_BYTES;
    // Only here does the guest see the disk's own sectors: on a 4096-byte disk, say so.
    const blocks =
      disk?.logicalSectorSize === 4096 ? ",logical_block_size=4096,physical_block_size=4096" : "";
    lines.push(
      "# The raw driver maps exactly the range: nothing before it or after it is reachable.",
      `blockdev=${shQuote(`driver=raw,node-name=disk0,offset=${offset},size=${size},file.driver=host_device,file.filename=${qemuValue(first.file)}`)}`,
      `devopt=${shQuote(`virtio-blk-pci,drive=disk0${blocks}`)}`,
    );
  } else {
    if (paddingBytes > 0n) {
      lines.push(
        "# Identity placement's padding reads as zeros from a sparse file (no space used).",
        `[ -e "$here"/${shQuote(paddingFile(vm.name))} ] || truncate -s ${paddingBytes} "$here"/${shQuote(paddingFile(vm.name))}`,
      );
    }
    lines.push(
      "# The descriptor names its head and tail relative to itself, and QEMU opens it from here.",
      'cd "$here"',
      `blockdev=${shQuote(`driver=vmdk,node-name=disk0,file.driver=file,file.filename=${qemuValue(`${vm.name}.vmdk`)}`)}`,
      "devopt='virtio-blk-pci,drive=disk0'",
    );
  }
  lines.push(
    ...(gpt
      ? [
          "# The guest's table is a GPT: boot with UEFI firmware (Debian: apt install ovmf).",
          'firmware="-bios /usr/share/ovmf/OVMF.fd"',
        ]
      : ['firmware=""']),
    "# shellcheck disable=SC2086",
    'exec qemu-system-x86_64 -machine q35,accel=kvm:tcg -m 2048 $firmware -blockdev "$blockdev" -device "$devopt" "$@"',
    "",
  );
  return lines.join("\n");
}
