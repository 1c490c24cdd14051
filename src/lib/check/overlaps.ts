/** Ranges of one device that share sectors (docs/product.md, "Safety rules"). */
import type { Plan } from "../plan/types.ts";
import type { FindingTarget } from "../plan/findings.ts";
import { sweep } from "../spans.ts";
import { Findings, MAX_LISTED_OVERLAPS, type RangeRef } from "./facts.ts";
import { diskLabel, human, plural, rangeLabel, rangeTarget, vmLabel } from "./messages.ts";

export function checkOverlaps(plan: Plan, ranges: readonly RangeRef[], out: Findings): void {
  const byDevice = new Map<string, RangeRef[]>();
  for (const ref of ranges) {
    const group = byDevice.get(ref.disk.key);
    if (group) group.push(ref);
    else byDevice.set(ref.disk.key, [ref]);
  }
  let listedWritable = 0;
  let listedReadOnly = 0;
  let moreWritable = 0;
  let moreReadOnly = 0;
  const moreTargets: FindingTarget[] = [];
  for (const group of byDevice.values()) {
    const RW = 0;
    const RO = 1;
    sweep(
      group,
      (i) => ((group[i] as RangeRef).access === "RW" ? RW : RO),
      2,
      (index, open) => {
        const ref = group[index] as RangeRef;
        const openRw = open[RW] as Set<number>;
        const openRo = open[RO] as Set<number>;
        // Pairs with a writer: ref against every open range if ref writes, else the open writers.
        const writerPeers = ref.access === "RW" ? [openRw, openRo] : [openRw];
        for (const peers of writerPeers) {
          if (listedWritable >= MAX_LISTED_OVERLAPS) {
            moreWritable += peers.size;
            if (peers.size > 0 && moreTargets.length < 20) moreTargets.push(rangeTarget(ref));
            continue;
          }
          for (const other of peers) {
            if (listedWritable >= MAX_LISTED_OVERLAPS) {
              moreWritable++;
              continue;
            }
            listedWritable++;
            reportOverlap(plan, group[other] as RangeRef, ref, true, out);
          }
        }
        if (ref.access === "RDONLY") {
          if (listedReadOnly >= MAX_LISTED_OVERLAPS) {
            moreReadOnly += openRo.size;
            return;
          }
          for (const other of openRo) {
            if (listedReadOnly >= MAX_LISTED_OVERLAPS) {
              moreReadOnly++;
              continue;
            }
            listedReadOnly++;
            reportOverlap(plan, group[other] as RangeRef, ref, false, out);
          }
        }
      },
    );
  }
  if (moreWritable > 0) {
    out.error(
      "overlap",
      `${moreWritable} more pairs of ranges overlap with at least one writer (only the first ${MAX_LISTED_OVERLAPS} are listed).`,
      moreTargets,
    );
  }
  if (moreReadOnly > 0) {
    out.warning(
      "overlap-read-only",
      `${moreReadOnly} more pairs of read-only ranges overlap (only the first ${MAX_LISTED_OVERLAPS} are listed).`,
      [],
    );
  }
}

export function reportOverlap(
  plan: Plan,
  a: RangeRef,
  b: RangeRef,
  writable: boolean,
  out: Findings,
): void {
  const [first, second] = a.vm < b.vm || (a.vm === b.vm && a.range < b.range) ? [a, b] : [b, a];
  const from = first.start > second.start ? first.start : second.start;
  const to = first.end < second.end ? first.end : second.end;
  const shared = `${plural(to - from, "sector")} (${human(to - from)}) from sector ${from}`;
  // One device under two spellings (/dev//sda and /dev/sda) names both, so neither surprises.
  const spellings = [first.disk.disk, second.disk.disk].map(diskLabel);
  const device =
    spellings[0] === spellings[1] ? spellings[0] : `${spellings[0]} (also written ${spellings[1]})`;
  const targets = [rangeTarget(first), rangeTarget(second)];
  const sameVm = first.vm === second.vm;
  const who = sameVm
    ? `${vmLabel(plan, first.vm)}: ranges ${first.range + 1} (${first.start} +${first.sectors}) and ${second.range + 1} (${second.start} +${second.sectors})`
    : `${rangeLabel(plan, first)} and ${rangeLabel(plan, second)}`;
  if (writable) {
    const why = sameVm
      ? "the guest would see these sectors twice, and a write through one range silently changes the other"
      : "a write by one VM silently changes the other's data, and two filesystems on the same sectors destroy each other";
    out.error(
      "overlap",
      `${who} share ${shared} of ${device}, and at least one is writable (RW): ${why}.`,
      targets,
    );
  } else {
    out.warning(
      "overlap-read-only",
      `${who} share ${shared} of ${device}. Both are read-only (RDONLY), so neither changes them; it becomes an error as soon as one is made RW.`,
      targets,
    );
  }
}
