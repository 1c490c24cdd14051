import { describe, expect, it } from "vitest";
import {
  acrossBatches,
  median,
  repeatOverFirst,
  summarise,
  type Samples,
  type StartupReport,
  type StartupTimes,
} from "./startupStats.ts";

/** One load that was ready (and first painted) at `ready` ms. */
const load = (ready: number): StartupTimes => ({
  visible: ready,
  ready,
  firstPaint: ready,
  htmlReceived: 8,
  scriptReceived: Number.NaN,
  marked: 40,
  layoutShift: 0,
});

/** A batch in which the app was ready at these times, the baseline at 100 ms. */
const batch = (firstMs: number, repeatMs: number): StartupReport => {
  const samples: Samples = {
    first: { app: [load(firstMs)], baseline: [load(100)] },
    repeat: { app: [load(repeatMs)], baseline: [load(100)] },
  };
  return summarise(samples, 1);
};

describe("start-up benchmark arithmetic", () => {
  it("takes medians of odd and even counts, and NaN of none", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it("divides the app's median ready time by the baseline's", () => {
    const samples: Samples = {
      first: { app: [load(120), load(140), load(130)], baseline: [load(100), load(90), load(110)] },
      repeat: { app: [load(90), load(80)], baseline: [load(60), load(100)] },
    };
    const report = summarise(samples, 3);
    expect(report.ratio.first).toBeCloseTo(1.3, 10);
    expect(report.ratio.repeat).toBeCloseTo(85 / 80, 10);
    expect(report.medians.first.app.scriptReceived).toBeNaN();
    // The app against itself: its repeat visit's median (85) ÷ its first visit's (130).
    expect(report.appRepeatOverFirst).toBeCloseTo(85 / 130, 10);
  });

  it("sums the app's repeat ÷ first visit up over batches", () => {
    expect(repeatOverFirst([batch(100, 90), batch(100, 120), batch(100, 100)])).toEqual({
      median: 1,
      lowest: 0.9,
      highest: 1.2,
    });
  });

  it("sums batches up against the goal: median, range, and how many were over 1.3", () => {
    const spread = acrossBatches([batch(110, 129), batch(133, 120), batch(105, 131)]);
    expect(spread.first).toEqual({
      batches: 3,
      median: 1.1,
      lowest: 1.05,
      highest: 1.33,
      overGoal: 1,
    });
    expect(spread.repeat.median).toBe(1.29);
    expect(spread.repeat.overGoal).toBe(1);
    // A batch at exactly the goal is within it.
    expect(acrossBatches([batch(130, 130)]).first.overGoal).toBe(0);
  });
});
