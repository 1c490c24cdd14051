/**
 * A libvirt `<disk>` element for the VM's disk (docs/targets.md): one range with no head maps
 * straight onto the block device with a `<slices>` storage slice (offset and size in bytes);
 * anything else (a head, padding, a GPT tail, several ranges) uses the QEMU descriptor as a
 * `type='file'` disk in VMDK format. Add it with `virsh attach-device <domain> libvirt-disk.xml`.
 */
import type { PlanDisk, PlanVm } from "../plan/types.ts";
import { VMDK_SECTOR_BYTES } from "../units.ts";
import type { DescriptorLayout } from "../vmdk/descriptor.ts";
import { singleRange } from "./qemu.ts";

/** Text in an XML attribute between single quotes. */
export function xmlAttr(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/'/g, "&apos;")
    .replace(/"/g, "&quot;");
}

export function libvirtDiskXml(
  vm: PlanVm,
  disks: readonly PlanDisk[],
  layout: DescriptorLayout,
): string {
  const readOnly = layout.extents.every((e) => e.access !== "RW");
  const first = layout.extents[0];
  if (singleRange(layout) && first?.source.kind === "range") {
    const diskId = first.source.disk;
    const disk = disks.find((d) => d.id === diskId);
    const offset = first.offset * VMDK_SECTOR_BYTES;
    const size = first.sectors * VMDK_SECTOR_BYTES;
    return [
      `<!-- ${xmlAttr(vm.name).replace(/--/g, "- -")}: one range of ${xmlAttr(first.file).replace(/--/g, "- -")}, bytes ${offset} to ${offset + size - 1n} -->`,
      "<disk type='block' device='disk'>",
      "  <driver name='qemu' type='raw' cache='none' io='native'/>",
      `  <source dev='${xmlAttr(first.file)}'>`,
      "    <slices>",
      `      <slice type='storage' offset='${offset}' size='${size}'/>`,
      "    </slices>",
      "  </source>",
      ...(disk?.logicalSectorSize === 4096
        ? ["  <blockio logical_block_size='4096' physical_block_size='4096'/>"]
        : []),
      "  <target dev='vdb' bus='virtio'/>",
      ...(readOnly ? ["  <readonly/>"] : []),
      "  <shareable/>",
      "</disk>",
      "",
    ].join("\n");
  }
  return [
    `<!-- ${xmlAttr(vm.name).replace(/--/g, "- -")}: the QEMU descriptor qemu/${xmlAttr(vm.name)}.vmdk; replace /path/to with the folder this zip was extracted into, and run qemu/run-qemu.sh once (or truncate) to create its padding file if it has one -->`,
    "<disk type='file' device='disk'>",
    "  <driver name='qemu' type='vmdk' cache='none'/>",
    `  <source file='/path/to/${xmlAttr(vm.name)}/qemu/${xmlAttr(vm.name)}.vmdk'/>`,
    "  <target dev='vdb' bus='virtio'/>",
    ...(readOnly ? ["  <readonly/>"] : []),
    "  <shareable/>",
    "</disk>",
    "",
  ].join("\n");
}
