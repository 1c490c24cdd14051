import { describe, expect, it } from "vitest";
import { deepFreeze } from "../plan/generate.testkit.ts";
import type { PlanVm } from "../plan/types.ts";
import { MALFORMED_CODE, guestLayout, resolveGuestType, type GuestLayoutResult } from "./layout.ts";
import { diskOf, exampleDisk, exampleVm, range } from "./plans.testkit.ts";

const P1 = 125831168n; // the worked example's Partition #1: 125831168 +125829120
const P1_SECTORS = 125829120n;

function laid(result: GuestLayoutResult) {
  if (!result.ok) throw new Error(JSON.stringify(result.errors.map((e) => e.message)));
  return result;
}

const errorCodes = (result: GuestLayoutResult): string[] =>
  result.ok ? [] : result.errors.map((e) => e.code);

const shape = (vm: PlanVm, disks = [exampleDisk()]) =>
  laid(guestLayout(vm, disks)).layout.extents.map((e) => [e.kind, e.virtualStart, e.sectors]);

describe("packed placement", () => {
  it("without a table: the head, then the ranges back to back, as today", () => {
    const vm = exampleVm({ ranges: [range(P1, 62914560n), range(P1 + 62914560n, 2048n)] });
    const { layout, warnings } = laid(guestLayout(vm, [exampleDisk()]));
    expect(layout.extents.map((e) => [e.kind, e.virtualStart, e.sectors])).toEqual([
      ["head", 0n, 2048n],
      ["range", 2048n, 62914560n],
      ["range", 62916608n, 2048n],
    ]);
    expect(layout.totalSectors).toBe(62918656n);
    expect(layout.partitions).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("with a GPT: the 33-sector tail is the last extent and T counts it", () => {
    const { layout } = laid(guestLayout(exampleVm({ partitionTable: "gpt" }), [exampleDisk()]));
    expect(layout.extents.map((e) => [e.kind, e.virtualStart, e.sectors])).toEqual([
      ["head", 0n, 2048n],
      ["range", 2048n, 62914560n],
      ["tail", 62916608n, 33n],
    ]);
    expect(layout.totalSectors).toBe(62916641n);
    expect(layout.extents.at(-1)).toMatchObject({ kind: "tail", file: "Raw_Sectors_GPT_Backup" });
    expect(layout.partitions.map((p) => [p.number, p.startLba, p.sectors])).toEqual([
      [1, 2048n, 62914560n],
    ]);
  });

  it("names the tail file as the VM says", () => {
    const vm = exampleVm({ partitionTable: "gpt", tailFile: "gpt-tail.bin" });
    expect(laid(guestLayout(vm, [exampleDisk()])).layout.extents.at(-1)).toMatchObject({
      kind: "tail",
      file: "gpt-tail.bin",
    });
  });

  it("with an MBR: no tail, the partitions where the ranges are", () => {
    const vm = exampleVm({
      partitionTable: "mbr",
      ranges: [range(2048n, 125829120n), range(P1, P1_SECTORS), range(251660288n, 33554432n)],
    });
    const { layout } = laid(guestLayout(vm, [exampleDisk()]));
    expect(layout.extents.map((e) => e.kind)).toEqual(["head", "range", "range", "range"]);
    expect(layout.partitions.map((p) => [p.startLba, p.sectors])).toEqual([
      [2048n, 125829120n],
      [125831168n, 125829120n],
      [251660288n, 33554432n],
    ]);
    expect(layout.totalSectors).toBe(285214720n);
  });

  it("leaves the VM unchanged (frozen input)", () => {
    const vm = deepFreeze(exampleVm({ partitionTable: "gpt", placement: "identity" }));
    expect(guestLayout(vm, [deepFreeze(exampleDisk())]).ok).toBe(true);
  });
});

describe("identity placement", () => {
  it("puts each range at its host LBA with ZERO padding between", () => {
    const vm = exampleVm({
      placement: "identity",
      partitionTable: "gpt",
      ranges: [range(2048n, 1000n), range(10000n, 500n), range(10500n, 8n)],
    });
    expect(shape(vm)).toEqual([
      ["head", 0n, 2048n],
      ["range", 2048n, 1000n],
      ["padding", 3048n, 6952n],
      ["range", 10000n, 500n],
      ["range", 10500n, 8n],
      ["tail", 10508n, 33n],
    ]);
  });

  it("pads from the head to the first range when the head is smaller than its start", () => {
    const vm = exampleVm({ placement: "identity" });
    expect(shape(vm)).toEqual([
      ["head", 0n, 2048n],
      ["padding", 2048n, P1 - 2048n],
      ["range", P1, 62914560n],
    ]);
  });

  it("needs no head at all when the first range starts at 0", () => {
    const vm = exampleVm({
      placement: "identity",
      head: { file: "h", sectors: 0 },
      ranges: [range(0n, 4096n)],
    });
    expect(shape(vm)).toEqual([["range", 0n, 4096n]]);
  });

  it("refuses a head larger than the first range's start, saying how large it may be", () => {
    const vm = exampleVm({ placement: "identity", ranges: [range(1024n, 2048n)] });
    const result = guestLayout(vm, [exampleDisk()]);
    expect(errorCodes(result)).toEqual(["guest-identity-head"]);
    expect(result.ok ? "" : result.errors[0]?.message).toContain("at most 1024 sectors");
  });

  it("refuses ranges out of order or overlapping, naming each", () => {
    const vm = exampleVm({
      placement: "identity",
      ranges: [
        range(100000n, 2048n),
        range(4096n, 2048n),
        range(200000n, 4096n),
        range(202000n, 8n),
      ],
    });
    const result = guestLayout(vm, [exampleDisk()]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.code, e.range])).toEqual([
      ["guest-identity-order", 1],
      ["guest-identity-order", 3],
    ]);
    expect(result.errors[0]?.message).toContain(
      "range 2 (4096 +2048) starts before the end of range 1 (100000 +2048, ending at 102048)",
    );
  });

  it("accepts touching ranges (no padding) and ranges of several disks in increasing order", () => {
    const d1 = { ...diskOf(1n << 30n), id: "d1" };
    const vm = exampleVm({
      placement: "identity",
      ranges: [range(2048n, 2048n), range(4096n, 2048n, { disk: "d1" }), range(8192n, 8n)],
    });
    expect(shape(vm, [exampleDisk(), d1])).toEqual([
      ["head", 0n, 2048n],
      ["range", 2048n, 2048n],
      ["range", 4096n, 2048n],
      ["padding", 6144n, 2048n],
      ["range", 8192n, 8n],
    ]);
  });

  it("refuses when the padding pushes the descriptor past 1000 extents", () => {
    const ranges = Array.from({ length: 600 }, (_, i) => range(2048n + BigInt(i) * 4096n, 2048n));
    const result = guestLayout(exampleVm({ placement: "identity", ranges }), [exampleDisk()]);
    expect(errorCodes(result)).toEqual(["guest-too-many-extents"]);
    expect(result.ok ? "" : result.errors[0]?.message).toContain(
      "1200 extents (599 of them padding)",
    );
    expect(guestLayout(exampleVm({ ranges }), [exampleDisk()]).ok).toBe(true);
  });
});

describe("what each table can hold", () => {
  it("MBR: at most 4 partitions", () => {
    const ranges = (n: number) =>
      Array.from({ length: n }, (_, i) => range(2048n + BigInt(i) * 2048n, 2048n));
    expect(
      guestLayout(exampleVm({ partitionTable: "mbr", ranges: ranges(4) }), [exampleDisk()]).ok,
    ).toBe(true);
    const five = guestLayout(exampleVm({ partitionTable: "mbr", ranges: ranges(5) }), [
      exampleDisk(),
    ]);
    expect(errorCodes(five)).toEqual(["guest-mbr-too-many-partitions"]);
    expect(five.ok ? "" : five.errors[0]?.message).toContain(
      "5 ranges, but an MBR holds at most 4 partitions. Use a GPT",
    );
  });

  it("MBR: a guest disk of 2^32 sectors is the largest (2 TiB)", () => {
    const big = diskOf(1n << 33n);
    const at = (sectors: bigint) =>
      guestLayout(exampleVm({ partitionTable: "mbr", ranges: [range(2048n, sectors)] }), [big]);
    expect(at((1n << 32n) - 2048n).ok).toBe(true);
    const over = at((1n << 32n) - 2047n);
    expect(errorCodes(over)).toEqual(["guest-mbr-too-large"]);
    expect(over.ok ? "" : over.errors[0]?.message).toContain("4294967297 sectors (2 TiB)");
  });

  it("MBR with identity placement: the range's host start counts, and the message says so", () => {
    const big = diskOf(1n << 33n, [[(1n << 32n) - 4096n, 8192n, "83"]]);
    const vm = exampleVm({
      partitionTable: "mbr",
      placement: "identity",
      ranges: [range((1n << 32n) - 4096n, 8192n)],
    });
    const result = guestLayout(vm, [big]);
    expect(errorCodes(result)).toEqual(["guest-mbr-too-large"]);
    expect(result.ok ? "" : result.errors[0]?.message).toContain(
      "Identity placement makes the guest's disk reach as far as the last range does on the host",
    );
    expect(guestLayout({ ...vm, placement: "packed" }, [big]).ok).toBe(true);
  });

  it("MBR needs a head sector; GPT needs 34", () => {
    const noHead = { file: "Raw_Sectors_1MiB", sectors: 0 };
    expect(
      errorCodes(guestLayout(exampleVm({ partitionTable: "mbr", head: noHead }), [exampleDisk()])),
    ).toEqual(["guest-head-too-small"]);
    expect(
      guestLayout(exampleVm({ partitionTable: "mbr", head: { file: "h", sectors: 1 } }), [
        exampleDisk(),
      ]).ok,
    ).toBe(true);
    const gpt = (sectors: number) =>
      guestLayout(exampleVm({ partitionTable: "gpt", head: { file: "h", sectors } }), [
        exampleDisk(),
      ]);
    expect(errorCodes(gpt(33))).toEqual(["guest-head-too-small"]);
    expect(gpt(34).ok).toBe(true);
  });

  it("GPT: at most 128 partitions", () => {
    const ranges = (n: number) =>
      Array.from({ length: n }, (_, i) => range(2048n + BigInt(i) * 8n, 8n));
    expect(
      guestLayout(exampleVm({ partitionTable: "gpt", ranges: ranges(128) }), [exampleDisk()]).ok,
    ).toBe(true);
    expect(
      errorCodes(
        guestLayout(exampleVm({ partitionTable: "gpt", ranges: ranges(129) }), [exampleDisk()]),
      ),
    ).toEqual(["guest-gpt-too-many-partitions"]);
  });

  it("MBR refuses GPT-only types", () => {
    const vm = exampleVm({
      partitionTable: "mbr",
      ranges: [range(P1, P1_SECTORS, { type: "msr" })],
    });
    expect(errorCodes(guestLayout(vm, [exampleDisk()]))).toEqual(["guest-type-not-in-mbr"]);
    expect(guestLayout({ ...vm, partitionTable: "gpt" }, [exampleDisk()]).ok).toBe(true);
  });

  it("reports every refusal at once", () => {
    const ranges = Array.from({ length: 5 }, (_, i) =>
      range(2048n + BigInt(i) * 2048n, 2048n, { type: "bios-boot" }),
    );
    const vm = exampleVm({ partitionTable: "mbr", head: { file: "h", sectors: 0 }, ranges });
    expect(errorCodes(guestLayout(vm, [exampleDisk()]))).toEqual([
      "guest-head-too-small",
      "guest-mbr-too-many-partitions",
      ...Array.from({ length: 5 }, () => "guest-type-not-in-mbr"),
    ]);
  });

  it("leaves malformed VMs to checkPlan (one malformed refusal, no table findings)", () => {
    for (const vm of [
      exampleVm({ partitionTable: "mbr", ranges: [range(0n, 0n)] }),
      exampleVm({ partitionTable: "mbr", ranges: [range(2048n, 8n, { disk: "nope" })] }),
      exampleVm({ partitionTable: "gpt", head: { file: "h", sectors: -1 } }),
      exampleVm({ partitionTable: "gpt", head: { file: "h", sectors: 1.5 } }),
    ]) {
      expect(errorCodes(guestLayout(vm, [exampleDisk()]))).toEqual([MALFORMED_CODE]);
    }
  });
});

describe("partition types", () => {
  it("takes the range's own type, else the host partition's, else basic data", () => {
    const disk = exampleDisk(["Linux filesystem", "GPT: System", undefined]);
    const vm = exampleVm({
      partitionTable: "gpt",
      ranges: [
        range(2048n, 125829120n),
        range(P1, P1_SECTORS, { type: "linux-swap" }),
        range(251660288n, 33554432n),
        range(300000000n, 2048n),
      ],
    });
    const { layout } = laid(guestLayout(vm, [disk]));
    expect(
      layout.partitions.map((p) => [p.type, p.typeSource, p.hostPartition, p.mbrType, p.gptType]),
    ).toEqual([
      ["linux", "host", 0, 0x83, "0FC63DAF-8483-4772-8E79-3D69D8477DE4"],
      ["linux-swap", "plan", 1, 0x82, "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F"],
      ["basic-data", "default", 2, 0x07, "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7"],
      ["basic-data", "default", null, 0x07, "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7"],
    ]);
  });

  it("a part of a split partition keeps the partition's type, but no host partition is its origin", () => {
    const disk = exampleDisk([undefined, "83 Linux"]);
    expect(resolveGuestType(range(P1 + 62914560n, 62914560n), disk)).toEqual({
      type: "linux",
      source: "host",
      hostPartition: null,
    });
  });

  it("skips extended partitions: a logical partition's type wins", () => {
    const disk = diskOf(1n << 24n, [
      [2048n, 1000000n, "5 Extended"],
      [4096n, 8192n, "82 Linux swap / Solaris"],
    ]);
    expect(resolveGuestType(range(2048n, 100n), disk)).toEqual({
      type: "basic-data",
      source: "default",
      hostPartition: null,
    });
    expect(resolveGuestType(range(4096n, 8192n), disk)).toEqual({
      type: "linux-swap",
      source: "host",
      hostPartition: 1,
    });
  });
});

describe("ranges whose length differs from their host partition", () => {
  it("warn when a table is written, with the numbers", () => {
    const { warnings } = laid(guestLayout(exampleVm({ partitionTable: "gpt" }), [exampleDisk()]));
    expect(warnings.map((w) => [w.code, w.range])).toEqual([["guest-size-differs", 0]]);
    expect(warnings[0]?.message).toContain(
      '"Disk #0, Partition #1" starts, but is 62914560 sectors (30 GiB) shorter than it (125829120 sectors)',
    );
  });

  it("say longer when it is longer", () => {
    const vm = exampleVm({ partitionTable: "mbr", ranges: [range(P1, P1_SECTORS + 8n)] });
    expect(laid(guestLayout(vm, [exampleDisk()])).warnings[0]?.message).toContain(
      "8 sectors (4 KiB) longer",
    );
  });

  it("stay silent when the lengths agree, without a table, or when the range starts elsewhere", () => {
    const whole = exampleVm({ partitionTable: "gpt", ranges: [range(P1, P1_SECTORS)] });
    expect(laid(guestLayout(whole, [exampleDisk()])).warnings).toEqual([]);
    expect(laid(guestLayout(exampleVm(), [exampleDisk()])).warnings).toEqual([]);
    const inside = exampleVm({ partitionTable: "gpt", ranges: [range(P1 + 2048n, 2048n)] });
    expect(laid(guestLayout(inside, [exampleDisk()])).warnings).toEqual([]);
  });
});

describe("the extent list", () => {
  it("adds up to T, each extent starting where the previous ends", () => {
    const vm = exampleVm({
      partitionTable: "gpt",
      placement: "identity",
      ranges: [range(2048n, 4096n), range(9000n, 100n), range(20000n, 1n)],
    });
    const { layout } = laid(guestLayout(vm, [exampleDisk()]));
    let at = 0n;
    for (const e of layout.extents) {
      expect(e.virtualStart).toBe(at);
      at += e.sectors;
    }
    expect(at).toBe(layout.totalSectors);
    expect(layout.totalSectors).toBe(20001n + 33n);
  });
});
