/**
 * Where each finding belongs on the page: a VM card, a range row, a disk, a piece of the disk
 * map. A finding with several targets (an overlap between two VMs) shows at each of them.
 */
import type { Finding, FindingTarget } from "../plan/findings.ts";
import type { Plan } from "../plan/types.ts";

const some = (f: Finding, test: (t: FindingTarget) => boolean) => f.targets.some(test);

/** Findings about the VM itself (its name, head, …), not about one of its ranges. */
export const findingsForVm = (findings: readonly Finding[], vm: number): Finding[] =>
  findings.filter((f) => some(f, (t) => t.vm === vm && t.range === undefined));

export const findingsForRange = (
  findings: readonly Finding[],
  vm: number,
  range: number,
): Finding[] => findings.filter((f) => some(f, (t) => t.vm === vm && t.range === range));

/** True when a finding concerns a whole disk (its size, its device path), not only a range. */
export const concernsWholeDisk = (f: Finding): boolean =>
  some(f, (t) => t.disk !== undefined && t.partition === undefined && t.vm === undefined);

/** Findings about the disk as a whole (device path, size, exactness), not one partition. */
export const findingsForDisk = (findings: readonly Finding[], disk: string): Finding[] =>
  findings.filter((f) =>
    some(f, (t) => t.disk === disk && t.partition === undefined && t.vm === undefined),
  );

/**
 * Findings about a stretch of a disk: those naming the partition, and those naming a VM range
 * that overlaps [startSector, startSector + sectors).
 *
 * @example findingsForStretch(findings, plan, "d0", 125831168n, 125829120n, 1)
 */
export function findingsForStretch(
  findings: readonly Finding[],
  plan: Plan,
  disk: string,
  startSector: bigint,
  sectors: bigint,
  partition?: number,
): Finding[] {
  const end = startSector + sectors;
  const overlaps = (t: FindingTarget): boolean => {
    if (t.vm === undefined || t.range === undefined) return false;
    const r = plan.vms[t.vm]?.ranges[t.range];
    if (!r || r.disk !== disk) return false;
    return r.startSector < end && startSector < r.startSector + r.sectors;
  };
  return findings.filter((f) =>
    some(
      f,
      (t) =>
        (partition !== undefined && t.disk === disk && t.partition === partition) || overlaps(t),
    ),
  );
}
