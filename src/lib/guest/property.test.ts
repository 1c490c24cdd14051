/**
 * Property test over 1200 generated plans (seeded): for every VM whose table and placement
 * can be built, the extents add up to T, the tail is the last extent, the headers read from
 * the bytes say AlternateLBA = T − 1, every partition lies within [FirstUsableLBA,
 * LastUsableLBA] (MBR: within the disk), and rebuilding from plan.json gives byte-identical
 * head and tail. Whether a VM is refused is predicted here independently of layout.ts.
 */
import { crc32 as zlibCrc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { loadPlan, planToJson } from "../plan/codec.ts";
import { randomPlan } from "../plan/generate.testkit.ts";
import { Rng } from "../prng.testkit.ts";
import { GUEST_PARTITION_TYPES, type Plan, type PlanVm } from "../plan/types.ts";
import { guestFiles } from "./bytes.ts";
import { fillGuestIds } from "./ids.ts";
import { MALFORMED_CODE, guestLayout } from "./layout.ts";
import { MAX_HEAD_SECTORS as MAX_GUEST_HEAD_SECTORS } from "../vbox.ts";
import { GUEST_TYPE_INFO, DEFAULT_GUEST_TYPE } from "./partitionTypes.ts";

const PLANS = 1200;

const ZEROS = new Uint8Array(1 << 16);
/** A Buffer over the same memory (Buffer.from(Uint8Array) would copy a MiB per head). */
const view = (data: Uint8Array | null): Buffer =>
  data ? Buffer.from(data.buffer, data.byteOffset, data.length) : Buffer.alloc(0);

function isZero(data: Uint8Array): boolean {
  for (let at = 0; at < data.length; at += ZEROS.length) {
    const part = data.subarray(at, at + ZEROS.length);
    if (Buffer.compare(part, ZEROS.subarray(0, part.length)) !== 0) return false;
  }
  return true;
}

function uuids(rng: Rng): () => string {
  const hex = (n: number) =>
    Array.from({ length: n }, () => "0123456789abcdef"[rng.int(0, 15)]).join("");
  return () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

/** Random guest settings; identity VMs mostly get their ranges sorted and disjoint. */
function withGuestSettings(plan: Plan, rng: Rng): Plan {
  for (const vm of plan.vms) {
    vm.partitionTable = rng.pick(["none", "mbr", "gpt", "gpt"] as const);
    vm.placement = rng.bool(0.4) ? "identity" : "packed";
    if (rng.bool(0.1)) vm.head = { ...vm.head, sectors: rng.pick([0, 1, 33, 34, 63]) };
    if (vm.placement === "identity" && rng.bool(0.75)) {
      const sorted = [...vm.ranges].sort((a, b) => (a.startSector < b.startSector ? -1 : 1));
      let end = BigInt(vm.head.sectors);
      vm.ranges = sorted.filter((r) => {
        if (r.startSector < end) return false;
        end = r.startSector + r.sectors;
        return true;
      });
    }
    for (const r of vm.ranges) if (rng.bool(0.3)) r.type = rng.pick(GUEST_PARTITION_TYPES);
  }
  return plan;
}

/** The refusals docs/guest-heads.md and the brief describe, predicted from the VM alone. */
function expectedRefusals(vm: PlanVm): string[] {
  const table = vm.partitionTable ?? "none";
  const head = BigInt(vm.head.sectors);
  const refusals: string[] = [];
  let at = head;
  let t = head;
  if (vm.placement === "identity") {
    vm.ranges.forEach((r, i) => {
      if (r.startSector < at)
        refusals.push(i === 0 ? "guest-identity-head" : "guest-identity-order");
      at = r.startSector + r.sectors > at ? r.startSector + r.sectors : at;
    });
    t = at;
  } else {
    t = head + vm.ranges.reduce((s, r) => s + r.sectors, 0n);
  }
  if (table === "mbr") {
    if (head < 1n) refusals.push("guest-head-too-small");
    if (vm.ranges.length > 4) refusals.push("guest-mbr-too-many-partitions");
    if (t > 1n << 32n) refusals.push("guest-mbr-too-large");
    for (const r of vm.ranges) {
      if (r.type !== undefined && GUEST_TYPE_INFO[r.type].mbr === null)
        refusals.push("guest-type-not-in-mbr");
    }
  }
  if (table === "gpt") {
    if (head < 34n) refusals.push("guest-head-too-small");
    if (vm.ranges.length > 128) refusals.push("guest-gpt-too-many-partitions");
  }
  return refusals.sort();
}

function build(plan: Plan, vmIndex: number) {
  const vm = plan.vms[vmIndex] as PlanVm;
  const laid = guestLayout(vm, plan.disks);
  if (!laid.ok) throw new Error(`unexpected refusal: ${laid.errors.map((e) => e.code).join(", ")}`);
  const files = guestFiles(laid.layout);
  if (!files.ok) throw new Error(files.error);
  return { layout: laid.layout, head: files.head, tail: files.tail };
}

describe(`property: ${PLANS} generated plans`, () => {
  it("extents sum to T, tail last, AlternateLBA = T − 1, partitions usable, rebuilds identical", () => {
    const tally = { built: 0, mbr: 0, gpt: 0, identity: 0, refused: 0, malformed: 0 };
    for (let seed = 0; seed < PLANS; seed++) {
      const rng = new Rng(seed * 7919 + 1);
      const raw = withGuestSettings(
        randomPlan(seed, { coherent: true, edgeCases: false, maxRanges: 6 }),
        rng,
      );
      const plan = fillGuestIds(raw, uuids(rng));
      const reloaded = loadPlan(planToJson(plan));
      if (!reloaded.ok) throw new Error(`seed ${seed}: ${JSON.stringify(reloaded.issues)}`);
      expect(fillGuestIds(reloaded.plan, () => "ffffffff-ffff-4fff-bfff-ffffffffffff")).toBe(
        reloaded.plan,
      );
      plan.vms.forEach((vm, v) => {
        const where = `seed ${seed} vm ${v}`;
        const laid = guestLayout(vm, plan.disks);
        if (!laid.ok) {
          const codes = laid.errors.map((e) => e.code);
          if (codes.includes(MALFORMED_CODE)) {
            tally.malformed++;
            return;
          }
          tally.refused++;
          const ignoring = (list: string[]) =>
            list.filter((c) => c !== "guest-too-many-extents").sort();
          expect(ignoring(codes), where).toEqual(expectedRefusals(vm));
          return;
        }
        expect(expectedRefusals(vm), where).toEqual([]);
        if (vm.head.sectors > MAX_GUEST_HEAD_SECTORS) {
          // checkPlan refuses such heads (head-sectors-invalid); guestFiles never builds them.
          expect(guestFiles(laid.layout).ok, where).toBe(false);
          tally.malformed++;
          return;
        }
        const files = guestFiles(laid.layout);
        if (!files.ok) throw new Error(`${where}: ${files.error}`);
        const { layout } = laid;
        const { head, tail } = files;
        tally.built++;
        const t = layout.totalSectors;

        // The extent list: contiguous from 0, summing to T.
        let at = 0n;
        for (const e of layout.extents) {
          expect(e.virtualStart, where).toBe(at);
          expect(e.sectors > 0n, where).toBe(true);
          at += e.sectors;
        }
        expect(at, where).toBe(t);
        const ranges = layout.extents.filter((e) => e.kind === "range");
        expect(ranges.map((e) => (e.kind === "range" ? e.startSector : -1n))).toEqual(
          vm.ranges.map((r) => r.startSector),
        );
        if (vm.placement === "identity") {
          for (const e of ranges)
            if (e.kind === "range") expect(e.virtualStart, where).toBe(e.startSector);
          tally.identity++;
        }

        const table = vm.partitionTable ?? "none";
        if (table === "none") {
          expect(tail).toBeNull();
          if (head) expect(isZero(head), where).toBe(true);
        } else if (table === "mbr") {
          tally.mbr++;
          const h = view(head);
          expect(h.readUInt16LE(510)).toBe(0xaa55);
          expect(h.readUInt32LE(0x1b8).toString(16).padStart(8, "0")).toBe(vm.diskSignature);
          vm.ranges.forEach((r, i) => {
            const entry = h.subarray(0x1be + 16 * i);
            const start = BigInt(entry.readUInt32LE(8));
            const count = BigInt(entry.readUInt32LE(12));
            expect(count).toBe(r.sectors);
            expect(start >= 1n && start + count <= t, where).toBe(true);
            expect(entry[4]).toBe(GUEST_TYPE_INFO[r.type ?? DEFAULT_GUEST_TYPE].mbr);
          });
        } else {
          tally.gpt++;
          const last = layout.extents.at(-1);
          expect(last?.kind, where).toBe("tail");
          expect(last?.sectors).toBe(33n);
          const h = view(head);
          const tl = view(tail);
          const primary = h.subarray(512, 1024);
          const backup = tl.subarray(32 * 512);
          expect(primary.readBigUInt64LE(32), where).toBe(t - 1n);
          expect(backup.readBigUInt64LE(24), where).toBe(t - 1n);
          expect(backup.readBigUInt64LE(72), where).toBe(t - 33n);
          const first = primary.readBigUInt64LE(40);
          const lastUsable = primary.readBigUInt64LE(48);
          expect(lastUsable).toBe(t - 34n);
          const entries = h.subarray(1024, 1024 + 16384);
          expect(tl.subarray(0, 16384).equals(entries)).toBe(true);
          expect(primary.readUInt32LE(88)).toBe(zlibCrc32(entries));
          const wrong: string[] = [];
          for (let i = 0; i < 128; i++) {
            const e = entries.subarray(i * 128, i * 128 + 128);
            const used = i < vm.ranges.length;
            if (isZero(e) === used) wrong.push(`entry ${i} ${used ? "empty" : "used"}`);
            if (!used) continue;
            const lo = e.readBigUInt64LE(32);
            const hi = e.readBigUInt64LE(40);
            if (!(lo >= first && hi <= lastUsable && lo <= hi)) {
              wrong.push(`entry ${i} ${lo}–${hi} outside ${first}–${lastUsable}`);
            }
            if (hi - lo + 1n !== vm.ranges[i]?.sectors) wrong.push(`entry ${i} size`);
          }
          expect(wrong, where).toEqual([]);
        }

        // Rebuild from plan.json: same bytes.
        const again = build(reloaded.plan, v);
        expect(view(again.head).equals(view(head)), where).toBe(true);
        expect(view(again.tail).equals(view(tail)), where).toBe(true);
      });
    }
    // The generator must exercise every kind, not just refusals.
    expect(tally.built).toBeGreaterThan(1000);
    expect(tally.mbr).toBeGreaterThan(150);
    expect(tally.gpt).toBeGreaterThan(400);
    expect(tally.identity).toBeGreaterThan(300);
    expect(tally.refused).toBeGreaterThan(100);
  });
});
