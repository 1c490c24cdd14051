import { describe, expect, it } from "vitest";
import { fuzzTarget } from "./run.ts";
import { allTargets } from "./targets.ts";
import { numbersUntouched } from "./mutate.ts";
import { Rng } from "../../src/lib/prng.testkit.ts";

// The short run of `npm run fuzz` that every `npm test` does: fixed seeds, so a failure here
// is reproducible with `npm run fuzz -- --count 2000 --seed 20261125`.
const SHORT_RUN = 2000;

const targets = await allTargets();

describe("fuzz (short run)", () => {
  it("attacks every parser and loader", () => {
    expect(targets.map((t) => t.name)).toEqual([
      "listing",
      "plan",
      "state",
      "share-link",
      "descriptor",
    ]);
    expect(targets.every((t) => t.seeds.length > 0)).toBe(true);
  });
  for (const target of targets) {
    it(`${target.name}: never throws, never over 100 ms, never a wrong exact value`, async () => {
      const report = await fuzzTarget(target, SHORT_RUN, 20261125);
      expect(report.failures).toEqual([]);
      expect(report.inputs).toBe(SHORT_RUN);
    });
  }
});

describe("the fuzzer itself", () => {
  it("catches a target that throws, one that is slow, and one that invents an exact value", async () => {
    const seeds = [{ name: "s", text: "a 1 b\n", exact: [{ startByte: "1", sizeBytes: "1" }] }];
    const throwing = await fuzzTarget(
      {
        name: "t",
        seeds,
        run: () => {
          throw new Error("boom");
        },
      },
      5,
      1,
    );
    expect(throwing.failures.map((f) => f.kind)).toContain("throw");
    const slow = await fuzzTarget(
      {
        name: "t",
        seeds,
        run: () => {
          const end = Date.now() + 120;
          while (Date.now() < end) {
            /* spin */
          }
        },
      },
      1,
      1,
    );
    expect(slow.failures.map((f) => f.kind)).toContain("slow");
    const inventing = await fuzzTarget(
      { name: "t", seeds, run: () => [{ startByte: "2", sizeBytes: "1" }] },
      20,
      1,
    );
    expect(inventing.failures.map((f) => f.kind)).toContain("wrong-exact");
  });

  it("numbersUntouched keeps every digit run", () => {
    const text = "Disk #0, Partition #1  125829120  64425558016\nName  NumberOfBlocks\n";
    const runs = (t: string) => (t.match(/[0-9]+/g) ?? []).sort();
    for (let s = 0; s < 500; s++) {
      expect(runs(numbersUntouched(new Rng(s), text))).toEqual(runs(text));
    }
  });
});
