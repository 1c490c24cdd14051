/**
 * What the guest will find on its disk, for the page and for README.txt, from the same
 * layout the files are built from:
 *
 *   The guest sees a GPT disk of 62,916,641 sectors (30 GiB), disk GUID 5d0c…, with 1 partition:
 *     1. NTFS / exFAT (Microsoft basic data) at LBA 2,048, 62,914,560 sectors (30 GiB),
 *        from range 1 (d0 125831168 +62914560), partition GUID a81f…
 */
import type { PlanVm } from "../plan/types.ts";
import { formatBytes, groupDigits, VMDK_SECTOR_BYTES } from "../units.ts";
import type { GuestLayout } from "./layout.ts";

const human = (sectors: bigint): string => formatBytes(sectors * VMDK_SECTOR_BYTES);

function tableText(layout: GuestLayout): string {
  const size = `${groupDigits(layout.totalSectors)} sectors (${human(layout.totalSectors)})`;
  if (layout.table === "mbr") {
    const id = layout.diskSignature === null ? "" : `, disk signature 0x${layout.diskSignature}`;
    return `The guest sees an MBR disk of ${size}${id}`;
  }
  if (layout.table === "gpt") {
    const id = layout.diskGuid === null ? "" : `, disk GUID ${layout.diskGuid}`;
    return `The guest sees a GPT disk of ${size}${id}`;
  }
  return `The guest sees a disk of ${size}`;
}

/**
 * Sentences describing what the guest will find: the table, each partition with its type,
 * LBA and size, and what identity placement and the GPT tail mean.
 *
 * @example guestReadme(layout, vm)[0] // "The guest sees an MBR disk of 62,916,608 sectors (30 GiB), disk signature 0x1a2b3c4d, with 1 partition:"
 */
export function guestReadme(layout: GuestLayout, vm: PlanVm): string[] {
  const lines: string[] = [];
  const count = layout.partitions.length;
  if (layout.table === "none") {
    lines.push(
      `${tableText(layout)} with no partition table (its head is blank). A filesystem already in a range is there, but the guest shows it only once a partition entry points at it; a guest that initialises the disk writes its own table into the head.`,
    );
  } else {
    lines.push(
      `${tableText(layout)}, with ${count === 0 ? "no partition" : count === 1 ? "1 partition" : `${count} partitions`}${count > 0 ? ":" : "."}`,
    );
    for (const p of layout.partitions) {
      const range = vm.ranges[p.range];
      const from = range
        ? `, from range ${p.range + 1} (${range.disk} ${range.startSector} +${range.sectors})`
        : "";
      const type =
        layout.table === "mbr"
          ? `${p.typeLabel}, type 0x${(p.mbrType ?? 0).toString(16).padStart(2, "0")},`
          : p.typeLabel;
      const guid = layout.table === "gpt" && p.guid !== null ? `, partition GUID ${p.guid}` : "";
      lines.push(
        `  ${p.number}. ${type} at LBA ${groupDigits(p.startLba)}, ${groupDigits(p.sectors)} sectors (${human(p.sectors)})${from}${guid}`,
      );
    }
  }
  if (layout.placement === "identity") {
    const padding = layout.extents.filter((e) => e.kind === "padding");
    lines.push(
      `Each range sits at the same LBA as on the host (identity placement), so filesystems that record their own start and boot entries that name an offset stay right.${padding.length > 0 ? ` The ${padding.length === 1 ? "gap" : `${padding.length} gaps`} between them read${padding.length === 1 ? "s" : ""} as zeros and anything the guest writes there is lost.` : ""}`,
    );
  }
  if (layout.table === "gpt") {
    lines.push(
      "The GPT's backup copy is in the tail file after the last range, so the guest's GPT tools and firmware find the disk consistent and never write a backup table into the physical disk.",
    );
  }
  return lines;
}
