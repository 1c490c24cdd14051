import type { Finding } from "../lib/plan/findings.ts";

/**
 * A finding that names several VMs or ranges (a partition split between two VMs, two VMs
 * writing the same sectors) is written out in full at its first VM place only; the others get
 * a one-line pointer to it, so its text is on the page at most twice: there and in the review.
 */
export interface VmPlace {
  vm: number;
  range?: number;
}

/** The first VM (or VM range) a finding names: where its full text is shown. */
export function primaryVmPlace(f: Finding): VmPlace | null {
  const t = f.targets.find((x) => x.vm !== undefined);
  return t?.vm === undefined ? null : { vm: t.vm, range: t.range };
}

/** True when `place` is where the finding's full text belongs. */
export function isPrimaryPlace(f: Finding, place: VmPlace): boolean {
  const p = primaryVmPlace(f);
  return p === null || (p.vm === place.vm && p.range === place.range);
}
