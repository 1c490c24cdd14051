/**
 * The identity a guest table carries, assigned once and then kept in the plan (like the VM's
 * uuid): the MBR disk signature, the GPT disk GUID and each GPT partition's unique GUID.
 * Windows ties drive letters and boot entries to them, so a rebuilt zip must repeat them.
 *
 *   before the first build   { partitionTable: "gpt", diskGuid: null, ranges: [{ partitionGuid: null, … }] }
 *   after                    { partitionTable: "gpt", diskGuid: "5d0c…", ranges: [{ partitionGuid: "a81f…", type: "linux", … }] }
 *
 * Only what the VM's table needs is filled; a range's resolved type is recorded as well, so
 * plan.json says exactly which type each partition was written with.
 */
import type { Plan, PlanDisk, PlanRange, PlanVm } from "../plan/types.ts";
import { isDiskSignature } from "./bytes.ts";
import { guestSettings, resolveGuestType } from "./layout.ts";

/**
 * An MBR disk signature from a fresh random UUID: its first 8 hex digits, or the next 8 when
 * those are all zero (the next group holds the UUID's version digit, so it is not zero).
 *
 * @example signatureFromUuid("00000000-4b2d-4c8e-9a71-0d4e8b2f6a13") // "4b2d4c8e"
 */
export function signatureFromUuid(uuid: string): string {
  const hex = uuid.replace(/-/g, "").toLowerCase();
  for (let at = 0; at + 8 <= hex.length; at += 8) {
    const part = hex.slice(at, at + 8);
    if (isDiskSignature(part)) return part;
  }
  return "00000001";
}

const needsGuid = (value: string | null | undefined): boolean =>
  value === null || value === undefined;

/**
 * The VM with every identity field its table needs filled in from `newUuid` (a random v4
 * UUID per call: a fine GUID, and its digits a fine signature), and each range's type
 * recorded. Returns the very same VM when nothing was missing.
 *
 * @example fillVmGuestIds(vm, plan.disks, () => crypto.randomUUID())
 */
export function fillVmGuestIds(
  vm: PlanVm,
  disks: readonly PlanDisk[],
  newUuid: () => string,
): PlanVm {
  const { table } = guestSettings(vm);
  if (table === "none") return vm;
  let changed = false;
  const next: PlanVm = { ...vm };
  if (table === "mbr" && needsGuid(vm.diskSignature)) {
    next.diskSignature = signatureFromUuid(newUuid());
    changed = true;
  }
  if (table === "gpt" && needsGuid(vm.diskGuid)) {
    next.diskGuid = newUuid().toLowerCase();
    changed = true;
  }
  next.ranges = vm.ranges.map((range): PlanRange => {
    let out = range;
    if (range.type === undefined) {
      const disk = disks.find((d) => d.id === range.disk);
      out = { ...out, type: resolveGuestType(range, disk).type };
    }
    if (table === "gpt" && needsGuid(range.partitionGuid)) {
      out = { ...out, partitionGuid: newUuid().toLowerCase() };
    }
    if (out !== range) changed = true;
    return out;
  });
  return changed ? next : vm;
}

/**
 * The plan with fillVmGuestIds applied to every VM; the very same plan when nothing was
 * missing. Call it where the VM uuids are filled, before building the files.
 *
 * @example const built = fillGuestIds(plan, () => crypto.randomUUID());
 */
export function fillGuestIds(plan: Plan, newUuid: () => string): Plan {
  let changed = false;
  const vms = plan.vms.map((vm) => {
    const filled = fillVmGuestIds(vm, plan.disks, newUuid);
    if (filled !== vm) changed = true;
    return filled;
  });
  return changed ? { ...plan, vms } : plan;
}
