import { describe, expect, it } from "vitest";
import JSZip from "jszip";
import { looksLikeZip, MAX_PLAN_BYTES, planTextFromZip } from "./read.ts";
import { buildZip } from "./zip.ts";
import { loadPlan, planToJson } from "../plan/codec.ts";
import { splitPlan } from "../vmdk/plans.testkit.ts";

let n = 0;
const newUuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;

describe("planTextFromZip", () => {
  it("reads back the plan of a zip the app built: the same plan, UUIDs included", async () => {
    const built = await buildZip(splitPlan(), { newUuid });
    if (!built.ok) throw new Error("the split plan builds");
    expect(looksLikeZip(built.bytes)).toBe(true);
    const r = await planTextFromZip(built.bytes);
    if (!r.ok) throw new Error(r.error);
    const loaded = loadPlan(r.text);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    expect(planToJson(loaded.plan)).toBe(planToJson(built.plan));
    expect(loaded.plan.vms.map((v) => v.uuid)).toEqual([
      "00000000-0000-4000-8000-000000000001",
      "00000000-0000-4000-8000-000000000002",
    ]);
  });

  it("a zip without plan.json, and bytes that are no zip, are refused with a reason", async () => {
    const other = await new JSZip()
      .file("README.txt", new TextEncoder().encode("hi"))
      .generateAsync({ type: "uint8array" });
    expect(await planTextFromZip(other)).toEqual({
      ok: false,
      error: "The zip has no plan.json: zips made by Raw Disk Planner carry their plan there.",
    });
    const junk = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    const r = await planTextFromZip(junk);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^The zip cannot be read \(/);
  });

  it("stops inflating a plan.json past the size limit (a zip bomb stays small)", async () => {
    const huge = new Uint8Array(MAX_PLAN_BYTES + 1).fill(0x20);
    const bomb = await new JSZip()
      .file("plan.json", huge, { binary: true })
      .generateAsync({ type: "uint8array", compression: "DEFLATE" });
    expect(bomb.length).toBeLessThan(100_000);
    expect(await planTextFromZip(bomb)).toEqual({
      ok: false,
      error: `plan.json in the zip is larger than ${MAX_PLAN_BYTES} bytes: refused.`,
    });
  });

  it("plan.json that is not UTF-8 is refused", async () => {
    const zip = await new JSZip()
      .file("plan.json", new Uint8Array([0x7b, 0xff, 0x7d]), { binary: true })
      .generateAsync({ type: "uint8array" });
    expect(await planTextFromZip(zip)).toEqual({
      ok: false,
      error: "plan.json in the zip is not UTF-8 text.",
    });
  });
});
