/**
 * A plan with every identity it will ever need assigned: each VM's `ddb.uuid.image` and the
 * guest table's signature and GUIDs. A share link or a plan file made from such a plan
 * rebuilds byte-identical descriptors anywhere; one made before would get fresh UUIDs on
 * each side.
 */
import { fillGuestIds } from "../guest/ids.ts";
import type { Plan } from "../plan/types.ts";

/**
 * The same plan when nothing is missing; otherwise a copy with the missing ids filled from
 * `newUuid` (lowercased), exactly as the zip build would fill them.
 *
 * @example withIdentities(plan, () => crypto.randomUUID()).vms[0].uuid // "3f2b…"
 */
export function withIdentities(plan: Plan, newUuid: () => string): Plan {
  let changed = false;
  const vms = plan.vms.map((vm) => {
    if (vm.uuid !== null) return vm;
    changed = true;
    return { ...vm, uuid: newUuid().toLowerCase() };
  });
  return fillGuestIds(changed ? { ...plan, vms } : plan, newUuid);
}
