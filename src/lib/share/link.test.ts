import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPlan, planToJson } from "../plan/codec.ts";
import { randomPlan } from "../plan/generate.testkit.ts";
import { addVm, assignRange } from "../plan/ops.ts";
import type { Plan } from "../plan/types.ts";
import { vmdkSectors } from "../units.ts";
import { encodeBase64Url } from "./base64url.ts";
import {
  decodeShareFragment,
  encodeShareFragment,
  isShareFragment,
  MAX_FRAGMENT_CHARS,
  SHARE_PREFIX,
} from "./link.ts";

const example = (): Plan => {
  const loaded = loadPlan(
    readFileSync(join(import.meta.dirname, "../../../docs/plan-example.json"), "utf8"),
  );
  if (!loaded.ok) throw new Error("docs/plan-example.json does not load");
  return loaded.plan;
};

async function deflateRaw(text: string): Promise<string> {
  const packed = new Response(
    new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw")),
  );
  return encodeBase64Url(new Uint8Array(await packed.arrayBuffer()));
}

describe("share links", () => {
  it("start with the public prefix #plan= and a link version", async () => {
    const fragment = await encodeShareFragment(example());
    expect(fragment.startsWith("#plan=1.")).toBe(true);
    expect(isShareFragment(fragment)).toBe(true);
    expect(fragment).toMatch(/^#plan=1\.[A-Za-z0-9_-]+$/);
  });

  it("round-trip the documented example, UUIDs included, to the same canonical JSON", async () => {
    const plan = example();
    const decoded = await decodeShareFragment(await encodeShareFragment(plan));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(planToJson(decoded.plan)).toBe(planToJson(plan));
    expect(decoded.plan.vms.map((v) => v.uuid)).toEqual(plan.vms.map((v) => v.uuid));
  });

  it("round-trip 200 generated plans", async () => {
    for (let seed = 1; seed <= 200; seed++) {
      const plan = randomPlan(seed, { edgeCases: true });
      const decoded = await decodeShareFragment(await encodeShareFragment(plan));
      expect(decoded.ok && planToJson(decoded.plan)).toBe(planToJson(plan));
    }
  });

  it("fit a plan of 8 VMs on a 4-partition disk into 2,000 characters", async () => {
    let plan = example();
    plan = { ...plan, vms: [] };
    const disk = plan.disks[0];
    if (!disk) throw new Error("no disk");
    plan = {
      ...plan,
      disks: [
        {
          ...disk,
          sizeBytes: 240057409536n as typeof disk.sizeBytes,
          partitions: [
            ...disk.partitions,
            {
              number: 3,
              label: "Disk #0, Partition #3",
              startByte: 146029936640n as never,
              sizeBytes: 10737418240n as never,
            },
          ],
        },
      ],
    };
    for (let i = 0; i < 8; i++) {
      plan = addVm(plan, `vm-number-${i}`);
      const r = assignRange(plan, i, {
        disk: "d0",
        startSector: vmdkSectors(2048n + BigInt(i) * 20_000_000n),
        sectors: vmdkSectors(19_998_720n),
        access: "RW",
      });
      if (!r.ok) throw new Error(r.error);
      plan = r.value;
      plan = {
        ...plan,
        vms: plan.vms.map((v, k) => (k === i ? { ...v, uuid: crypto.randomUUID() } : v)),
      };
    }
    const fragment = await encodeShareFragment(plan);
    expect(plan.vms).toHaveLength(8);
    expect(fragment.length).toBeLessThanOrEqual(2000);
    const decoded = await decodeShareFragment(fragment);
    expect(decoded.ok && planToJson(decoded.plan)).toBe(planToJson(plan));
  });

  describe("hostile links give a clear error, never an exception", () => {
    it.each([
      ["no prefix", "#other=1.abc", /does not contain a plan/],
      ["no version", `${SHARE_PREFIX}abc`, /does not start with a version/],
      ["a newer link version", `${SHARE_PREFIX}2.abc`, /newer version/],
      [
        "characters outside base64url",
        `${SHARE_PREFIX}1.ab+/=`,
        /characters a plan link never has/,
      ],
      ["data that does not inflate", `${SHARE_PREFIX}1.AAAAAAAAAA`, /does not decompress/],
      ["a 300 KB payload", `${SHARE_PREFIX}1.${"A".repeat(300_000)}`, /too long/],
    ])("%s", async (_name, fragment, message) => {
      const r = await decodeShareFragment(fragment);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(message);
    });

    it("a small link that inflates past the bound (a decompression bomb)", async () => {
      const fragment = `${SHARE_PREFIX}1.${await deflateRaw(" ".repeat(3 * 1024 * 1024))}`;
      expect(fragment.length).toBeLessThan(MAX_FRAGMENT_CHARS);
      const r = await decodeShareFragment(fragment);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/larger than/);
    });

    it("a plan with a wrong version, 400-digit numbers and __proto__ keys", async () => {
      const json = planToJson(example())
        .replace('"version": 1', '"version": 7')
        .replace('"125831168"', `"${"9".repeat(400)}"`)
        .replace('"name": "web"', '"name": "web", "__proto__": { "polluted": true }');
      const r = await decodeShareFragment(`${SHARE_PREFIX}1.${await deflateRaw(json)}`);
      expect(r.ok).toBe(false);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      if (!r.ok)
        expect(`${r.error} ${r.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`).toMatch(
          /version/,
        );
    });

    it("a plan whose numbers have 400 digits names the field", async () => {
      const json = planToJson(example()).replace('"125831168"', `"${"9".repeat(400)}"`);
      const r = await decodeShareFragment(`${SHARE_PREFIX}1.${await deflateRaw(json)}`);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.issues.map((i) => i.path)).toContain("vms[0].ranges[0].startSector");
    });

    it("bytes that are not UTF-8", async () => {
      const packed = new Response(
        new Blob([new Uint8Array([0xff, 0xfe, 0x00, 0xc3])])
          .stream()
          .pipeThrough(new CompressionStream("deflate-raw")),
      );
      const fragment = `${SHARE_PREFIX}1.${encodeBase64Url(new Uint8Array(await packed.arrayBuffer()))}`;
      const r = await decodeShareFragment(fragment);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/not valid text/);
    });
  });
});
