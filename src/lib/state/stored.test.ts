import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPlan, planToJson, planToObject, rememberCompactJson } from "../plan/codec.ts";
import { emptyPlan } from "../plan/types.ts";
import { decodeState, encodeState, STATE_FORMAT, STATE_VERSION, withStamp } from "./stored.ts";
import { randomPlan } from "../plan/generate.testkit.ts";

const example = () => {
  const loaded = loadPlan(
    readFileSync(join(import.meta.dirname, "../../../docs/plan-example.json"), "utf8"),
  );
  if (!loaded.ok) throw new Error("docs/plan-example.json does not load");
  return loaded.plan;
};

describe("saved state", () => {
  it("round-trips the listing text and the plan", () => {
    const listingText =
      "Name  NumberOfBlocks  StartingOffset\r\nDisk #0, Partition #0  2048  1048576\r\n";
    const decoded = decodeState(encodeState({ listingText, plan: example() }));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok || !decoded.state) throw new Error("not decoded");
    expect(decoded.state.listingText).toBe(listingText);
    expect(planToJson(decoded.state.plan)).toBe(planToJson(example()));
  });

  it("nothing stored is not an error", () => {
    expect(decodeState(null)).toEqual({ ok: true, state: null });
    expect(decodeState("")).toEqual({ ok: true, state: null });
  });

  it.each([
    ["not JSON", "{oops", /not valid JSON/],
    ["an array", "[1,2]", /not an object/],
    [
      "another app's data",
      JSON.stringify({ format: "other", version: 1 }),
      /not a Raw Disk Planner state/,
    ],
    ["a newer version", JSON.stringify({ format: STATE_FORMAT, version: 2 }), /newer version/],
    ["no listing", JSON.stringify({ format: STATE_FORMAT, version: 1, plan: {} }), /listing/],
    [
      "a broken plan",
      JSON.stringify({
        format: STATE_FORMAT,
        version: 1,
        listingText: "",
        plan: { ...emptyPlan(), version: "x" },
      }),
      /saved plan is not valid \(version/,
    ],
    ["far too large", "x".repeat(4 * 1024 * 1024 + 1), /too large/],
    ["deeply nested", '{"a":'.repeat(100_000) + "1" + "}".repeat(100_000), /nests deeper/],
  ])("corrupt or foreign data (%s) is reported, not thrown", (_name, raw, message) => {
    const r = decodeState(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});

describe("the stamp that tells tabs' writes apart", () => {
  it("round-trips, and is absent from states written without one", () => {
    const state = { listingText: "", plan: emptyPlan("p") };
    const stamp = { edit: "tab-a:2", basedOn: "tab-b:7" };
    const decoded = decodeState(encodeState(state, stamp));
    expect(decoded.ok && decoded.stamp).toEqual(stamp);
    const first = decodeState(encodeState(state, { edit: "tab-a:1", basedOn: null }));
    expect(first.ok && first.stamp).toEqual({ edit: "tab-a:1", basedOn: null });
    const plain = decodeState(encodeState(state));
    expect(plain.ok && "stamp" in plain).toBe(false);
  });

  it("ignores a malformed stamp and still reads the state", () => {
    const raw = JSON.parse(encodeState({ listingText: "x", plan: emptyPlan("p") })) as object;
    const decoded = decodeState(JSON.stringify({ ...raw, edit: 5, basedOn: "a" }));
    expect(decoded.ok && decoded.state?.listingText).toBe("x");
    expect(decoded.ok && "stamp" in decoded).toBe(false);
  });
});

describe("encodeState and withStamp", () => {
  it("write the plan as planToJson does, and a stamp added afterwards reads the same as one written at once", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const state = { listingText: `listing ${seed} "quoted" \\ \n`, plan: randomPlan(seed) };
      const text = encodeState(state);
      const parsed = JSON.parse(text) as { plan: unknown; listingText: string };
      expect(parsed.plan).toEqual(JSON.parse(planToJson(state.plan)));
      expect(parsed.listingText).toBe(state.listingText);
      for (const stamp of [
        { edit: "tab:1", basedOn: null },
        { edit: 'tab "2"', basedOn: "other:7" },
      ]) {
        expect(withStamp(text, stamp)).toBe(encodeState(state, stamp));
        const decoded = decodeState(withStamp(text, stamp));
        expect(decoded.ok && decoded.stamp).toEqual(stamp);
      }
    }
  });

  it("write exactly the text JSON.stringify gives for the envelope, stamped or not", () => {
    for (let seed = 1; seed <= 30; seed++) {
      const listingText = `Disk ${seed}\t"é" \\ \u2028 \n${"x".repeat(seed)}`;
      const plan = randomPlan(seed);
      const envelope = {
        format: STATE_FORMAT,
        version: STATE_VERSION,
        listingText,
        plan: planToObject(plan),
      };
      expect(encodeState({ listingText, plan })).toBe(JSON.stringify(envelope));
      const stamp = { edit: `t:${seed}`, basedOn: seed % 2 ? null : "u:1" };
      expect(encodeState({ listingText, plan }, stamp)).toBe(
        JSON.stringify({ ...envelope, edit: stamp.edit, basedOn: stamp.basedOn }),
      );
    }
  });

  it("store a plan's remembered text instead of writing the plan out again", () => {
    const plan = randomPlan(3);
    const written = JSON.stringify(planToObject(plan));
    // Remembered (as the plan reader does with its worker's text): that text is what is stored.
    // A text that differs shows it is taken as it is; the reader only ever gives the same one.
    const marked = written.replace(/^\{/, '{"remembered":true,');
    rememberCompactJson(plan, marked);
    const text = encodeState({ listingText: "", plan });
    expect(text).toContain(`"plan":${marked}`);
    expect(encodeState({ listingText: "", plan: { ...plan } })).toContain(`"plan":${written}`);
  });
});
