/**
 * Which output suits which host, for one VM as planned (docs/targets.md): the review shows this
 * beside the VM's choice so the user picks knowing what each hypervisor's guest will see.
 * Built from the same layout the files come from, so the advice cannot disagree with the zip.
 */
import type { PlanDisk, PlanVm, Target } from "../plan/types.ts";
import { descriptorLayout } from "../vmdk/descriptor.ts";
import { dmFiles, dmName } from "./dm.ts";
import { qemuProblem, singleRange } from "./qemu.ts";

export interface TargetAdvice {
  target: Target;
  /** The hosts this output runs on. */
  host: string;
  /** How the disk reaches the guest with this output. */
  how: string;
  /** The guest's sector size with this output. */
  guestSectorBytes: 512 | 4096;
  /** Why this output is refused for the VM as planned, or null. */
  refused: string | null;
}

export type AdviceResult = { ok: true; advice: TargetAdvice[] } | { ok: false; error: string };

export function targetAdvice(vm: PlanVm, disks: readonly PlanDisk[]): AdviceResult {
  const layout = descriptorLayout(vm, disks);
  if (!layout.ok) return { ok: false, error: layout.error };
  const first = layout.extents[0];
  const source = first?.source;
  const window = singleRange(layout) && source?.kind === "range";
  const windowDisk =
    singleRange(layout) && source?.kind === "range"
      ? disks.find((d) => d.id === source.disk)
      : undefined;
  // Only a raw window shows the guest the disk's own sectors (qemu.ts, libvirt.ts).
  const windowSectors: 512 | 4096 = windowDisk?.logicalSectorSize === 4096 ? 4096 : 512;
  const qemuRefused = qemuProblem(layout);
  const dm = dmFiles(vm, layout);
  const strip = (error: string): string => error.replace(`${vm.name}: `, "");
  return {
    ok: true,
    advice: [
      {
        target: "virtualbox",
        host: "Windows, Linux or macOS with VirtualBox",
        how: "the raw-disk descriptor, with check and register scripts",
        guestSectorBytes: 512,
        refused: null,
      },
      {
        target: "qemu",
        host: "Linux (KVM), or any host where QEMU runs",
        how: window
          ? "QEMU's raw driver opens exactly the range on the device; no descriptor"
          : "a QEMU-only descriptor (RW FLAT lines only) started by run-qemu.sh",
        guestSectorBytes: window ? windowSectors : 512,
        refused: qemuRefused,
      },
      {
        target: "libvirt",
        host: "Linux with libvirt (virsh, virt-manager)",
        how: window
          ? "a block disk with a storage slice of exactly the range"
          : "a file disk on the QEMU-only descriptor",
        guestSectorBytes: window ? windowSectors : 512,
        refused: qemuRefused,
      },
      {
        target: "dm",
        host: "Linux as root; then any hypervisor on that host",
        how: `one block device, /dev/mapper/${dmName(vm)}, built from the ranges by dmsetup`,
        guestSectorBytes: 512,
        refused: dm.ok ? null : strip(dm.error),
      },
    ],
  };
}
