/** Range-level rules: well-formed fields, known disk, inside the disk, 4K alignment. */
import { ACCESS_VALUES, type Plan, type PlanVm } from "../plan/types.ts";
import type { FindingTarget } from "../plan/findings.ts";
import { VMDK_SECTOR_BYTES } from "../units.ts";
import { quoteForMessage } from "../plan/names.ts";
import { MAX_SECTOR_END, MIB_SECTORS } from "../vbox.ts";
import { Findings, type DiskFacts, type RangeRef } from "./facts.ts";
import { diskLabel, human, plural, rangeTarget, vmLabel } from "./messages.ts";

export function checkRanges(
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

export function checkRangeOnDisk(
  plan: Plan,
  ref: RangeRef,
  text: string,
  guestStart: bigint | null,
  out: Findings,
): void {
  const facts = ref.disk;
  const disk = facts.disk;
  const targets = [rangeTarget(ref)];
  if (facts.sizeBytes !== null && ref.end * VMDK_SECTOR_BYTES > facts.sizeBytes) {
    const diskEnd = facts.sizeBytes / VMDK_SECTOR_BYTES;
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
    const per = BigInt(disk.logicalSectorSize) / VMDK_SECTOR_BYTES;
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
  const startOff = ref.start % MIB_SECTORS;
  const sizeOff = ref.sectors % MIB_SECTORS;
  if (startOff !== 0n || sizeOff !== 0n) {
    const parts: string[] = [];
    if (startOff !== 0n) {
      parts.push(
        `its start is ${plural(startOff, "sector")} past a 1 MiB boundary (nearest: ${ref.start - startOff} or ${ref.start - startOff + MIB_SECTORS})`,
      );
    }
    if (sizeOff !== 0n) {
      parts.push(
        `its size is ${plural(sizeOff, "sector")} more than a whole number of MiB (${ref.sectors - sizeOff} or ${ref.sectors - sizeOff + MIB_SECTORS} would be)`,
      );
    }
    out.warning(
      "not-aligned-1mib",
      `${text} is not 1 MiB aligned: ${parts.join("; ")}. Unaligned ranges make guest writes straddle the disk's physical blocks: slower, and more wear on an SSD.`,
      targets,
    );
  }
}
