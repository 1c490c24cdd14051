/** VM-level rules: the plan's and VMs' names, uuids, adapters, heads and extent counts. */
import { ADAPTER_TYPES, type Plan, type PlanVm } from "../plan/types.ts";
import {
  folderKey,
  headFileProblem,
  planNameProblem,
  quoteForMessage,
  vmNameProblem,
} from "../plan/names.ts";
import { MAX_EXTENTS, MAX_HEAD_SECTORS, MAX_SECTOR_END, NIL_UUID, UUID_PATTERN } from "../vbox.ts";
import { GPT_TAIL_SECTORS } from "../guest/gpt.ts";
import { Findings, type DiskFacts, type RangeRef } from "./facts.ts";
import { human, listVms, vmLabel } from "./messages.ts";
import { checkRanges } from "./ranges.ts";

export function checkPlanName(plan: Plan, out: Findings): void {
  const problem = planNameProblem(plan.name);
  if (problem) {
    out.error(
      "plan-name-invalid",
      `The plan name ${quoteForMessage(plan.name)} ${problem}; it names the zip (<plan name>.zip).`,
      [{ field: "name" }],
    );
  }
  if (plan.vms.length === 0) {
    out.warning("no-vms", "The plan has no VM yet: the zip would contain no descriptor.", []);
  }
}

export function checkVms(plan: Plan, disks: Map<string, DiskFacts>, out: Findings): RangeRef[] {
  const ranges: RangeRef[] = [];
  const folders = new Map<string, number[]>();
  const uuids = new Map<string, number[]>();
  plan.vms.forEach((vm, vmIndex) => {
    const label = vmLabel(plan, vmIndex);
    const nameProblem = vmNameProblem(vm.name);
    if (nameProblem) {
      out.error(
        "vm-name-invalid",
        `The VM name ${quoteForMessage(vm.name)} ${nameProblem}; it becomes the VM's folder and <name>.vmdk in the zip.`,
        [{ vm: vmIndex, field: "name" }],
      );
    } else {
      const key = folderKey(vm.name);
      const group = folders.get(key);
      if (group) group.push(vmIndex);
      else folders.set(key, [vmIndex]);
    }
    const headOk = checkHead(plan, vm, vmIndex, out);
    if (vm.uuid !== null) {
      if (typeof vm.uuid !== "string" || !UUID_PATTERN.test(vm.uuid) || vm.uuid === NIL_UUID) {
        out.error(
          "vm-uuid-invalid",
          `${label}: its UUID ${quoteForMessage(String(vm.uuid))} is not a UUID VirtualBox accepts (8-4-4-4-12 hex digits, not all zeros); clear it to get a new one.`,
          [{ vm: vmIndex, field: "uuid" }],
        );
      } else {
        const key = vm.uuid.toLowerCase();
        const group = uuids.get(key);
        if (group) group.push(vmIndex);
        else uuids.set(key, [vmIndex]);
      }
    }
    if (!ADAPTER_TYPES.includes(vm.adapterType)) {
      out.error(
        "adapter-type-invalid",
        `${label}: adapter type ${quoteForMessage(String(vm.adapterType))} is not one of ${ADAPTER_TYPES.join(", ")}.`,
        [{ vm: vmIndex, field: "adapterType" }],
      );
    }
    const headExtents = headOk && vm.head.sectors > 0 ? 1 : 0;
    if (vm.ranges.length === 0) {
      if (headOk && headExtents === 0) {
        out.error(
          "vm-no-extents",
          `${label} has no head and no range: its descriptor would have no extent, which VirtualBox refuses.`,
          [{ vm: vmIndex, field: "ranges" }],
        );
      } else {
        out.warning(
          "vm-no-ranges",
          `${label} has no range yet: the guest would see only its head file, none of the disk.`,
          [{ vm: vmIndex, field: "ranges" }],
        );
      }
    }
    if (vm.ranges.length + headExtents > MAX_EXTENTS) {
      out.error(
        "too-many-extents",
        `${label} has ${vm.ranges.length + headExtents} extents (head included); VirtualBox reads at most 1100 descriptor lines, so at most ${MAX_EXTENTS} extents fit. Merge adjacent ranges or split the VM.`,
        [{ vm: vmIndex, field: "ranges" }],
      );
    }
    const refs = checkRanges(plan, vm, vmIndex, headOk, disks, out);
    for (const ref of refs) ranges.push(ref);
    if (headOk && refs.length === vm.ranges.length) checkGuestSize(vm, vmIndex, label, refs, out);
  });
  for (const group of folders.values()) {
    if (group.length < 2) continue;
    const first = plan.vms[group[0] as number] as PlanVm;
    out.error(
      "vm-name-collision",
      `${listVms(plan, group)} would share the folder ${quoteForMessage(first.name)}: Windows and macOS do not tell these names apart. Rename all but one.`,
      group.map((vm) => ({ vm, field: "name" })),
    );
  }
  for (const group of uuids.values()) {
    if (group.length < 2) continue;
    const uuid = (plan.vms[group[0] as number] as PlanVm).uuid ?? "";
    out.error(
      "duplicate-uuid",
      `${listVms(plan, group)} have the same UUID ${uuid}: VirtualBox refuses to register a second medium with one UUID. Clear all but one to give them new UUIDs.`,
      group.map((vm) => ({ vm, field: "uuid" })),
    );
  }
  return ranges;
}

/** Checks the head's size and name; true when the head sectors are usable. */
export function checkHead(plan: Plan, vm: PlanVm, vmIndex: number, out: Findings): boolean {
  const label = vmLabel(plan, vmIndex);
  const sectors = vm.head.sectors;
  if (!Number.isSafeInteger(sectors) || sectors < 0 || sectors > MAX_HEAD_SECTORS) {
    out.error(
      "head-sectors-invalid",
      `${label}: head size ${quoteForMessage(String(sectors))} sectors must be a whole number from 0 (no head) to ${MAX_HEAD_SECTORS} (${human(BigInt(MAX_HEAD_SECTORS))}); the default is 2048 (1 MiB).`,
      [{ vm: vmIndex, field: "head.sectors" }],
    );
    return false;
  }
  if (sectors > 0) {
    const problem = headFileProblem(vm.head.file, vm.name);
    if (problem) {
      out.error(
        "head-file-invalid",
        `${label}: the head file name ${quoteForMessage(vm.head.file)} ${problem}; it is written beside the descriptor and quoted in its first extent line.`,
        [{ vm: vmIndex, field: "head.file" }],
      );
    }
  }
  return true;
}

/**
 * The guest's disk is the sum of its extents (head, padding, ranges, GPT tail); VirtualBox
 * counts its bytes in 64 bits, so it must stay within 2^55 sectors. Each range is within that
 * already (range-beyond-limit), but several together are not: the descriptor writer refuses
 * such a VM, and the check says so first, so the page never offers a download that fails.
 */
function checkGuestSize(
  vm: PlanVm,
  vmIndex: number,
  label: string,
  refs: readonly RangeRef[],
  out: Findings,
): void {
  let total = BigInt(vm.head.sectors);
  if (vm.placement === "identity") {
    for (const ref of refs) if (ref.end > total) total = ref.end;
  } else {
    for (const ref of refs) total += ref.sectors;
  }
  if (vm.partitionTable === "gpt") total += BigInt(GPT_TAIL_SECTORS);
  if (total <= MAX_SECTOR_END) return;
  out.error(
    "vm-disk-too-large",
    `${label}'s guest disk would have ${total} sectors, more than 2^55 (2^64 bytes): VirtualBox cannot address it, and no descriptor is written. Give it fewer or smaller ranges.`,
    [{ vm: vmIndex, field: "ranges" }],
  );
}
