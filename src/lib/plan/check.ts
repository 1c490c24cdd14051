/**
 * The safety checks of docs/product.md ("Safety rules"), as findings. An error blocks the download;
 * a warning is shown with the reason it matters. Codes are stable: tests, the CLI's JSON and the
 * UI rely on them. Never rename one; add new ones.
 *
 * | code                        | severity | when                                                              |
 * |-----------------------------|----------|-------------------------------------------------------------------|
 * | plan-name-invalid           | error    | the plan name cannot be a file name (`<plan>.zip`)                 |
 * | vm-name-invalid             | error    | a VM name cannot be a folder / file name (names.ts rules)          |
 * | vm-name-collision           | error    | two VMs get the same folder (case-insensitive, after NFC)          |
 * | head-file-invalid           | error    | a head file name cannot be a file name, or is `<vm>.vmdk`          |
 * | head-sectors-invalid        | error    | head sectors not an integer in 0..MAX_HEAD_SECTORS                 |
 * | vm-uuid-invalid             | error    | a VM's uuid is not a canonical, non-nil UUID                       |
 * | duplicate-uuid              | error    | two VMs share one uuid (VirtualBox refuses the second medium)      |
 * | adapter-type-invalid        | error    | adapterType is not ide, buslogic or lsilogic                       |
 * | vm-no-extents               | error    | no head and no range: a descriptor without extents                 |
 * | too-many-extents            | error    | more than MAX_EXTENTS_PER_VM extents: over VirtualBox's line limit |
 * | duplicate-disk-id           | error    | two disks share one id: ranges would be ambiguous                  |
 * | disk-invalid                | error    | sector size not 512/4096, or size not whole sectors               |
 * | device-path-invalid         | error    | a used disk's device path would corrupt the extent line           |
 * | device-path-relative        | error    | a used disk's device path does not start with / or \              |
 * | device-conflict             | error    | disks naming one device disagree about its size or sector size     |
 * | inexact-unconfirmed         | error    | ranges on a disk whose listing was rounded, not confirmed          |
 * | range-invalid               | error    | a range's fields are malformed (not integers, unknown access)      |
 * | unknown-disk                | error    | a range names a disk id the plan does not have                     |
 * | negative-start              | error    | a range starts before sector 0                                     |
 * | empty-range                 | error    | a range has 0 (or fewer) sectors                                   |
 * | range-beyond-limit          | error    | a range ends past 2^55 sectors (2^64 bytes: no disk is that large) |
 * | past-disk-end               | error    | a range ends after the disk's known end                           |
 * | misaligned-4k               | error    | on a 4096-byte-sector disk, start or size not a multiple of 8      |
 * | overlap                     | error    | two ranges of one device share sectors and one is RW              |
 * | no-vms                      | warning  | the plan has no VM: the zip would hold no descriptor              |
 * | vm-no-ranges                | warning  | a VM has only its head: valid, but it maps no disk sector          |
 * | overlap-read-only           | warning  | two RDONLY ranges share sectors                                    |
 * | covers-partition-table      | warning  | a range covers LBA 0 up to the first partition, or EBR space       |
 * | covers-gpt-backup           | warning  | a range covers a GPT disk's backup table at its end                |
 * | covers-unlisted-gap         | warning  | a range covers a gap of a wmic GPT listing (may be MS reserved)   |
 * | partial-partition           | warning  | a partition is covered only in part by a range                    |
 * | host-partition              | warning  | a range covers a partition the host likely uses (EFI, MSR, boot…)  |
 * | not-aligned-1mib            | warning  | a range's start or size is not a multiple of 2048 sectors         |
 * | guest-misaligned-4k         | warning  | 4Kn disk: the range's guest start ≢ its disk start (mod 8)         |
 * | device-path-unstable        | warning  | /dev/sdX, /dev/nvme0n1, /dev/diskN… may name another disk later    |
 * | partition-device-path       | warning  | the device path names one partition: offsets are relative to it   |
 * | disk-end-unknown            | warning  | a used disk's size is unknown: past-the-end cannot be checked      |
 *
 * Plus the guest-table findings (`guest-…` codes), tabled in src/lib/guest/findings.ts, and
 * the device-identity and raw-device findings (`overlap-possibly-same-disk`,
 * `past-disk-end-possibly-same`, `device-path-not-raw`, `device-path-unknown-family`,
 * `device-path-volume-lock`), tabled in deviceIdentityChecks.ts. Paths are compared by their
 * canonical form (src/lib/devices/identity.ts): `/dev//sda` and `/dev/sda` are one device here.
 *
 * Decisions: a plan with no VM and a VM with no range are warnings, not errors: the zip is
 * valid, only useless, and the empty plan is where every user starts. A VM with neither head
 * nor range is an error, because a descriptor without extents is invalid. Disk-level findings
 * concern only disks that some range uses: a disk nobody uses never reaches a descriptor.
 *
 * Overlaps are found by sorting range endpoints and sweeping once per device (O(n log n + k)),
 * never by comparing all pairs. At most MAX_LISTED_OVERLAPS pairs per kind become findings;
 * the rest are counted in one more finding, so a hostile plan cannot flood the page.
 */
import type { Finding, FindingTarget, Severity } from "./findings.ts";
import type { Access, Plan, PlanDisk, PlanPartition, PlanVm } from "./types.ts";
import { ACCESS_VALUES, ADAPTER_TYPES } from "./types.ts";
import { formatBytes, VMDK_SECTOR_BYTES } from "../units.ts";
import { guestFindings } from "../guest/findings.ts";
import { canonicalDevice } from "../devices/identity.ts";
import { deviceIdentityFindings } from "./deviceIdentityChecks.ts";
import { gptBackupSectors } from "./ops.ts";
import {
  devicePathTextProblem,
  folderKey,
  headFileProblem,
  partitionDevicePathNote,
  planNameProblem,
  quoteForMessage,
  relativeDevicePathProblem,
  unstableDevicePathNote,
  vmNameProblem,
} from "./names.ts";

/** 1 MiB in 512-byte sectors: where partition tools put partition boundaries. */
export const ALIGN_SECTORS = 2048n;
/** Without a listed partition, the first 1 MiB is taken as the partition table area. */
export const TABLE_AREA_WITHOUT_PARTITIONS = 2048n;
/**
 * Largest head file, in sectors (64 MiB). The zip writer builds it in memory; a guest
 * partition table needs 34 sectors and the default is 2048, so more is a typing mistake.
 */
export const MAX_HEAD_SECTORS = 131072;
/**
 * VirtualBox reads at most 1100 descriptor lines; header, comments and DDB take about 25, so
 * 1000 extents (head included) leave room for any layout of the descriptor writer.
 */
export const MAX_EXTENTS_PER_VM = 1000;
/** VirtualBox turns sectors into a 64-bit byte offset: 2^55 sectors is 2^64 bytes. */
export const MAX_SECTOR_END = 1n << 55n;
/** Overlapping pairs listed one by one, per kind (RW and read-only); the rest are counted. */
export const MAX_LISTED_OVERLAPS = 500;
/** Range × partition/area pairs examined per disk before giving up (hostile plans only). */
export const MAX_AREA_PAIRS = 200_000;

const SECTOR = VMDK_SECTOR_BYTES;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = "00000000-0000-0000-0000-000000000000";

// ─── The sweep ───────────────────────────────────────────────────────────────────────────

/** A half-open interval [start, end) of sectors. Empty or reversed spans overlap nothing. */
export interface Span {
  start: bigint;
  end: bigint;
}

/**
 * Sweeps the spans from left to right. At each span's start, calls onStart with the span and
 * the spans still open there, one set per class (classOf). Every span in those sets shares at
 * least one sector with it, so the work is O(n log n) for the sort plus the pairs visited.
 * Touching spans ([a, b) and [b, c)) do not overlap: ends are processed before starts.
 */
export function sweep(
  spans: readonly Span[],
  classOf: (index: number) => number,
  classCount: number,
  onStart: (index: number, open: readonly Set<number>[]) => void,
): void {
  // Event 2i is span i's end, 2i + 1 its start: at equal positions ends sort first.
  const events: number[] = [];
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i];
    if (span && span.end > span.start) events.push(2 * i, 2 * i + 1);
  }
  const position = (event: number): bigint => {
    const span = spans[event >> 1] as Span;
    return event & 1 ? span.start : span.end;
  };
  events.sort((a, b) => {
    const pa = position(a);
    const pb = position(b);
    if (pa !== pb) return pa < pb ? -1 : 1;
    return (a & 1) - (b & 1) || a - b;
  });
  const open = Array.from({ length: classCount }, () => new Set<number>());
  for (const event of events) {
    const index = event >> 1;
    const set = open[classOf(index)] as Set<number>;
    if (event & 1) {
      onStart(index, open);
      set.add(index);
    } else {
      set.delete(index);
    }
  }
}

/**
 * Every pair of spans that share at least one sector, as [i, j] with i < j, in sweep order.
 * O(n log n + k) for k pairs.
 *
 * @example overlappingPairs([{ start: 0n, end: 10n }, { start: 10n, end: 20n }, { start: 5n, end: 15n }])
 *          // [[0, 2], [1, 2]]
 */
export function overlappingPairs(spans: readonly Span[]): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  sweep(
    spans,
    () => 0,
    1,
    (index, open) => {
      for (const other of open[0] as Set<number>) {
        pairs.push(other < index ? [other, index] : [index, other]);
      }
    },
  );
  return pairs;
}

/**
 * Every pair (a[i], b[j]) that shares at least one sector, as [i, j], optionally stopping after
 * `limit` pairs. O((|a| + |b|) log(|a| + |b|) + k).
 *
 * @example crossingPairs([{ start: 0n, end: 4n }], [{ start: 3n, end: 9n }, { start: 4n, end: 5n }])
 *          // [[0, 0]]
 */
export function crossingPairs(
  a: readonly Span[],
  b: readonly Span[],
  limit = Infinity,
): Array<[number, number]> {
  const spans = [...a, ...b];
  const pairs: Array<[number, number]> = [];
  sweep(
    spans,
    (index) => (index < a.length ? 0 : 1),
    2,
    (index, open) => {
      if (pairs.length >= limit) return;
      const fromA = index < a.length;
      for (const other of open[fromA ? 1 : 0] as Set<number>) {
        if (pairs.length >= limit) return;
        pairs.push(fromA ? [index, other - a.length] : [other, index - a.length]);
      }
    },
  );
  return pairs;
}

// ─── Plan facts gathered once ────────────────────────────────────────────────────────────

/** A well-formed range of the plan, with where it sits. */
interface RangeRef extends Span {
  vm: number;
  range: number;
  sectors: bigint;
  access: Access;
  disk: DiskFacts;
}

interface DiskFacts {
  disk: PlanDisk;
  index: number;
  /** Canonical key of its path (../devices), or `#<id>` for an empty path (never merged). */
  key: string;
  /** Sector size and size are usable (disk-invalid otherwise). */
  valid: boolean;
  /** The device's size in bytes as far as the plan's disks agree, or null. */
  sizeBytes: bigint | null;
  ranges: RangeRef[];
}

/** A listed partition in 512-byte sectors, rounded outward when not whole sectors. */
interface PartitionSpan extends Span {
  index: number;
  partition: PlanPartition;
}

// ─── Message helpers ─────────────────────────────────────────────────────────────────────

const human = (sectors: bigint): string => formatBytes(sectors * SECTOR);
const plural = (n: bigint | number, one: string, many = `${one}s`): string =>
  `${n} ${BigInt(n) === 1n ? one : many}`;
const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

function vmLabel(plan: Plan, vm: number): string {
  const name = plan.vms[vm]?.name ?? "";
  return name === "" ? `VM ${vm + 1} (unnamed)` : `VM ${quoteForMessage(name)}`;
}

function rangeLabel(plan: Plan, ref: RangeRef): string {
  return `${vmLabel(plan, ref.vm)} range ${ref.range + 1} (${ref.start} +${ref.sectors})`;
}

function diskLabel(disk: PlanDisk): string {
  return disk.device === "" ? `disk ${quoteForMessage(disk.id)}` : quoteForMessage(disk.device);
}

function partitionLabel(p: PartitionSpan): string {
  const label = p.partition.label === "" ? `partition ${p.index + 1}` : p.partition.label;
  return `${quoteForMessage(label)} (${p.start} +${p.end - p.start})`;
}

/** "a", "a and b", "a, b and c". */
function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

const byVmAndRange = (a: RangeRef, b: RangeRef): number => a.vm - b.vm || a.range - b.range;

/** Names a few VMs, then how many more. */
function listVms(plan: Plan, vms: readonly number[], shown = 4): string {
  const names = vms.slice(0, shown).map((vm) => vmLabel(plan, vm));
  if (vms.length > shown) names.push(`${vms.length - shown} more`);
  return joinAnd(names);
}

/** Names a few ranges (in plan order), then how many more. */
function listRanges(plan: Plan, refs: readonly RangeRef[], shown = 4): string {
  const names = refs.slice(0, shown).map((ref) => rangeLabel(plan, ref));
  if (refs.length > shown) names.push(`${refs.length - shown} more`);
  return joinAnd(names);
}

const rangeTarget = (ref: RangeRef): FindingTarget => ({
  vm: ref.vm,
  range: ref.range,
  disk: ref.disk.disk.id,
});

// ─── The checks ──────────────────────────────────────────────────────────────────────────

class Findings {
  readonly list: Finding[] = [];
  add(severity: Severity, code: string, message: string, targets: FindingTarget[]): void {
    this.list.push({ severity, code, message, targets });
  }
  error(code: string, message: string, targets: FindingTarget[]): void {
    this.add("error", code, message, targets);
  }
  warning(code: string, message: string, targets: FindingTarget[]): void {
    this.add("warning", code, message, targets);
  }
}

/**
 * Every finding for the plan: errors block the download, warnings are explained. Never throws
 * on a plan of the declared shape, whatever its values (loadPlan guarantees the shape of plans
 * from outside). Findings are sorted: errors first, then by VM and range.
 *
 * @example checkPlan(plan).filter((f) => f.severity === "error") // [] when it may be downloaded
 */
export function checkPlan(plan: Plan): Finding[] {
  const out = new Findings();
  checkPlanName(plan, out);
  const disks = gatherDisks(plan, out);
  const ranges = checkVms(plan, disks, out);
  checkOverlaps(plan, ranges, out);
  checkDisks(plan, disks, out);
  out.list.push(...guestFindings(plan));
  out.list.push(...deviceIdentityFindings(plan));
  return sortFindings(out.list);
}

function checkPlanName(plan: Plan, out: Findings): void {
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

function gatherDisks(plan: Plan, out: Findings): Map<string, DiskFacts> {
  const byId = new Map<string, DiskFacts>();
  plan.disks.forEach((disk, index) => {
    if (byId.has(disk.id)) {
      out.error(
        "duplicate-disk-id",
        `Two disks have the id ${quoteForMessage(disk.id)}: ranges naming it would be ambiguous.`,
        [{ disk: disk.id, field: "id" }],
      );
      return;
    }
    const sizeOk = disk.sizeBytes === null || typeof disk.sizeBytes === "bigint";
    const sectorOk = disk.logicalSectorSize === 512 || disk.logicalSectorSize === 4096;
    const valid =
      sizeOk &&
      sectorOk &&
      (disk.sizeBytes === null ||
        (disk.sizeBytes >= 0n && disk.sizeBytes % BigInt(disk.logicalSectorSize) === 0n));
    byId.set(disk.id, {
      disk,
      index,
      key:
        typeof disk.device === "string" && disk.device !== ""
          ? canonicalDevice(disk.device).key
          : `#${disk.id}`,
      valid,
      sizeBytes: valid ? disk.sizeBytes : null,
      ranges: [],
    });
  });
  for (const group of deviceGroups(byId)) agreeOnSize(group);
  return byId;
}

function deviceGroups(disks: Map<string, DiskFacts>): DiskFacts[][] {
  const byDevice = new Map<string, DiskFacts[]>();
  for (const facts of disks.values()) {
    const group = byDevice.get(facts.key);
    if (group) group.push(facts);
    else byDevice.set(facts.key, [facts]);
  }
  return [...byDevice.values()];
}

/**
 * Disks naming one device share one size for the past-the-end check: the smallest that any
 * of them claims (conservative; device-conflict reports the disagreement).
 */
function agreeOnSize(group: readonly DiskFacts[]): void {
  const known = group.map((f) => f.sizeBytes).filter((s): s is bigint => s !== null);
  if (known.length === 0) return;
  const smallest = known.reduce((a, b) => (a < b ? a : b));
  for (const facts of group) if (facts.valid) facts.sizeBytes = smallest;
}

function checkVms(plan: Plan, disks: Map<string, DiskFacts>, out: Findings): RangeRef[] {
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
    if (vm.ranges.length + headExtents > MAX_EXTENTS_PER_VM) {
      out.error(
        "too-many-extents",
        `${label} has ${vm.ranges.length + headExtents} extents (head included); VirtualBox reads at most 1100 descriptor lines, so at most ${MAX_EXTENTS_PER_VM} extents fit. Merge adjacent ranges or split the VM.`,
        [{ vm: vmIndex, field: "ranges" }],
      );
    }
    for (const ref of checkRanges(plan, vm, vmIndex, headOk, disks, out)) ranges.push(ref);
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
function checkHead(plan: Plan, vm: PlanVm, vmIndex: number, out: Findings): boolean {
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

function checkRanges(
  plan: Plan,
  vm: PlanVm,
  vmIndex: number,
  headOk: boolean,
  disks: Map<string, DiskFacts>,
  out: Findings,
): RangeRef[] {
  const refs: RangeRef[] = [];
  // Where the guest sees the range; null once an earlier range is unusable.
  let guestStart: bigint | null = headOk ? BigInt(vm.head.sectors) : null;
  vm.ranges.forEach((range, rangeIndex) => {
    const where = `${vmLabel(plan, vmIndex)} range ${rangeIndex + 1}`;
    const target: FindingTarget = { vm: vmIndex, range: rangeIndex };
    const { startSector: start, sectors } = range;
    if (
      typeof start !== "bigint" ||
      typeof sectors !== "bigint" ||
      !ACCESS_VALUES.includes(range.access) ||
      typeof range.disk !== "string"
    ) {
      out.error(
        "range-invalid",
        `${where} is malformed: start and size must be whole numbers of sectors and access RW or RDONLY.`,
        [target],
      );
      guestStart = null;
      return;
    }
    const text = `${where} (${start} +${sectors})`;
    const facts = disks.get(range.disk);
    let usable = true;
    if (start < 0n) {
      out.error("negative-start", `${text} starts before sector 0.`, [
        { ...target, field: "startSector" },
      ]);
      usable = false;
    }
    if (sectors <= 0n) {
      out.error(
        "empty-range",
        `${text} has ${sectors} sectors: a range needs at least one (an empty extent is invalid).`,
        [{ ...target, field: "sectors" }],
      );
      usable = false;
    }
    if (!facts) {
      out.error(
        "unknown-disk",
        `${text} is on disk ${quoteForMessage(range.disk)}, which the plan does not have.`,
        [{ ...target, field: "disk" }],
      );
      usable = false;
    }
    if (!usable || !facts) {
      guestStart = null;
      return;
    }
    const end = start + sectors;
    const ref: RangeRef = {
      vm: vmIndex,
      range: rangeIndex,
      start,
      end,
      sectors,
      access: range.access,
      disk: facts,
    };
    facts.ranges.push(ref);
    refs.push(ref);
    const rangeTargets = [rangeTarget(ref)];
    if (end > MAX_SECTOR_END) {
      out.error(
        "range-beyond-limit",
        `${text} ends at sector ${end}, beyond 2^55 sectors (16 EiB): no disk is that large and VirtualBox cannot address it.`,
        rangeTargets,
      );
    }
    // Identity placement shows each range at its own host start (src/lib/guest/layout.ts).
    checkRangeOnDisk(plan, ref, text, vm.placement === "identity" ? start : guestStart, out);
    guestStart = guestStart === null ? null : guestStart + sectors;
  });
  return refs;
}

function checkRangeOnDisk(
  plan: Plan,
  ref: RangeRef,
  text: string,
  guestStart: bigint | null,
  out: Findings,
): void {
  const facts = ref.disk;
  const disk = facts.disk;
  const targets = [rangeTarget(ref)];
  if (facts.sizeBytes !== null && ref.end * SECTOR > facts.sizeBytes) {
    const diskEnd = facts.sizeBytes / SECTOR;
    const fix =
      diskEnd > ref.start
        ? `Shorten it to at most ${diskEnd - ref.start} sectors.`
        : "It starts at or after the end: check the start.";
    out.error(
      "past-disk-end",
      `${text} ends at sector ${ref.end}, ${plural(ref.end - diskEnd, "sector")} (${human(ref.end - diskEnd)}) past the end of ${diskLabel(disk)}, which has ${diskEnd} sectors (${facts.sizeBytes} bytes). ${fix}`,
      targets,
    );
  }
  if (facts.valid && disk.logicalSectorSize === 4096) {
    const per = BigInt(disk.logicalSectorSize) / SECTOR;
    const startOff = ref.start % per;
    const sizeOff = ref.sectors % per;
    if (startOff !== 0n || sizeOff !== 0n) {
      const parts: string[] = [];
      if (startOff !== 0n) {
        parts.push(
          `its start is ${plural(startOff, "sector")} past a boundary: move it back ${startOff} (to ${ref.start - startOff}) or forward ${per - startOff} (to ${ref.start + per - startOff})`,
        );
      }
      if (sizeOff !== 0n) {
        parts.push(
          `its size is ${plural(sizeOff, "sector")} over: trim ${sizeOff} (to ${ref.sectors - sizeOff}) or add ${per - sizeOff} (to ${ref.sectors + per - sizeOff})`,
        );
      }
      out.error(
        "misaligned-4k",
        `${text}: ${diskLabel(disk)} has 4096-byte sectors, so a range must start and end on a multiple of ${per} (512-byte) sectors; ${parts.join("; ")}.`,
        targets,
      );
    }
    if (guestStart !== null && (guestStart - ref.start) % per !== 0n) {
      out.warning(
        "guest-misaligned-4k",
        `${text}: the guest sees it from its sector ${guestStart}, the disk from sector ${ref.start}; the difference is not a multiple of ${per}, so the guest's 4 KiB-aligned writes reach the 4096-byte-sector disk unaligned, which the host may refuse. Make the head and the ranges before it multiples of ${per} sectors.`,
        targets,
      );
    }
  }
  const startOff = ref.start % ALIGN_SECTORS;
  const sizeOff = ref.sectors % ALIGN_SECTORS;
  if (startOff !== 0n || sizeOff !== 0n) {
    const parts: string[] = [];
    if (startOff !== 0n) {
      parts.push(
        `its start is ${plural(startOff, "sector")} past a 1 MiB boundary (nearest: ${ref.start - startOff} or ${ref.start - startOff + ALIGN_SECTORS})`,
      );
    }
    if (sizeOff !== 0n) {
      parts.push(
        `its size is ${plural(sizeOff, "sector")} more than a whole number of MiB (${ref.sectors - sizeOff} or ${ref.sectors - sizeOff + ALIGN_SECTORS} would be)`,
      );
    }
    out.warning(
      "not-aligned-1mib",
      `${text} is not 1 MiB aligned: ${parts.join("; ")}. Unaligned ranges make guest writes straddle the disk's physical blocks: slower, and more wear on an SSD.`,
      targets,
    );
  }
}

// ─── Overlaps between ranges ─────────────────────────────────────────────────────────────

function checkOverlaps(plan: Plan, ranges: readonly RangeRef[], out: Findings): void {
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

function reportOverlap(
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

// ─── Disks: device paths, sizes, listing exactness, host areas and partitions ───────────

function checkDisks(plan: Plan, disks: Map<string, DiskFacts>, out: Findings): void {
  for (const group of deviceGroups(disks)) checkSameDevice(group, out);
  for (const facts of disks.values()) {
    if (facts.ranges.length === 0) continue;
    checkDisk(plan, facts, out);
    if (facts.valid) checkHostAreas(plan, facts, out);
  }
}

/** Disks naming one device must agree about its size and sector size. */
function checkSameDevice(group: readonly DiskFacts[], out: Findings): void {
  if (group.length < 2 || !group.some((f) => f.ranges.length > 0)) return;
  const claimed = group
    .map((f) => f.disk.sizeBytes)
    .filter((s): s is NonNullable<typeof s> => typeof s === "bigint");
  const sizes = [...new Set(claimed)];
  const sectorSizes = [...new Set(group.map((f) => f.disk.logicalSectorSize))];
  const problems: string[] = [];
  if (sizes.length > 1) problems.push(`its size (${sizes.join(" vs ")} bytes)`);
  if (sectorSizes.length > 1) problems.push(`its sector size (${sectorSizes.join(" vs ")} bytes)`);
  if (problems.length === 0) return;
  const first = group[0] as DiskFacts;
  out.error(
    "device-conflict",
    `Disks ${group.map((f) => quoteForMessage(f.disk.id)).join(", ")} all name ${diskLabel(first.disk)} but disagree about ${problems.join(" and ")}: at most one listing can be right. Fix or remove the others.`,
    group.map((f) => ({
      disk: f.disk.id,
      field: sizes.length > 1 ? "sizeBytes" : "logicalSectorSize",
    })),
  );
}

function checkDisk(plan: Plan, facts: DiskFacts, out: Findings): void {
  const disk = facts.disk;
  const name = diskLabel(disk);
  const diskTarget = (field: string): FindingTarget => ({ disk: disk.id, field });
  const rangeTargets = facts.ranges.map(rangeTarget);
  if (!facts.valid) {
    const reason =
      disk.logicalSectorSize !== 512 && disk.logicalSectorSize !== 4096
        ? `its logical sector size ${quoteForMessage(String(disk.logicalSectorSize))} is neither 512 nor 4096 bytes`
        : `its size ${quoteForMessage(String(disk.sizeBytes))} bytes is not a whole number of ${disk.logicalSectorSize}-byte sectors`;
    out.error("disk-invalid", `Disk ${name}: ${reason}, so its numbers cannot be trusted.`, [
      diskTarget("sizeBytes"),
    ]);
  }
  const device = typeof disk.device === "string" ? disk.device : "";
  const textProblem = devicePathTextProblem(device);
  const relative = textProblem ? null : relativeDevicePathProblem(device);
  if (textProblem) {
    out.error(
      "device-path-invalid",
      `The device path of disk ${quoteForMessage(disk.id)} ${quoteForMessage(device)} ${textProblem}.`,
      [diskTarget("device"), ...rangeTargets],
    );
  } else if (relative) {
    out.error("device-path-relative", `The device path ${name} ${relative}.`, [
      diskTarget("device"),
      ...rangeTargets,
    ]);
  } else {
    const partitionNote = partitionDevicePathNote(device);
    if (partitionNote) {
      const listed = disk.partitions.some(
        (p) => typeof p.startByte === "bigint" && p.startByte > 0n,
      );
      out.warning(
        "partition-device-path",
        `The device path ${name} ${partitionNote}: extent offsets on it count from that partition's first sector, not the disk's.${listed ? " The partitions listed for this disk have whole-disk offsets: ranges taken from them would land further into the disk by the partition's own start." : ""} The planner cannot check these ranges against ranges on the whole disk either. Use the whole-disk path, or give offsets relative to the partition.`,
        [diskTarget("device"), ...rangeTargets],
      );
    }
    const unstable = unstableDevicePathNote(device);
    if (unstable) {
      out.warning("device-path-unstable", `${unstable}.`, [diskTarget("device"), ...rangeTargets]);
    }
  }
  if (facts.valid && facts.sizeBytes === null) {
    out.warning(
      "disk-end-unknown",
      `The size of ${name} is unknown, so a range running past its end cannot be caught${isGpt(disk) ? ", nor one covering the backup GPT at its end" : ""}. Enter the disk's exact size in bytes.`,
      [diskTarget("sizeBytes"), ...rangeTargets],
    );
  }
  const inexact = disk.partitions.filter((p) => p.exact === false);
  if (inexact.length > 0 && disk.exactConfirmed !== true) {
    const labels = inexact.slice(0, 4).map((p) => quoteForMessage(p.label));
    if (inexact.length > 4) labels.push(`${inexact.length - 4} more`);
    const count = facts.ranges.length;
    out.error(
      "inexact-unconfirmed",
      `The listing of ${name} gave rounded numbers (${joinAnd(labels)}), and ${plural(count, "range")} ${count === 1 ? "uses" : "use"} this disk: ${listRanges(plan, facts.ranges)}. A rounded number can be off by megabytes: check the exact sectors and confirm them.`,
      [diskTarget("exactConfirmed"), ...rangeTargets],
    );
  }
}

function isGpt(disk: PlanDisk): boolean {
  return (
    disk.tableType === "gpt" ||
    disk.partitions.some((p) => typeof p.type === "string" && p.type.startsWith("GPT:"))
  );
}

/** Sectors of a GPT's backup (header + 16 KiB of entries) at the end, in 512-byte sectors. */
export { gptBackupSectors };

const EXTENDED_TYPE = /extended|ext'd|^(0x)?(05|0f|85)$/i;

function isExtended(p: PlanPartition): boolean {
  return (
    (p.flags ?? []).some((f) => f.toLowerCase() === "extended") ||
    (typeof p.type === "string" && EXTENDED_TYPE.test(p.type))
  );
}

/** Partition types and flags the host likely uses, and why that matters. */
const HOST_TYPES: ReadonlyArray<[RegExp, string]> = [
  [
    /^(EFI System|EFI \(FAT-12\/16\/32\)|GPT: System|(0x)?ef|C12A7328-F81F-11D2-BA4B-00A0C93EC93B)$/i,
    "it is the EFI System partition: the host's firmware boots from it and the host mounts it (Linux /boot/efi) or updates it (Windows)",
  ],
  [
    /^(Microsoft reserved|GPT: Microsoft Reserved|E3C9E316-0B5C-4DB8-817D-F92DF00215AE)$/i,
    "it is the Microsoft reserved partition: Windows keeps it for its own use and may write to it",
  ],
  [
    /^(BIOS boot|21686148-6449-6E6F-744E-656564454649)$/i,
    "it is a BIOS boot partition: the host's boot loader (GRUB) lives there",
  ],
  [
    /^(Windows recovery environment|(0x)?27|DE94BBA4-06D1-4D40-A16A-BFD50179D6AC)$/i,
    "it is the Windows recovery partition: Windows uses it for recovery and updates",
  ],
  [
    /^(Linux swap.*|(0x)?82|0657FD6D-A4AB-43C4-84E5-0933C84B4F4F)$/i,
    "it is a swap partition: the host likely uses it as swap and writes to it at any time",
  ],
  [
    /^(Linux root.*|Linux extended boot)$/i,
    "it is a Linux root or boot partition: the host likely runs from it",
  ],
];
const HOST_FLAGS: ReadonlyArray<[RegExp, string]> = [
  [/^boot-partition$/i, "Windows reports it as the boot partition"],
  [/^(boot|active|bootable)$/i, "it is marked bootable: the host likely boots from it"],
  [/^esp$/i, "it is flagged as the EFI System partition: the host's firmware boots from it"],
  [/^msftres$/i, "it is flagged Microsoft reserved: Windows may write to it"],
  [/^bios_grub$/i, "it is a BIOS boot partition: the host's boot loader (GRUB) lives there"],
  [/^(system|legacy_boot)$/i, "it is flagged as a system partition: the host likely uses it"],
];

/** Why the host likely uses the partition, or null. */
export function hostUseReason(p: PlanPartition): string | null {
  const type = typeof p.type === "string" ? p.type.trim() : "";
  for (const [pattern, reason] of HOST_TYPES) if (pattern.test(type)) return reason;
  for (const flag of p.flags ?? []) {
    for (const [pattern, reason] of HOST_FLAGS) if (pattern.test(flag)) return reason;
  }
  return null;
}

type AreaKind = "table" | "ebr" | "gpt-backup" | "unlisted-gap";

interface Area extends Span {
  kind: AreaKind;
  /** The partition this area belongs to or lies within, if any. */
  partition?: PartitionSpan;
}

type Landmark = { what: "partition"; span: PartitionSpan } | { what: "area"; span: Area };

/** The disk's partitions in 512-byte sectors (rounded outward), skipping malformed ones. */
function partitionSpans(disk: PlanDisk): PartitionSpan[] {
  const spans: PartitionSpan[] = [];
  disk.partitions.forEach((partition, index) => {
    const { startByte, sizeBytes } = partition;
    if (typeof startByte !== "bigint" || typeof sizeBytes !== "bigint") return;
    if (startByte < 0n || sizeBytes <= 0n) return;
    const start = startByte / SECTOR;
    const end = ceilDiv(startByte + sizeBytes, SECTOR);
    spans.push({ index, partition, start, end });
  });
  return spans;
}

/** Merged, sorted union of spans. */
function union(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) {
      if (span.end > last.end) last.end = span.end;
    } else {
      merged.push({ start: span.start, end: span.end });
    }
  }
  return merged;
}

/** Areas the host's partitioning keeps for itself: table, EBRs, GPT backup, wmic gaps. */
function hostAreas(facts: DiskFacts, partitions: readonly PartitionSpan[]): Area[] {
  const disk = facts.disk;
  const areas: Area[] = [];
  const first = partitions.reduce<bigint | null>(
    (min, p) => (min === null || p.start < min ? p.start : min),
    null,
  );
  const tableEnd = first ?? TABLE_AREA_WITHOUT_PARTITIONS;
  if (tableEnd > 0n) areas.push({ kind: "table", start: 0n, end: tableEnd });
  const inner = union(partitions.filter((p) => !isExtended(p.partition)));
  for (const ext of partitions.filter((p) => isExtended(p.partition))) {
    // The space inside an extended partition not used by a logical one holds the EBRs.
    let cursor = ext.start;
    for (const used of inner) {
      if (used.end <= cursor) continue;
      if (used.start >= ext.end) break;
      if (used.start > cursor)
        areas.push({ kind: "ebr", start: cursor, end: used.start, partition: ext });
      cursor = used.end;
    }
    if (cursor < ext.end) areas.push({ kind: "ebr", start: cursor, end: ext.end, partition: ext });
  }
  if (isGpt(disk) && facts.sizeBytes !== null) {
    const end = facts.sizeBytes / SECTOR;
    const backup = gptBackupSectors(disk.logicalSectorSize);
    areas.push({ kind: "gpt-backup", start: end > backup ? end - backup : 0n, end });
  }
  // wmic does not list the Microsoft reserved partition: a gap between partitions of a wmic
  // GPT listing (type "GPT: …") may be it. Gaps under 1 MiB are alignment slack.
  if (disk.partitions.some((p) => typeof p.type === "string" && p.type.startsWith("GPT:"))) {
    const all = union(partitions);
    for (let i = 1; i < all.length; i++) {
      const before = all[i - 1] as Span;
      const after = all[i] as Span;
      if (after.start - before.end >= ALIGN_SECTORS) {
        areas.push({ kind: "unlisted-gap", start: before.end, end: after.start });
      }
    }
  }
  return areas;
}

function checkHostAreas(plan: Plan, facts: DiskFacts, out: Findings): void {
  const disk = facts.disk;
  const name = diskLabel(disk);
  const partitions = partitionSpans(disk);
  const landmarks: Landmark[] = [
    ...partitions.map((span): Landmark => ({ what: "partition", span })),
    ...hostAreas(facts, partitions).map((span): Landmark => ({ what: "area", span })),
  ];
  const pairs = crossingPairs(
    facts.ranges,
    landmarks.map((l) => l.span),
    MAX_AREA_PAIRS,
  );
  const byPartition = new Map<number, RangeRef[]>();
  for (const [r, l] of pairs) {
    const ref = facts.ranges[r] as RangeRef;
    const landmark = landmarks[l] as Landmark;
    if (landmark.what === "partition") {
      const list = byPartition.get(l);
      if (list) list.push(ref);
      else byPartition.set(l, [ref]);
      continue;
    }
    const area = landmark.span;
    const from = ref.start > area.start ? ref.start : area.start;
    const to = ref.end < area.end ? ref.end : area.end;
    const covered = `covers ${from} +${to - from} (${human(to - from)})`;
    const text = rangeLabel(plan, ref);
    const targets = [rangeTarget(ref)];
    switch (area.kind) {
      case "table":
        out.warning(
          "covers-partition-table",
          `${text} ${covered} of ${name}'s partition table area (${area.start} +${area.end - area.start}, ${partitions.length > 0 ? "before the first partition" : "the first 1 MiB: no partition is listed"}). The guest could overwrite the host's partition table and boot loader, and the host would lose every partition on the disk.`,
          targets,
        );
        break;
      case "ebr":
        out.warning(
          "covers-partition-table",
          `${text} ${covered} inside the extended partition ${area.partition ? partitionLabel(area.partition) : ""} outside its logical partitions, where the boot records (EBRs) that chain the logical partitions live. Overwriting one loses every logical partition after it.`,
          targets,
        );
        break;
      case "gpt-backup":
        out.warning(
          "covers-gpt-backup",
          `${text} ${covered} of the last ${area.end - area.start} sectors of ${name}, where GPT keeps its backup partition table. If the guest writes there, the host's backup table is gone and disk tools report the disk as damaged (or "repair" it).`,
          targets,
        );
        break;
      case "unlisted-gap":
        out.warning(
          "covers-unlisted-gap",
          `${text} ${covered} of the unlisted space ${area.start} +${area.end - area.start} between partitions of ${name}. wmic does not list the Microsoft reserved partition, which usually sits in such a gap: check with Get-Partition or diskpart that the space is really free.`,
          targets,
        );
        break;
    }
  }
  for (const [l, unordered] of byPartition) {
    const refs = [...unordered].sort(byVmAndRange);
    const part = (landmarks[l] as Landmark & { what: "partition" }).span;
    const partTarget: FindingTarget = { disk: disk.id, partition: part.index };
    const targets = [...refs.map(rangeTarget), partTarget];
    const label = `${partitionLabel(part)} on ${name}`;
    if (isExtended(part.partition)) continue;
    const reason = hostUseReason(part.partition);
    if (reason) {
      out.warning(
        "host-partition",
        `${listRanges(plan, refs)} ${refs.length === 1 ? "covers" : "cover"} ${label}, and ${reason}. Give a VM this partition only if the host never uses it while the VM runs.`,
        targets,
      );
    }
    const partial = refs.filter((ref) => ref.start > part.start || ref.end < part.end);
    if (partial.length === 0) continue;
    const whole = union(refs).some((s) => s.start <= part.start && s.end >= part.end);
    const how = whole
      ? `is split between ${listRanges(plan, refs)}`
      : `is covered only in part, by ${listRanges(plan, refs)}`;
    out.warning(
      "partial-partition",
      `${label} ${how}. The host must never mount this partition while a VM runs: it would read a filesystem that the guests change underneath it, and write into their data.`,
      targets,
    );
  }
}

// ─── Order ───────────────────────────────────────────────────────────────────────────────

/** The smallest VM index a finding concerns, or -1 for plan- and disk-wide findings. */
function firstVm(finding: Finding): number {
  let min = Infinity;
  for (const target of finding.targets) {
    if (target.vm !== undefined && target.vm < min) min = target.vm;
  }
  return min === Infinity ? -1 : min;
}

/** Errors first, then by VM and range (plan- and disk-wide findings first), code, message. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const keyed = findings.map((finding) => {
    const vm = firstVm(finding);
    const range = finding.targets
      .filter((t) => t.vm === vm)
      .reduce((min, t) => (t.range !== undefined && t.range < min ? t.range : min), Infinity);
    return {
      finding,
      severity: finding.severity === "error" ? 0 : 1,
      vm,
      range: range === Infinity ? -1 : range,
    };
  });
  keyed.sort(
    (a, b) =>
      a.severity - b.severity ||
      a.vm - b.vm ||
      a.range - b.range ||
      (a.finding.code < b.finding.code ? -1 : a.finding.code > b.finding.code ? 1 : 0) ||
      (a.finding.message < b.finding.message ? -1 : a.finding.message > b.finding.message ? 1 : 0),
  );
  return keyed.map((k) => k.finding);
}
