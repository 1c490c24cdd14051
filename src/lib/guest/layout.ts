/**
 * The guest's disk of one VM, computed once: the final extent list (head, padding, ranges,
 * tail), its total T, and the partitions the table in the head describes. The head and tail
 * bytes (bytes.ts), the descriptor's extent lines and the guest view all come from this one
 * list, so a GPT's AlternateLBA can never disagree with the disk the descriptor builds.
 *
 * Packed placement (the default), GPT, head 2048, ranges A (1000 sectors) and B (500):
 *
 *   virtual 0       2048          3048       3548          3581 = T
 *   | head (MBR/GPT) | range A      | range B   | tail (33)  |
 *                    └ partition 1  └ partition 2
 *
 * Identity placement: each range at the same LBA as on the host (A at 2048, B at 10000),
 * with ZERO padding extents between, which read as zeros and drop writes:
 *
 *   | head 0–2047 | A 2048–3047 | padding 3048–9999 | B 10000–10499 | tail 10500–10532 |
 *
 * MBR: at most 4 partitions and T ≤ 2^32 sectors; at least 1 head sector. GPT: head ≥ 34
 * sectors (protective MBR, header, 32 sectors of entries), at most 128 partitions, and a
 * 33-sector tail file as the last extent (entries again, then the backup header at T − 1).
 */
import type {
  Access,
  GuestPartitionType,
  PartitionTable,
  Placement,
  PlanDisk,
  PlanRange,
  PlanVm,
} from "../plan/types.ts";
import { ACCESS_VALUES } from "../plan/types.ts";
import { quoteForMessage } from "../plan/names.ts";
import { formatBytes, vmdkSectors, type VmdkSectors, VMDK_SECTOR_BYTES } from "../units.ts";
import { GPT_ENTRY_COUNT, GPT_HEAD_MIN_SECTORS, GPT_TAIL_SECTORS } from "./gpt.ts";
import { MBR_LIMIT } from "./mbr.ts";
import { GUEST_TYPE_INFO } from "./partitionTypes.ts";
import { MAX_EXTENTS } from "../vbox.ts";
import {
  guestSettings,
  guestSettingsProblem,
  hostOrigin,
  hostSpans,
  resolveWith,
  type HostSpan,
} from "./settings.ts";

export const MBR_MAX_PARTITIONS = 4;
export const GPT_MAX_PARTITIONS = GPT_ENTRY_COUNT;

export type GuestExtent =
  | { kind: "head"; virtualStart: VmdkSectors; sectors: VmdkSectors; file: string }
  /** Zeros: a `RW n ZERO` extent line, no file. */
  | { kind: "padding"; virtualStart: VmdkSectors; sectors: VmdkSectors }
  | {
      kind: "range";
      virtualStart: VmdkSectors;
      sectors: VmdkSectors;
      /** Index into vm.ranges. */
      range: number;
      disk: string;
      /** Where the extent reads on the device (the range's startSector). */
      startSector: VmdkSectors;
      access: Access;
    }
  | { kind: "tail"; virtualStart: VmdkSectors; sectors: VmdkSectors; file: string };

export interface GuestPartition {
  /** 1-based entry number: the guest's sda1, Partition 1, … */
  number: number;
  /** Index into vm.ranges. */
  range: number;
  type: GuestPartitionType;
  /** Where the type came from: the range itself, the host partition, or the default. */
  typeSource: "plan" | "host" | "default";
  typeLabel: string;
  /** MBR type byte (null for GPT-only types). */
  mbrType: number | null;
  /** GPT type GUID. */
  gptType: string;
  /** First virtual LBA (512-byte sectors). */
  startLba: VmdkSectors;
  sectors: VmdkSectors;
  /** GPT unique partition GUID from the plan; null until filled (ids.ts). */
  guid: string | null;
  /** Index into the disk's partitions of the host partition this range starts at, or null. */
  hostPartition: number | null;
  /**
   * The GPT entry's name: the host partition's name or label when the range starts at one,
   * otherwise the VM's name and the entry number. Never empty.
   */
  name: string;
  /** The range is RDONLY: a GPT entry sets attribute bit 60 (Windows mounts it read-only). */
  readOnly: boolean;
}

export interface GuestLayout {
  table: PartitionTable;
  placement: Placement;
  /** Head, padding, ranges, tail in virtual order; each starts where the previous ends. */
  extents: GuestExtent[];
  /** T: the sum of all extents, the guest disk's size in 512-byte sectors. */
  totalSectors: VmdkSectors;
  /** The table's entries, in entry order; empty when table is "none". */
  partitions: GuestPartition[];
  /** MBR only: 8 hex digits from the plan, or null until filled. */
  diskSignature: string | null;
  /** GPT only: the disk GUID from the plan, or null until filled. */
  diskGuid: string | null;
}

export interface GuestProblem {
  severity: "error" | "warning";
  code: string;
  message: string;
  /** Index into vm.ranges when the problem is one range's. */
  range?: number;
  /** The VM field concerned: `partitionTable`, `placement`, `head.sectors`, … */
  field?: string;
}

export type GuestLayoutResult =
  | { ok: true; layout: GuestLayout; warnings: GuestProblem[] }
  | { ok: false; errors: GuestProblem[]; warnings: GuestProblem[] };

/**
 * The code of a refusal because the VM itself is malformed (a range with no sectors, an
 * unknown disk, a bad head size): checkPlan reports those under its own codes.
 */
export const MALFORMED_CODE = "guest-vm-malformed";

const SECTOR = VMDK_SECTOR_BYTES;

const human = (sectors: bigint): string => formatBytes(sectors * SECTOR);

function vmWho(vm: PlanVm): string {
  return vm.name === "" ? "This VM" : `VM ${quoteForMessage(vm.name)}`;
}

function rangeWho(vm: PlanVm, index: number, range: PlanRange): string {
  return `${vmWho(vm)} range ${index + 1} (${range.startSector} +${range.sectors})`;
}

// ─── The layout ──────────────────────────────────────────────────────────────────────────

/** Why the VM cannot be laid out at all (checkPlan reports it under its own code), or null. */
function malformed(vm: PlanVm, disks: readonly PlanDisk[]): string | null {
  const head = vm.head.sectors;
  if (!Number.isSafeInteger(head) || head < 0) {
    return `its head size ${String(head)} is not a whole number of sectors`;
  }
  for (const [i, r] of vm.ranges.entries()) {
    if (typeof r.startSector !== "bigint" || typeof r.sectors !== "bigint") {
      return `range ${i + 1} is malformed`;
    }
    if (r.startSector < 0n || r.sectors <= 0n) return `range ${i + 1} is empty or negative`;
    if (!ACCESS_VALUES.includes(r.access)) return `range ${i + 1} has an unknown access`;
    if (!disks.some((d) => d.id === r.disk)) return `range ${i + 1} is on an unknown disk`;
  }
  return null;
}

/**
 * The guest disk of `vm`: every extent in virtual order, T, and the partition table's entries.
 * Refuses (with every reason) a table that cannot describe the disk or a placement that cannot
 * be built; warns about ranges whose length differs from the host partition they start at.
 *
 * @example
 * guestLayout({ ...webVm, partitionTable: "gpt" }, plan.disks)
 * // { ok: true, layout: { totalSectors: 62916641n, extents: [
 * //   { kind: "head", virtualStart: 0n, sectors: 2048n, file: "Raw_Sectors_1MiB" },
 * //   { kind: "range", virtualStart: 2048n, sectors: 62914560n, range: 0, disk: "d0", … },
 * //   { kind: "tail", virtualStart: 62916608n, sectors: 33n, file: "Raw_Sectors_GPT_Backup" }],
 * //   partitions: [{ number: 1, startLba: 2048n, sectors: 62914560n, type: "basic-data", … }], … } }
 */
export function guestLayout(vm: PlanVm, disks: readonly PlanDisk[]): GuestLayoutResult {
  const errors: GuestProblem[] = [];
  const warnings: GuestProblem[] = [];
  const broken = malformed(vm, disks);
  if (broken) {
    errors.push({
      severity: "error",
      code: MALFORMED_CODE,
      message: `${vmWho(vm)} cannot be laid out: ${broken}.`,
    });
    return { ok: false, errors, warnings };
  }
  const invalid = guestSettingsProblem(vm);
  if (invalid) {
    errors.push({
      severity: "error",
      code: "guest-settings-invalid",
      message: `${vmWho(vm)}: ${invalid.message}.`,
      field: invalid.field,
    });
    return { ok: false, errors, warnings };
  }
  const { table, placement, tailFile } = guestSettings(vm);
  const who = vmWho(vm);
  const headSectors = BigInt(vm.head.sectors);

  const extents: GuestExtent[] = [];
  let at = 0n;
  if (headSectors > 0n) {
    extents.push({
      kind: "head",
      virtualStart: vmdkSectors(0n),
      sectors: vmdkSectors(headSectors),
      file: vm.head.file,
    });
    at = headSectors;
  }
  const rangeStarts: bigint[] = [];
  for (const [index, range] of vm.ranges.entries()) {
    if (placement === "identity") {
      if (range.startSector < at) {
        if (index === 0) {
          errors.push({
            severity: "error",
            code: "guest-identity-head",
            message: `${who}: identity placement puts range 1 at LBA ${range.startSector}, its start on the host, but the head takes sectors 0 to ${headSectors - 1n}. Make the head at most ${range.startSector} sectors, or use packed placement.`,
            range: index,
            field: "head.sectors",
          });
        } else {
          const previous = vm.ranges[index - 1] as PlanRange;
          errors.push({
            severity: "error",
            code: "guest-identity-order",
            message: `${rangeWho(vm, index, range)} starts before the end of range ${index} (${previous.startSector} +${previous.sectors}, ending at ${previous.startSector + previous.sectors}): identity placement needs the ranges in increasing order of their host start, without overlap. Reorder the ranges, or use packed placement.`,
            range: index,
            field: "placement",
          });
        }
        // Keep going from where the range would have to be, to report every problem once.
        at = at > range.startSector + range.sectors ? at : range.startSector + range.sectors;
        rangeStarts.push(range.startSector);
        continue;
      }
      if (range.startSector > at) {
        extents.push({
          kind: "padding",
          virtualStart: vmdkSectors(at),
          sectors: vmdkSectors(range.startSector - at),
        });
        at = range.startSector;
      }
    }
    extents.push({
      kind: "range",
      virtualStart: vmdkSectors(at),
      sectors: range.sectors,
      range: index,
      disk: range.disk,
      startSector: range.startSector,
      access: range.access,
    });
    rangeStarts.push(at);
    at += range.sectors;
  }
  if (table === "gpt") {
    extents.push({
      kind: "tail",
      virtualStart: vmdkSectors(at),
      sectors: vmdkSectors(BigInt(GPT_TAIL_SECTORS)),
      file: tailFile,
    });
    at += BigInt(GPT_TAIL_SECTORS);
  }
  const totalSectors = at;

  const partitions: GuestPartition[] = [];
  if (table !== "none") {
    checkTable(vm, table, placement, headSectors, totalSectors, errors);
    const spansByDisk = new Map<string, HostSpan[]>();
    for (const [index, range] of vm.ranges.entries()) {
      const disk = disks.find((d) => d.id === range.disk);
      let spans = spansByDisk.get(range.disk);
      if (!spans) {
        spans = disk ? hostSpans(disk) : [];
        spansByDisk.set(range.disk, spans);
      }
      const origin = hostOrigin(range, spans);
      const resolved = resolveWith(range, origin);
      const info = GUEST_TYPE_INFO[resolved.type];
      if (table === "mbr" && info.mbr === null) {
        errors.push({
          severity: "error",
          code: "guest-type-not-in-mbr",
          message: `${rangeWho(vm, index, range)} has the type ${info.label}, which exists only in a GPT: an MBR has no type byte for it. Choose another type, or a GPT.`,
          range: index,
          field: "type",
        });
      }
      if (origin?.sameStart) {
        const hostSectors = origin.span.end - origin.span.start;
        if (hostSectors !== range.sectors) {
          const label = origin.span.partition.label;
          const diff = range.sectors - hostSectors;
          warnings.push({
            severity: "warning",
            code: "guest-size-differs",
            message: `${rangeWho(vm, index, range)} starts where the host partition ${quoteForMessage(label === "" ? `partition ${origin.span.index + 1}` : label)} starts, but is ${diff < 0n ? -diff : diff} sectors (${human(diff < 0n ? -diff : diff)}) ${diff < 0n ? "shorter" : "longer"} than it (${hostSectors} sectors). The guest's partition ${index + 1} will have the range's size, while a filesystem already in it expects ${hostSectors} sectors: fsck complains, and NTFS keeps its backup boot sector in its last sector.`,
            range: index,
            field: "sectors",
          });
        }
      }
      partitions.push({
        number: index + 1,
        range: index,
        type: resolved.type,
        typeSource: resolved.source,
        typeLabel: info.label,
        mbrType: info.mbr,
        gptType: info.gpt,
        startLba: vmdkSectors(rangeStarts[index] ?? 0n),
        sectors: range.sectors,
        guid: table === "gpt" ? (range.partitionGuid ?? null) : null,
        hostPartition: resolved.hostPartition,
        name: entryName(vm, index, origin?.sameStart ? origin.span.partition : null),
        readOnly: range.access === "RDONLY",
      });
    }
  }

  const headAndRanges = (headSectors > 0n ? 1 : 0) + vm.ranges.length;
  if (extents.length > MAX_EXTENTS && headAndRanges <= MAX_EXTENTS) {
    const padding = extents.filter((e) => e.kind === "padding").length;
    errors.push({
      severity: "error",
      code: "guest-too-many-extents",
      message: `${who} would have ${extents.length} extents (${padding} of them padding${table === "gpt" ? ", 1 the GPT tail" : ""}); VirtualBox reads at most 1100 descriptor lines, so at most ${MAX_EXTENTS} extents fit. Use packed placement or fewer ranges.`,
      field: "placement",
    });
  }

  if (errors.length > 0) return { ok: false, errors, warnings };
  return {
    ok: true,
    warnings,
    layout: {
      table,
      placement,
      extents,
      totalSectors: vmdkSectors(totalSectors),
      partitions,
      diskSignature: table === "mbr" ? (vm.diskSignature ?? null) : null,
      diskGuid: table === "gpt" ? (vm.diskGuid ?? null) : null,
    },
  };
}

function checkTable(
  vm: PlanVm,
  table: "mbr" | "gpt",
  placement: Placement,
  headSectors: bigint,
  totalSectors: bigint,
  errors: GuestProblem[],
): void {
  const who = vmWho(vm);
  const count = vm.ranges.length;
  if (table === "mbr") {
    if (headSectors < 1n) {
      errors.push({
        severity: "error",
        code: "guest-head-too-small",
        message: `${who} has no head, so there is no sector 0 of its own to hold an MBR. Give it a head (2048 sectors is usual).`,
        field: "head.sectors",
      });
    }
    if (count > MBR_MAX_PARTITIONS) {
      errors.push({
        severity: "error",
        code: "guest-mbr-too-many-partitions",
        message: `${who} has ${count} ranges, but an MBR holds at most ${MBR_MAX_PARTITIONS} partitions. Use a GPT (up to ${GPT_MAX_PARTITIONS}).`,
        field: "partitionTable",
      });
    }
    if (totalSectors > MBR_LIMIT) {
      const why =
        placement === "identity"
          ? " Identity placement makes the guest's disk reach as far as the last range does on the host."
          : "";
      errors.push({
        severity: "error",
        code: "guest-mbr-too-large",
        message: `${who}'s guest disk would have ${totalSectors} sectors (${human(totalSectors)}), more than the 4294967296 sectors (2 TiB) an MBR can describe.${why} Use a GPT${placement === "identity" ? ", or packed placement" : ""}.`,
        field: "partitionTable",
      });
    }
    return;
  }
  if (headSectors < BigInt(GPT_HEAD_MIN_SECTORS)) {
    errors.push({
      severity: "error",
      code: "guest-head-too-small",
      message: `${who} has a head of ${headSectors} sectors, but a GPT needs ${GPT_HEAD_MIN_SECTORS} (protective MBR, header and 32 sectors of entries). Make the head at least ${GPT_HEAD_MIN_SECTORS} sectors (2048 is usual).`,
      field: "head.sectors",
    });
  }
  if (count > GPT_MAX_PARTITIONS) {
    errors.push({
      severity: "error",
      code: "guest-gpt-too-many-partitions",
      message: `${who} has ${count} ranges, but a GPT holds at most ${GPT_MAX_PARTITIONS} partitions. Merge ranges, or use no partition table.`,
      field: "partitionTable",
    });
  }
}

/** A GPT entry name (at most 36 UTF-16 units): the host partition's, or "<vm> <n>". */
function entryName(
  vm: PlanVm,
  index: number,
  host: { label: string; name?: string } | null,
): string {
  const fromHost = (host?.name ?? host?.label ?? "").trim();
  const name = fromHost !== "" ? fromHost : `${vm.name.trim() || "VM"} ${index + 1}`;
  let out = "";
  for (const ch of name) {
    if (out.length + ch.length > 36) break;
    out += ch;
  }
  return out;
}

export { guestSettings, guestSettingsProblem, resolveGuestType } from "./settings.ts";
