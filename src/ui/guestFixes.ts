/**
 * One-click ways out of a refused guest setting (guestLayout's errors), as plain VM patches so
 * they can be tested without a page:
 *
 *   guest-mbr-too-many-partitions, guest-mbr-too-large, guest-type-not-in-mbr → Use GPT
 *   guest-head-too-small                                                     → head 2048
 *   guest-identity-head   → packed placement, or a head that ends where range 1 starts
 *   guest-identity-order, guest-too-many-extents                             → packed placement
 */
import type { GuestProblem } from "../lib/guest/layout.ts";
import { GPT_HEAD_MIN_SECTORS } from "../lib/guest/gpt.ts";
import { DEFAULT_HEAD, type PlanVm } from "../lib/plan/types.ts";

export type GuestFixPatch = Partial<Pick<PlanVm, "head" | "partitionTable" | "placement">>;

export interface GuestFix {
  label: string;
  patch: GuestFixPatch;
}

const usePacked: GuestFix = { label: "Use packed placement", patch: { placement: "packed" } };

/** The fixes for one refusal of `vm`'s guest settings, best first; none when there is no sure one. */
export function guestFixes(problem: GuestProblem, vm: PlanVm): GuestFix[] {
  const headOf = (sectors: number): GuestFix => ({
    label: `Set the head to ${sectors} sectors`,
    patch: { head: { ...vm.head, sectors } },
  });
  switch (problem.code) {
    case "guest-mbr-too-many-partitions":
    case "guest-mbr-too-large":
    case "guest-type-not-in-mbr":
      return [{ label: "Use GPT", patch: { partitionTable: "gpt" } }];
    case "guest-head-too-small":
      return [headOf(DEFAULT_HEAD.sectors)];
    case "guest-identity-head": {
      // The head must end at or before range 1's host start; a GPT head needs 34 sectors.
      const first = vm.ranges[0]?.startSector ?? 0n;
      const target = first < BigInt(DEFAULT_HEAD.sectors) ? first : BigInt(DEFAULT_HEAD.sectors);
      const minimum = (vm.partitionTable ?? "none") === "gpt" ? BigInt(GPT_HEAD_MIN_SECTORS) : 1n;
      return target >= minimum ? [usePacked, headOf(Number(target))] : [usePacked];
    }
    case "guest-identity-order":
    case "guest-too-many-extents":
      return [usePacked];
    default:
      return [];
  }
}
