/**
 * The bytes of a VM's head file and GPT tail file, computed only from its GuestLayout
 * (layout.ts): T, the partitions and the identity fields all come from that one extent list.
 *
 *   table  head file (H sectors)                          tail file (33 sectors)
 *   none   zeros                                          —
 *   mbr    LBA 0: MBR with the entries; then zeros        —
 *   gpt    LBA 0: protective MBR; 1: header; 2–33:        0–31: the same entries;
 *          entries; then zeros                            32: backup header (virtual LBA T − 1)
 */
import { GUEST_TYPE_INFO } from "./partitionTypes.ts";
import {
  GPT_ENTRY_ARRAY_SECTORS,
  GPT_FIRST_USABLE_LBA,
  GPT_HEAD_MIN_SECTORS,
  GPT_TAIL_SECTORS,
  gptEntryArray,
  gptHeaderSector,
  type GptEntry,
} from "./gpt.ts";
import { crc32 } from "./crc32.ts";
import { isIdentityGuid } from "./guid.ts";
import { MBR_LIMIT, SECTOR_BYTES, mbrSector, protectiveMbr } from "./mbr.ts";
import { MAX_HEAD_SECTORS } from "../vbox.ts";
import type { GuestLayout } from "./layout.ts";

export type GuestFilesResult =
  | {
      ok: true;
      /** The head file's bytes (H × 512), or null when the VM has no head. */
      head: Uint8Array | null;
      /** The GPT tail file's bytes (33 × 512), or null without a GPT. */
      tail: Uint8Array | null;
    }
  | { ok: false; error: string };

const SIGNATURE_PATTERN = /^[0-9a-f]{8}$/;

/** True for an MBR disk signature as plans keep it: 8 lowercase hex digits, not all zero. */
export function isDiskSignature(text: string): boolean {
  return SIGNATURE_PATTERN.test(text) && text !== "00000000";
}

/**
 * The head file and tail file of a laid-out VM. Fails (never throws) when an identity field
 * the table needs is still null (fill it with fillGuestIds first) or the layout is not one
 * guestLayout could have produced.
 *
 * @example
 * const r = guestLayout(vm, plan.disks);
 * if (r.ok) { const files = guestFiles(r.layout); if (files.ok) zip(head, files.head) }
 */
export function guestFiles(layout: GuestLayout): GuestFilesResult {
  const headExtent = layout.extents[0]?.kind === "head" ? layout.extents[0] : null;
  const headSectors = headExtent ? Number(headExtent.sectors) : 0;
  if (headSectors > MAX_HEAD_SECTORS) {
    return {
      ok: false,
      error: `The head has ${headSectors} sectors; at most ${MAX_HEAD_SECTORS} are built.`,
    };
  }
  const head = headExtent ? new Uint8Array(headSectors * SECTOR_BYTES) : null;
  const t = layout.totalSectors;
  const sum = layout.extents.reduce((s, e) => s + e.sectors, 0n);
  if (sum !== t) return { ok: false, error: `The extents add up to ${sum} sectors, not ${t}.` };

  if (layout.table === "none") return { ok: true, head, tail: null };

  if (layout.table === "mbr") {
    if (!head) return { ok: false, error: "An MBR needs a head of at least 1 sector." };
    const signature = layout.diskSignature;
    if (signature === null || !isDiskSignature(signature)) {
      return {
        ok: false,
        error: `The MBR disk signature ${signature === null ? "is not assigned yet" : `"${signature}" is not 8 hex digits`}.`,
      };
    }
    if (layout.partitions.length > 4 || t > MBR_LIMIT) {
      return { ok: false, error: "An MBR cannot describe this disk (over 4 partitions or 2 TiB)." };
    }
    const entries = [];
    for (const p of layout.partitions) {
      if (p.mbrType === null) {
        return { ok: false, error: `Partition ${p.number}'s type has no MBR type byte.` };
      }
      entries.push({ type: p.mbrType, startLba: p.startLba, sectors: p.sectors });
    }
    head.set(mbrSector(parseInt(signature, 16), entries), 0);
    return { ok: true, head, tail: null };
  }

  // GPT: the tail must be the last extent, 33 sectors, ending at T.
  const tailExtent = layout.extents[layout.extents.length - 1];
  if (
    !head ||
    headSectors < GPT_HEAD_MIN_SECTORS ||
    tailExtent?.kind !== "tail" ||
    tailExtent.sectors !== BigInt(GPT_TAIL_SECTORS) ||
    tailExtent.virtualStart + tailExtent.sectors !== t
  ) {
    return {
      ok: false,
      error: `A GPT needs a head of at least ${GPT_HEAD_MIN_SECTORS} sectors and a ${GPT_TAIL_SECTORS}-sector tail as the last extent.`,
    };
  }
  const diskGuid = layout.diskGuid;
  if (diskGuid === null || !isIdentityGuid(diskGuid)) {
    return {
      ok: false,
      error: `The GPT disk GUID ${diskGuid === null ? "is not assigned yet" : `"${diskGuid}" is not a lowercase GUID`}.`,
    };
  }
  const lastUsable = t - BigInt(GPT_TAIL_SECTORS) - 1n;
  const entries: GptEntry[] = [];
  for (const p of layout.partitions) {
    if (p.guid === null || !isIdentityGuid(p.guid)) {
      return {
        ok: false,
        error: `Partition ${p.number}'s GUID ${p.guid === null ? "is not assigned yet" : `"${p.guid}" is not a lowercase GUID`}.`,
      };
    }
    const last = p.startLba + p.sectors - 1n;
    if (p.startLba < GPT_FIRST_USABLE_LBA || last > lastUsable) {
      return {
        ok: false,
        error: `Partition ${p.number} (${p.startLba} +${p.sectors}) lies outside the usable LBAs ${GPT_FIRST_USABLE_LBA}–${lastUsable}.`,
      };
    }
    entries.push({
      typeGuid: GUEST_TYPE_INFO[p.type].gpt,
      uniqueGuid: p.guid,
      firstLba: p.startLba,
      lastLba: last,
      name: p.name,
      // Bit 60: read-only (Microsoft basic data attributes; Windows mounts the volume read-only).
      ...(p.readOnly ? { attributes: 1n << 60n } : {}),
    });
  }
  const array = gptEntryArray(entries);
  const entryArrayCrc = crc32(array);
  const backupEntryLba = t - BigInt(GPT_TAIL_SECTORS);
  const common = { firstUsableLba: GPT_FIRST_USABLE_LBA, lastUsableLba: lastUsable, diskGuid };
  head.set(protectiveMbr(t), 0);
  head.set(
    gptHeaderSector({
      ...common,
      myLba: 1n,
      alternateLba: t - 1n,
      partitionEntryLba: 2n,
      entryArrayCrc,
    }),
    SECTOR_BYTES,
  );
  head.set(array, 2 * SECTOR_BYTES);
  const tail = new Uint8Array(GPT_TAIL_SECTORS * SECTOR_BYTES);
  tail.set(array, 0);
  tail.set(
    gptHeaderSector({
      ...common,
      myLba: t - 1n,
      alternateLba: 1n,
      partitionEntryLba: backupEntryLba,
      entryArrayCrc,
    }),
    GPT_ENTRY_ARRAY_SECTORS * SECTOR_BYTES,
  );
  return { ok: true, head, tail };
}
