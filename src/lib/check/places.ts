/**
 * Where each finding belongs on the page: a VM card, a range row, a disk, a piece of the disk
 * map. A finding with several targets (an overlap between two VMs) shows at each of them.
 */
import type { Finding, FindingTarget } from "../plan/findings.ts";
import type { Plan } from "../plan/types.ts";
import { maxEnds, startsBefore } from "../spans.ts";

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
  return stretchFindingIndex(findings, plan, disk)(startSector, sectors, partition);
}

/**
 * `findingsForStretch` for many stretches of one disk. Each finding's ranges on the disk are
 * sorted once; a stretch then costs a binary search per finding instead of a look at every
 * target (one finding can name all 4,096 ranges of a VM, and a map has hundreds of pieces).
 * `partition` may list several partitions: a run of map pieces asks once for all of them.
 */
export function stretchFindingIndex(
  findings: readonly Finding[],
  plan: Plan,
  disk: string,
): (startSector: bigint, sectors: bigint, partition?: number | readonly number[]) => Finding[] {
  const places = findings.map((f) => {
    const partitions = new Set<number>();
    const spans: { start: bigint; end: bigint }[] = [];
    for (const t of f.targets) {
      if (t.disk === disk && t.partition !== undefined) partitions.add(t.partition);
      if (t.vm === undefined || t.range === undefined) continue;
      const r = plan.vms[t.vm]?.ranges[t.range];
      if (r && r.disk === disk)
        spans.push({ start: r.startSector, end: r.startSector + r.sectors });
    }
    spans.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    return { finding: f, partitions, spans, reach: maxEnds(spans.map((s) => s.end)) };
  });
  return (startSector, sectors, partition) => {
    const end = startSector + sectors;
    const named =
      partition === undefined ? [] : typeof partition === "number" ? [partition] : partition;
    return places
      .filter((p) => {
        if (named.some((n) => p.partitions.has(n))) return true;
        // Some span starting before the stretch ends reaches past its start.
        const before = startsBefore(p.spans, end);
        return before > 0 && (p.reach[before - 1] as bigint) > startSector;
      })
      .map((p) => p.finding);
  };
}
