import { crc32 as zlibCrc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { PlanVm } from "../plan/types.ts";
import { guestFiles, isDiskSignature } from "./bytes.ts";
import { guidBytes } from "./guid.ts";
import { guestLayout, type GuestLayout } from "./layout.ts";
import { exampleDisk, exampleVm, range } from "./plans.testkit.ts";

const DISK_GUID = "5d0c2f4e-9b1a-4c3d-8e7f-6a5b4c3d2e1f";
const PART_GUIDS = ["a81f3b2c-1d4e-4f5a-9b6c-7d8e9f0a1b2c", "b92f4c3d-2e5f-4a6b-8c7d-8e9f0a1b2c3d"];

function layoutOf(vm: PlanVm): GuestLayout {
  const r = guestLayout(vm, [exampleDisk()]);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.layout;
}

function files(vm: PlanVm) {
  const r = guestFiles(layoutOf(vm));
  if (!r.ok) throw new Error(r.error);
  return { head: Buffer.from(r.head ?? []), tail: r.tail ? Buffer.from(r.tail) : null };
}

const gptVm = (patch: Partial<PlanVm> = {}): PlanVm =>
  exampleVm({
    partitionTable: "gpt",
    diskGuid: DISK_GUID,
    ranges: [
      range(2048n, 125829120n, { partitionGuid: PART_GUIDS[0] as string, type: "efi" }),
      range(125831168n, 62914560n, { partitionGuid: PART_GUIDS[1] as string }),
    ],
    ...patch,
  });

describe("a blank head", () => {
  it("is H sectors of zeros, and there is no tail", () => {
    const { head, tail } = files(exampleVm());
    expect(head.length).toBe(2048 * 512);
    expect(head.every((b) => b === 0)).toBe(true);
    expect(tail).toBeNull();
  });

  it("is absent when the VM has no head", () => {
    const r = guestFiles(layoutOf(exampleVm({ head: { file: "h", sectors: 0 } })));
    expect(r).toEqual({ ok: true, head: null, tail: null });
  });
});

describe("an MBR head", () => {
  const vm = exampleVm({
    partitionTable: "mbr",
    diskSignature: "1a2b3c4d",
    ranges: [range(2048n, 125829120n), range(251660288n, 33554432n, { type: "fat32" })],
  });

  it("holds the signature and one entry per range at its virtual LBA, zeros after sector 0", () => {
    const { head, tail } = files(vm);
    expect(tail).toBeNull();
    expect(head.length).toBe(2048 * 512);
    expect(head.subarray(0x1b8, 0x1bc).toString("hex")).toBe("4d3c2b1a");
    expect(head.subarray(0x1be, 0x1ce).toString("hex")).toBe("0020210007feffff0008000000008007");
    expect(head[0x1ce + 4]).toBe(0x0c);
    expect(head.readUInt32LE(0x1ce + 8)).toBe(2048 + 125829120);
    expect(head.readUInt32LE(0x1ce + 12)).toBe(33554432);
    expect(head.subarray(0x1de, 0x1fe).every((b) => b === 0)).toBe(true);
    expect(head.subarray(0x1fe, 0x200).toString("hex")).toBe("55aa");
    expect(head.subarray(512).every((b) => b === 0)).toBe(true);
  });

  it("is refused while the signature is unassigned or malformed", () => {
    const missing = guestFiles(layoutOf({ ...vm, diskSignature: null }));
    expect(missing).toEqual({ ok: false, error: "The MBR disk signature is not assigned yet." });
    expect(guestFiles(layoutOf({ ...vm, diskSignature: "xyz" })).ok).toBe(false);
    expect(isDiskSignature("00000000")).toBe(false);
    expect(isDiskSignature("0000000a")).toBe(true);
  });
});

describe("a GPT head and tail", () => {
  const t = 2048n + 125829120n + 62914560n + 33n;

  it("head: protective MBR, primary header at LBA 1, entries at 2–33, then zeros", () => {
    const { head } = files(gptVm());
    const protective = head.subarray(0x1be, 0x1ce);
    expect(protective.subarray(0, 8).toString("hex")).toBe("00000200eeffffff");
    expect(protective.readUInt32LE(8)).toBe(1);
    expect(protective.readUInt32LE(12)).toBe(Number(t - 1n));
    expect(head.subarray(0x1ce, 0x1fe).every((b) => b === 0)).toBe(true);
    const header = head.subarray(512, 1024);
    expect(header.subarray(0, 8).toString("latin1")).toBe("EFI PART");
    expect(header.readBigUInt64LE(24)).toBe(1n);
    expect(header.readBigUInt64LE(32)).toBe(t - 1n);
    expect(header.readBigUInt64LE(40)).toBe(34n);
    expect(header.readBigUInt64LE(48)).toBe(t - 34n);
    expect(header.subarray(56, 72)).toEqual(Buffer.from(guidBytes(DISK_GUID) as Uint8Array));
    expect(header.readBigUInt64LE(72)).toBe(2n);
    const entries = head.subarray(1024, 1024 + 16384);
    expect(header.readUInt32LE(88)).toBe(zlibCrc32(entries));
    expect(entries.subarray(0, 16).toString("hex")).toBe("28732ac11ff8d211ba4b00a0c93ec93b");
    expect(entries.readBigUInt64LE(32)).toBe(2048n);
    expect(entries.readBigUInt64LE(40)).toBe(2048n + 125829120n - 1n);
    expect(entries.subarray(128 + 16, 128 + 32)).toEqual(
      Buffer.from(guidBytes(PART_GUIDS[1] as string) as Uint8Array),
    );
    expect(entries.readBigUInt64LE(128 + 32)).toBe(125831168n);
    expect(entries.readBigUInt64LE(128 + 40)).toBe(t - 34n);
    expect(head.subarray(34 * 512).every((b) => b === 0)).toBe(true);
  });

  it("tail: the same entries byte for byte, then the backup header pointing back", () => {
    const { head, tail } = files(gptVm());
    expect(tail?.length).toBe(33 * 512);
    if (!tail) return;
    expect(tail.subarray(0, 16384)).toEqual(head.subarray(1024, 1024 + 16384));
    const backup = tail.subarray(16384);
    expect(backup.readBigUInt64LE(24)).toBe(t - 1n);
    expect(backup.readBigUInt64LE(32)).toBe(1n);
    expect(backup.readBigUInt64LE(72)).toBe(t - 33n);
    expect(backup.readUInt32LE(88)).toBe(head.subarray(512).readUInt32LE(88));
    const zeroed = Buffer.from(backup.subarray(0, 92));
    zeroed.writeUInt32LE(0, 16);
    expect(backup.readUInt32LE(16)).toBe(zlibCrc32(zeroed));
    // Primary and backup differ only in MyLBA, AlternateLBA, PartitionEntryLBA and the CRC.
    const primary = head.subarray(512, 1024);
    const differing = [...Array(512).keys()].filter((i) => primary[i] !== backup[i]);
    expect(
      differing.every((i) => (i >= 16 && i < 20) || (i >= 24 && i < 40) || (i >= 72 && i < 80)),
    ).toBe(true);
  });

  it("gives byte-identical files on every build", () => {
    const a = files(gptVm());
    const b = files(gptVm());
    expect(a.head.equals(b.head)).toBe(true);
    expect(a.tail?.equals(b.tail ?? Buffer.alloc(0))).toBe(true);
  });

  it("changes both copies when a range changes (one computation)", () => {
    const a = files(gptVm());
    const b = files(
      gptVm({ ranges: [range(2048n, 4096n, { partitionGuid: PART_GUIDS[0] as string })] }),
    );
    expect(b.head.subarray(512 + 32, 512 + 40).equals(a.head.subarray(512 + 32, 512 + 40))).toBe(
      false,
    );
    expect(b.tail?.subarray(16384 + 24, 16384 + 32).readBigUInt64LE(0)).toBe(
      2048n + 4096n + 33n - 1n,
    );
  });

  it("is refused while a GUID is unassigned", () => {
    expect(guestFiles(layoutOf(gptVm({ diskGuid: null })))).toEqual({
      ok: false,
      error: "The GPT disk GUID is not assigned yet.",
    });
    const noPartGuid = gptVm({ ranges: [range(2048n, 8n)] });
    expect(guestFiles(layoutOf(noPartGuid))).toEqual({
      ok: false,
      error: "Partition 1's GUID is not assigned yet.",
    });
  });

  it("is refused from a layout whose extents do not add up or whose tail is missing", () => {
    const layout = layoutOf(gptVm());
    const short = { ...layout, totalSectors: layout.totalSectors - 1n } as GuestLayout;
    expect(guestFiles(short).ok).toBe(false);
    const noTail = {
      ...layout,
      extents: layout.extents.slice(0, -1),
      totalSectors: layout.totalSectors - 33n,
    } as GuestLayout;
    expect(guestFiles(noTail)).toMatchObject({
      ok: false,
      error: expect.stringContaining("33-sector tail"),
    });
  });
});
