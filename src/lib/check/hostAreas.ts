/**
 * What the host keeps for itself on a disk (partition table, EBRs, GPT backup, wmic's unlisted
 * gaps) and partitions it likely uses: ranges covering them are warned about.
 */
import type { Plan, PlanDisk, PlanPartition } from "../plan/types.ts";
import type { FindingTarget } from "../plan/findings.ts";
import { VMDK_SECTOR_BYTES } from "../units.ts";
import {
  gptBackupSectors,
  gptTable,
  hostMountOf,
  isExtended,
  strayExtendedSpan,
} from "../plan/disk.ts";
import { MIB_SECTORS } from "../vbox.ts";
import { crossingPairs, union, type Span } from "../spans.ts";
import {
  Findings,
  MAX_AREA_PAIRS,
  type DiskFacts,
  type PartitionSpan,
  type RangeRef,
} from "./facts.ts";
import {
  byVmAndRange,
  ceilDiv,
  diskLabel,
  human,
  listRanges,
  partitionLabel,
  rangeLabel,
  rangeTarget,
} from "./messages.ts";
import { isGpt } from "./disks.ts";
import { literalPattern } from "../listing/text.ts";
import {
  englishTypeName,
  LINUX_ROOT_TRANSLATED_PREFIXES,
  mbrTypeParts,
} from "../guest/partitionTypes.ts";

/**
 * Linux root names as localized fdisk prints them, before their architecture (`Racine Linux
 * (x86-64)`), as a pattern; the other host types' names in other languages are read in English
 * through `englishTypeName` (guest/partitionTypes.ts).
 */
const LINUX_ROOT_TRANSLATED = LINUX_ROOT_TRANSLATED_PREFIXES.map(literalPattern).join("|");

/** Partition types and flags the host likely uses, and why that matters. */
export const HOST_TYPES: ReadonlyArray<[RegExp, string]> = [
  [
    // `efi` is gpart's name (FreeBSD), `EFI` diskutil's (macOS).
    /^(EFI System|EFI|EFI \(FAT-12\/16\/32\)|GPT: System|(0x)?ef|C12A7328-F81F-11D2-BA4B-00A0C93EC93B)$/i,
    "it is the EFI System partition: the host's firmware boots from it and the host mounts it (Linux /boot/efi) or updates it (Windows)",
  ],
  [
    /^(Microsoft reserved|GPT: Microsoft Reserved|ms-reserved|E3C9E316-0B5C-4DB8-817D-F92DF00215AE)$/i,
    "it is the Microsoft reserved partition: Windows keeps it for its own use and may write to it",
  ],
  [
    /^(BIOS boot|bios-boot|21686148-6449-6E6F-744E-656564454649)$/i,
    "it is a BIOS boot partition: the host's boot loader (GRUB) lives there",
  ],
  [
    /^(Windows recovery environment|Windows Recovery|ms-recovery|(0x)?27|DE94BBA4-06D1-4D40-A16A-BFD50179D6AC)$/i,
    "it is the Windows recovery partition: Windows uses it for recovery and updates",
  ],
  [
    // gpart's `freebsd-swap` and `linux-swap`, diskutil's `Linux_Swap`, NetBSD gpt's names.
    /^(Linux swap.*|Linux_Swap|(freebsd|linux)-swap|(FreeBSD|NetBSD) swap|(0x)?82|0657FD6D-A4AB-43C4-84E5-0933C84B4F4F|516E7CB5-6ECF-11D6-8FF8-00022D09712B)$/i,
    "it is a swap partition: the host likely uses it as swap and writes to it at any time",
  ],
  [
    new RegExp(`^(Linux root.*|Linux extended boot|(${LINUX_ROOT_TRANSLATED}).*)$`, "i"),
    "it is a Linux root or boot partition: the host likely runs from it",
  ],
  [
    /^(freebsd-boot|83BD6B9D-7F41-11DC-BE0B-001560B84F0F)$/i,
    "it is a FreeBSD boot partition: the host's boot loader lives there",
  ],
  [
    // diskutil's names, gpart's, and their GPT type GUIDs (APFS, HFS+, Apple Boot, CoreStorage).
    /^(Apple_APFS(_ISC|_Recovery)?|Apple_HFSX?|Apple_Boot|Apple_CoreStorage|apple-(apfs|hfs|boot|core-storage)|7C3457EF-0000-11AA-AA11-00306543ECAC|48465300-0000-11AA-AA11-00306543ECAC|426F6F74-0000-11AA-AA11-00306543ECAC|53746F72-6167-11AA-AA11-00306543ECAC)$/i,
    "it is a macOS partition (an APFS container, an HFS+ volume or their boot and recovery helpers): if this Mac is the host, macOS runs or boots from it",
  ],
];
export const HOST_FLAGS: ReadonlyArray<[RegExp, string]> = [
  [/^boot-partition$/i, "Windows reports it as the boot partition"],
  [/^(boot|active|bootable)$/i, "it is marked bootable: the host likely boots from it"],
  [/^esp$/i, "it is flagged as the EFI System partition: the host's firmware boots from it"],
  [/^msftres$/i, "it is flagged Microsoft reserved: Windows may write to it"],
  // parted's flag of an MBR swap partition (type 82), which it lists without the type.
  [
    /^swap$/i,
    "it is flagged as swap: the host likely uses it as swap and writes to it at any time",
  ],
  [/^bios_grub$/i, "it is a BIOS boot partition: the host's boot loader (GRUB) lives there"],
  [/^(system|legacy_boot)$/i, "it is flagged as a system partition: the host likely uses it"],
];

/** Why the host likely uses the partition, or null. */
export function hostUseReason(p: PlanPartition): string | null {
  const type = typeof p.type === "string" ? p.type.trim() : "";
  // The text; its English name where fdisk printed it in another language; and for an MBR
  // row (`82 Linux swap / Solaris`) its Id and its name on their own.
  const mbr = mbrTypeParts(type);
  const names = [type, englishTypeName(type), ...(mbr ? [mbr.id, mbr.name ?? ""] : [])];
  for (const [pattern, reason] of HOST_TYPES) {
    if (names.some((name) => pattern.test(name))) return reason;
  }
  for (const flag of p.flags ?? []) {
    for (const [pattern, reason] of HOST_FLAGS) if (pattern.test(flag)) return reason;
  }
  return hostUseFromListing(p);
}

/** Why the host uses the partition, from what the listing said it does with it, or null. */
function hostUseFromListing(p: PlanPartition): string | null {
  if (p.isBoot === true) {
    return "the listing says the host's operating system runs from it (its boot volume)";
  }
  if (p.isSystem === true) {
    return "the listing says it is the host's system partition: the host starts from it";
  }
  const mount = hostMountOf(p);
  switch (mount?.kind) {
    case undefined:
      return null;
    case "swap":
      return "the listing says the host uses it as swap: the host writes to it at any time";
    case "drive":
      return `the listing gives it the drive letter ${mount.letter}, so Windows has it mounted and writes to it`;
    case "path":
      return `the listing says the host has it mounted at ${mount.at}: the host reads and writes it`;
  }
}

export type AreaKind = "table" | "ebr" | "gpt-backup" | "unlisted-gap";

export interface Area extends Span {
  kind: AreaKind;
  /** The partition this area belongs to or lies within, if any. */
  partition?: PartitionSpan;
}

export type Landmark = { what: "partition"; span: PartitionSpan } | { what: "area"; span: Area };

/** The disk's partitions in 512-byte sectors (rounded outward), skipping malformed ones. */
export function partitionSpans(disk: PlanDisk): PartitionSpan[] {
  const spans: PartitionSpan[] = [];
  disk.partitions.forEach((partition, index) => {
    const { startByte, sizeBytes } = partition;
    if (typeof startByte !== "bigint" || typeof sizeBytes !== "bigint") return;
    if (startByte < 0n || sizeBytes <= 0n) return;
    const start = startByte / VMDK_SECTOR_BYTES;
    const end = ceilDiv(startByte + sizeBytes, VMDK_SECTOR_BYTES);
    spans.push({ index, partition, start, end });
  });
  return spans;
}

/** Areas the host's partitioning keeps for itself: table, EBRs, GPT backup, wmic gaps. */
export function hostAreas(
  facts: Pick<DiskFacts, "disk" | "sizeBytes">,
  partitions: readonly PartitionSpan[],
): Area[] {
  const disk = facts.disk;
  const areas: Area[] = [];
  const first = partitions.reduce<bigint | null>(
    (min, p) => (min === null || p.start < min ? p.start : min),
    null,
  );
  const tableEnd = first ?? MIB_SECTORS;
  if (tableEnd > 0n) areas.push({ kind: "table", start: 0n, end: tableEnd });
  const inner = union(partitions.filter((p) => !isExtended(p.partition)));
  const extended: Array<Span & { partition?: PartitionSpan }> = partitions
    .filter((p) => isExtended(p.partition))
    .map((p) => ({ start: p.start, end: p.end, partition: p }));
  // Logical partitions listed without their extended partition have EBRs all the same.
  const unplaced = strayExtendedSpan(disk);
  if (unplaced) extended.push(unplaced);
  for (const ext of extended) {
    // The space inside an extended partition not used by a logical one holds the EBRs.
    let cursor = ext.start;
    for (const used of inner) {
      if (used.end <= cursor) continue;
      if (used.start >= ext.end) break;
      if (used.start > cursor)
        areas.push({ kind: "ebr", start: cursor, end: used.start, partition: ext.partition });
      cursor = used.end;
    }
    if (cursor < ext.end)
      areas.push({ kind: "ebr", start: cursor, end: ext.end, partition: ext.partition });
  }
  if (isGpt(disk) && facts.sizeBytes !== null) {
    const end = facts.sizeBytes / VMDK_SECTOR_BYTES;
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
      if (after.start - before.end >= MIB_SECTORS) {
        areas.push({ kind: "unlisted-gap", start: before.end, end: after.start });
      }
    }
  }
  return areas;
}

/**
 * The host areas and partitions the ranges of `facts` cover. `listed` is the plan disk whose
 * partitions describe the device: the disk itself, or another spelling of the same device
 * (`/dev/sda` listed, ranges on `/dev//sda`), whose partitions are just as much the host's.
 */
export function checkHostAreas(
  plan: Plan,
  facts: DiskFacts,
  out: Findings,
  listed: PlanDisk = facts.disk,
): void {
  const disk = listed;
  const name = diskLabel(facts.disk);
  const partitions = partitionSpans(disk);
  const landmarks: Landmark[] = [
    ...partitions.map((span): Landmark => ({ what: "partition", span })),
    ...hostAreas({ ...facts, disk }, partitions).map((span): Landmark => ({ what: "area", span })),
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
          `${text} ${covered} inside the extended partition ${area.partition ? partitionLabel(area.partition) : "(not listed, but its logical partitions are)"} outside its logical partitions, where the boot records (EBRs) that chain the logical partitions live. Overwriting one loses every logical partition after it.`,
          targets,
        );
        break;
      case "gpt-backup":
        out.warning(
          "covers-gpt-backup",
          `${text} ${covered} of the last ${area.end - area.start} sectors of ${name}, where GPT keeps its backup partition table${gptTable(disk) === "maybe" ? " (the listing does not say whether the disk has a GPT or an MBR; most disks with partitions today have a GPT)" : ""}. If the guest writes there, the host's backup table is gone and disk tools report the disk as damaged (or "repair" it).`,
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
