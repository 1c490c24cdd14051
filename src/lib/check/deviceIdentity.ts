/**
 * The device-identity and raw-device rule family (docs/device-identity.md), run by checkPlan.
 * Spellings of one device share a canonical key and are checked as one disk by check.ts; this
 * family adds what text alone cannot settle: disks that MAY be one device (a /dev/disk/by-id
 * link next to /dev/sda) are checked against each other as if they were one, and a path must
 * look like a raw disk or partition device.
 *
 * | code                          | severity | when                                                           |
 * |-------------------------------|----------|----------------------------------------------------------------|
 * | overlap-possibly-same-disk    | error    | ranges on two possibly-same disks share sectors, one is RW      |
 * | past-disk-end-possibly-same   | error    | a range on a disk of unknown size ends past a possibly-same disk's known end |
 * | covers-gpt-backup             | warning  | (also) such a range covers the possibly-same GPT disk's backup  |
 * | device-path-not-raw           | error    | the path is memory, a system file, a share or a file on a drive |
 * | device-path-unknown-family    | warning  | the path is of no known disk or partition device family         |
 * | device-path-needs-quoting     | warning  | the path holds characters a shell would interpret (README quotes it) |
 */
import { VMDK_SECTOR_BYTES } from "../units.ts";
import type { Finding, FindingTarget } from "../plan/findings.ts";
import type { Plan, PlanDisk } from "../plan/types.ts";
import {
  canonicalDevice,
  declarationKey,
  possiblySameDiskPairs,
  sharedHardwareId,
} from "../devices/identity.ts";
import { classifyRawPath, RAW_DEVICE_FAMILIES } from "../devices/rawPath.ts";
import { gptBackupSectors, gptTable } from "../plan/disk.ts";
import { devicePathProblem, quoteForMessage } from "../plan/names.ts";
import { MAX_LISTED_OVERLAPS } from "./facts.ts";
import { crossingPairs, sweep } from "../spans.ts";
import { hostUseReason, partitionSpans } from "./hostAreas.ts";
import { partitionLabel } from "./messages.ts";

interface RangeSpan {
  vm: number;
  range: number;
  start: bigint;
  end: bigint;
  access: string;
}

/** Well-formed ranges per disk id (the other checks report the malformed ones). */
function rangesByDisk(plan: Plan): Map<string, RangeSpan[]> {
  const byDisk = new Map<string, RangeSpan[]>();
  plan.vms.forEach((vm, vmIndex) => {
    vm.ranges.forEach((r, rangeIndex) => {
      if (typeof r.startSector !== "bigint" || typeof r.sectors !== "bigint") return;
      if (r.startSector < 0n || r.sectors <= 0n) return;
      const span: RangeSpan = {
        vm: vmIndex,
        range: rangeIndex,
        start: r.startSector,
        end: r.startSector + r.sectors,
        access: r.access,
      };
      const list = byDisk.get(r.disk);
      if (list) list.push(span);
      else byDisk.set(r.disk, [span]);
    });
  });
  return byDisk;
}

const rangeText = (plan: Plan, r: RangeSpan): string => {
  const name = plan.vms[r.vm]?.name ?? "";
  const vm = name === "" ? `VM ${r.vm + 1} (unnamed)` : `VM ${quoteForMessage(name)}`;
  return `${vm} range ${r.range + 1} (${r.start} +${r.end - r.start})`;
};

const target = (disk: PlanDisk, r: RangeSpan): FindingTarget => ({
  vm: r.vm,
  range: r.range,
  disk: disk.id,
});

const deviceTarget = (disk: PlanDisk): FindingTarget => ({ disk: disk.id, field: "device" });

/** Exact size of each canonical device, as far as its spellings in the plan agree (smallest). */
function sizeByKey(plan: Plan): Map<string, bigint> {
  const sizes = new Map<string, bigint>();
  for (const disk of plan.disks) {
    if (typeof disk.sizeBytes !== "bigint" || typeof disk.device !== "string") continue;
    const key = canonicalDevice(disk.device).key;
    const known = sizes.get(key);
    if (known === undefined || disk.sizeBytes < known) sizes.set(key, disk.sizeBytes);
  }
  return sizes;
}

const isGptDisk = (disk: PlanDisk): boolean => gptTable(disk) !== null;

/** Why two paths may be one disk, ending so that "nothing in the plan proves…" follows. */
function sameIdText(a: PlanDisk, b: PlanDisk): string {
  const shared = sharedHardwareId(a, b);
  return shared
    ? `Both report ${shared}, as two paths to one disk do (multipath), and `
    : "The paths alone cannot tell (a link or alias may point to either), and ";
}

const FIX =
  'If they are different disks, say so ("These are different disks"); if they are one disk, spell its path the same way in both.';

/**
 * The pairs of disks that may be one device, at least one of them used by a range. check.ts's
 * overlap sweep covers disks with one canonical key; these pairs are the rest.
 */
export function possiblySameDisks(plan: Plan): Array<[PlanDisk, PlanDisk]> {
  const used = new Set(plan.vms.flatMap((vm) => vm.ranges.map((r) => r.disk)));
  const disks = plan.disks.filter((d) => typeof d.device === "string" && d.device !== "");
  return possiblySameDiskPairs(disks, plan.distinctDevices)
    .map(([i, j]) => [disks[i] as PlanDisk, disks[j] as PlanDisk] as [PlanDisk, PlanDisk])
    .filter(([a, b]) => used.has(a.id) || used.has(b.id));
}

/** A device path whole in a message (up to 200 characters; by-id names run long). */
const pathText = (path: string): string => quoteForMessage(path, 200);

/** The two device paths an `overlap-possibly-same-disk` finding is about, for its fix. */
export function possiblySamePaths(plan: Plan, finding: Finding): [string, string] | null {
  if (
    finding.code !== "overlap-possibly-same-disk" &&
    finding.code !== "past-disk-end-possibly-same"
  ) {
    return null;
  }
  const ids = finding.targets.filter((t) => t.field === "device").map((t) => t.disk);
  const paths = ids.map((id) => plan.disks.find((d) => d.id === id)?.device);
  const [a, b] = paths;
  return a !== undefined && b !== undefined ? [a, b] : null;
}

/**
 * The plan with `a` and `b` declared different disks (plan.distinctDevices); the same plan
 * object when that pair (in any spelling or order) is declared already.
 *
 * @example declareDistinctDevices(plan, "/dev/sda", "/dev/disk/by-id/ata-X").distinctDevices
 * // [["/dev/sda", "/dev/disk/by-id/ata-X"]]
 */
export function declareDistinctDevices(plan: Plan, a: string, b: string): Plan {
  const key = declarationKey(a, b);
  const pairs = plan.distinctDevices ?? [];
  if (pairs.some(([x, y]) => declarationKey(x, y) === key)) return plan;
  return { ...plan, distinctDevices: [...pairs, [a, b]] };
}

/**
 * Overlaps across possibly-same pairs. Once MAX_LISTED_OVERLAPS are listed, the remaining
 * pairs are not swept at all (a hostile plan of 64 links could make millions): one more
 * finding says the list stops there, and the plan is blocked either way.
 */
function overlapFindings(
  plan: Plan,
  pairs: ReadonlyArray<[PlanDisk, PlanDisk]>,
  ranges: Map<string, RangeSpan[]>,
  out: Finding[],
): void {
  // One sweep over the ranges of every disk in a pair, one class per disk: at each range's
  // start, the open ranges of its partner disks are the overlaps. O(n log n + n·partners + k),
  // never a sort per pair (64 links make 2016 pairs).
  const diskIndex = new Map<string, number>();
  const disks: PlanDisk[] = [];
  const partners: Array<Set<number>> = [];
  const indexOf = (d: PlanDisk): number => {
    let i = diskIndex.get(d.id);
    if (i === undefined) {
      i = disks.length;
      diskIndex.set(d.id, i);
      disks.push(d);
      partners.push(new Set());
    }
    return i;
  };
  for (const [a, b] of pairs) {
    const i = indexOf(a);
    const j = indexOf(b);
    (partners[i] as Set<number>).add(j);
    (partners[j] as Set<number>).add(i);
  }
  const spans: RangeSpan[] = [];
  const classes: number[] = [];
  disks.forEach((d, i) => {
    for (const r of ranges.get(d.id) ?? []) {
      spans.push(r);
      classes.push(i);
    }
  });
  let listed = 0;
  let cutShort = false;
  sweep(
    spans,
    (index) => classes[index] as number,
    disks.length,
    (index, open) => {
      if (cutShort) return;
      const x = spans[index] as RangeSpan;
      const i = classes[index] as number;
      for (const j of partners[i] as Set<number>) {
        for (const other of open[j] as Set<number>) {
          const y = spans[other] as RangeSpan;
          if (x.access !== "RW" && y.access !== "RW") continue;
          if (listed >= MAX_LISTED_OVERLAPS) {
            cutShort = true;
            return;
          }
          listed++;
          // Reported in plan order: the disk listed first in the plan first.
          const [first, second] = i < j ? [x, y] : [y, x];
          const [dFirst, dSecond] = (i < j ? [disks[i], disks[j]] : [disks[j], disks[i]]) as [
            PlanDisk,
            PlanDisk,
          ];
          const from = x.start > y.start ? x.start : y.start;
          const to = x.end < y.end ? x.end : y.end;
          out.push({
            severity: "error",
            code: "overlap-possibly-same-disk",
            message: `${rangeText(plan, first)} on ${pathText(dFirst.device)} and ${rangeText(plan, second)} on ${pathText(dSecond.device)} share ${to - from} sectors from sector ${from} if these two paths name one disk, and at least one is writable (RW). ${sameIdText(dFirst, dSecond)}nothing in the plan proves them different (exact sizes, serials, disk GUIDs). ${FIX}`,
            targets: [
              target(dFirst, first),
              target(dSecond, second),
              deviceTarget(dFirst),
              deviceTarget(dSecond),
            ],
          });
        }
      }
    },
  );
  if (cutShort) {
    out.push({
      severity: "error",
      code: "overlap-possibly-same-disk",
      message: `More ranges on possibly-same disks overlap with at least one writer: only the first ${MAX_LISTED_OVERLAPS} are listed.`,
      targets: [],
    });
  }
}

/**
 * A disk listed with no partition, possibly the same as one whose partitions are listed: its
 * ranges may cover a partition the host uses there, so each such crossing is a `host-partition`
 * warning, the message saying "if … may be …".
 */
function aliasHostFindings(
  plan: Plan,
  pairs: ReadonlyArray<[PlanDisk, PlanDisk]>,
  ranges: Map<string, RangeSpan[]>,
  out: Finding[],
): void {
  let listed = 0;
  for (const [p, q] of pairs) {
    for (const [bare, known] of [
      [p, q],
      [q, p],
    ] as const) {
      const on = ranges.get(bare.id) ?? [];
      if (bare.partitions.length > 0 || known.partitions.length === 0 || on.length === 0) continue;
      const spans = partitionSpans(known);
      // Its own first MiB is already warned about (no partition listed): the partitions the
      // host uses are what the bare disk cannot know.
      const areas: Array<{ start: bigint; end: bigint; why: string; part: number }> = [];
      for (const span of spans) {
        const reason = hostUseReason(span.partition);
        if (reason === null) continue;
        areas.push({
          start: span.start,
          end: span.end,
          why: `${partitionLabel(span)}: ${reason}`,
          part: span.index,
        });
      }
      const alias = `${pathText(bare.device)} may be ${pathText(known.device)}`;
      for (const [r, a] of crossingPairs(on, areas, MAX_LISTED_OVERLAPS - listed)) {
        const range = on[r] as RangeSpan;
        const area = areas[a] as (typeof areas)[number];
        const targets: FindingTarget[] = [
          target(bare, range),
          deviceTarget(known),
          { disk: known.id, partition: area.part },
        ];
        out.push({
          severity: "warning",
          code: "host-partition",
          message: `${rangeText(plan, range)} on ${pathText(bare.device)} covers, if ${alias} (nothing in the plan proves them different), ${area.why} on ${pathText(known.device)}. The guest could destroy what the host keeps there. ${FIX}`,
          targets,
        });
        listed++;
      }
      if (listed >= MAX_LISTED_OVERLAPS) return;
    }
  }
}

/** A disk of unknown size gets the known size of a disk it may be (past-end and GPT backup). */
function aliasEndFindings(
  plan: Plan,
  pairs: ReadonlyArray<[PlanDisk, PlanDisk]>,
  ranges: Map<string, RangeSpan[]>,
  out: Finding[],
): void {
  const sizes = sizeByKey(plan);
  const sizeOf = (d: PlanDisk) => sizes.get(canonicalDevice(d.device).key) ?? null;
  const start = out.length;
  for (const [p, q] of pairs) {
    if (out.length - start >= MAX_LISTED_OVERLAPS) {
      out.push({
        severity: "error",
        code: "past-disk-end-possibly-same",
        message: `More ranges reach past the end of a possibly-same disk: only the first ${MAX_LISTED_OVERLAPS} findings are listed.`,
        targets: [],
      });
      return;
    }
    for (const [unknown, known] of [
      [p, q],
      [q, p],
    ] as const) {
      const size = sizeOf(known);
      if (sizeOf(unknown) !== null || size === null) continue;
      const end = size / VMDK_SECTOR_BYTES;
      const backup = isGptDisk(known) ? gptBackupSectors(known.logicalSectorSize) : 0n;
      for (const r of ranges.get(unknown.id) ?? []) {
        const text = `${rangeText(plan, r)} on ${pathText(unknown.device)}`;
        const alias = `${pathText(unknown.device)} may be ${pathText(known.device)}`;
        if (r.end > end) {
          out.push({
            severity: "error",
            code: "past-disk-end-possibly-same",
            message: `${text} ends at sector ${r.end}, past the end of ${pathText(known.device)} (${end} sectors, ${size} bytes), and ${alias}: the size of ${pathText(unknown.device)} is unknown, so nothing proves they differ. Enter its exact size, or ${FIX.charAt(0).toLowerCase()}${FIX.slice(1)}`,
            targets: [target(unknown, r), deviceTarget(unknown), deviceTarget(known)],
          });
        } else if (backup > 0n && r.end > end - backup) {
          out.push({
            severity: "warning",
            code: "covers-gpt-backup",
            message: `${text} reaches into the last ${backup} sectors of ${pathText(known.device)}, where GPT keeps its backup partition table, and ${alias} (its size is unknown). If the guest writes there, the host's backup table is gone.`,
            targets: [target(unknown, r), deviceTarget(unknown), deviceTarget(known)],
          });
        }
      }
    }
  }
}

function rawPathFindings(plan: Plan, ranges: Map<string, RangeSpan[]>, out: Finding[]): void {
  for (const disk of plan.disks) {
    const used = ranges.get(disk.id) ?? [];
    const device = disk.device;
    if (used.length === 0 || typeof device !== "string") continue;
    // Paths that would break the extent line or are relative have their own errors.
    if (devicePathProblem(device) !== null) continue;
    const targets = [deviceTarget(disk), ...used.map((r) => target(disk, r))];
    const path = pathText(device);
    const kind = classifyRawPath(device);
    if (kind.kind === "dangerous") {
      out.push({
        severity: "error",
        code: "device-path-not-raw",
        message: `The device path ${path} ${kind.reason}. A raw extent must name a whole disk or a partition device.`,
        targets,
      });
    }
    if (kind.kind !== "dangerous" && !/^[A-Za-z0-9_./:\\@+=,?{}-]+$/.test(device)) {
      out.push({
        severity: "warning",
        code: "device-path-needs-quoting",
        message: `The device path ${path} holds characters a shell would interpret (blanks, quotes, ; $ & | and the like). README.txt and the scripts quote it in every command; typed by hand it must be quoted too. Unusual for a disk: make sure it is the path you mean.`,
        targets,
      });
    }
    if (kind.kind === "unknown") {
      out.push({
        severity: "warning",
        code: "device-path-unknown-family",
        message: `The device path ${path} is not a disk or partition device the planner knows: ${RAW_DEVICE_FAMILIES}. Make sure it names the disk you mean, not a file or another device.`,
        targets,
      });
    }
  }
}

/**
 * Every finding of this family for the plan. Never throws on a plan of the declared shape.
 *
 * @example deviceIdentityFindings(planWithSdaAndItsByIdLink).map((f) => f.code)
 * // ["overlap-possibly-same-disk", …]
 */
export function deviceIdentityFindings(plan: Plan): Finding[] {
  const out: Finding[] = [];
  const ranges = rangesByDisk(plan);
  const pairs = possiblySameDisks(plan);
  overlapFindings(plan, pairs, ranges, out);
  aliasEndFindings(plan, pairs, ranges, out);
  aliasHostFindings(plan, pairs, ranges, out);
  rawPathFindings(plan, ranges, out);
  return out;
}
