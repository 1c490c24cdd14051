import { createRoot, createSignal } from "solid-js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createShown } from "./shown.ts";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("createShown", () => {
  it("draws a whole page at once without `gradual`", () => {
    createRoot((dispose) => {
      const shown = createShown(() => 10, { page: 4 });
      expect(shown.indexes()).toEqual([0, 1, 2, 3]);
      expect(shown.showing()).toBe(4);
      dispose();
    });
  });

  it("with `gradual`, draws a big page a step per task, says the whole page from the start, and shows what must show at once", () => {
    // Effects run once the root is made: the list is driven from outside it.
    const t = createRoot((dispose) => {
      const [total, setTotal] = createSignal(0);
      const [must, setMust] = createSignal<number | null>(null);
      const shown = createShown(total, { page: 4, gradual: 1, reach: "alone", mustShow: must });
      return { shown, setTotal, setMust, dispose };
    });
    const { shown } = t;
    expect(shown.indexes()).toEqual([]);
    // A plan of 64 disks arrives: one panel now, the rest of the page one per task.
    t.setTotal(64);
    expect(shown.indexes()).toEqual([0]);
    expect(shown.showing()).toBe(4);
    t.setMust(2);
    expect(shown.indexes()).toEqual([0, 2]);
    t.setMust(null);
    // One task each (one timer each).
    vi.advanceTimersToNextTimer();
    expect(shown.indexes()).toEqual([0, 1]);
    vi.advanceTimersToNextTimer();
    expect(shown.indexes()).toEqual([0, 1, 2]);
    vi.advanceTimersToNextTimer();
    expect(shown.indexes()).toEqual([0, 1, 2, 3]);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10);
    expect(shown.indexes()).toEqual([0, 1, 2, 3]);
    // "Show more": the next page comes gradually too.
    shown.more();
    expect(shown.showing()).toBe(8);
    expect(shown.indexes()).toHaveLength(4);
    vi.advanceTimersByTime(10);
    expect(shown.indexes()).toHaveLength(8);
    // A smaller plan, then a big one again: gradual again from the smaller plan's count.
    t.setTotal(2);
    expect(shown.indexes()).toEqual([0, 1]);
    t.setTotal(64);
    expect(shown.indexes()).toHaveLength(2);
    vi.advanceTimersByTime(10);
    expect(shown.indexes()).toHaveLength(8);
    t.dispose();
  });

  it("draws what fits in one step at once: a real plan's few disks", () => {
    createRoot((dispose) => {
      const shown = createShown(() => 3, { page: 16, gradual: 4 });
      expect(shown.indexes()).toEqual([0, 1, 2]);
      dispose();
    });
  });
});
