import { describe, expect, it } from "vitest";
import {
  decodeSetAsideList,
  encodeSetAsideList,
  SET_ASIDE_LIMIT,
  withEntry,
  type SetAsideEntry,
} from "./setAsideList.ts";

const entry = (n: number): SetAsideEntry => ({
  at: 1_764_943_200_000 + n,
  name: `plan ${n}`,
  why: "Replaced by a shared plan",
  state: `{"n":${n}}`,
});

describe("set-aside list", () => {
  it("round-trips its entries, newest first", () => {
    const list = withEntry(withEntry([], entry(1)), entry(2));
    expect(list.map((e) => e.name)).toEqual(["plan 2", "plan 1"]);
    expect(decodeSetAsideList(encodeSetAsideList(list))).toEqual({ entries: list, problem: null });
  });

  it("keeps the last five and drops the oldest", () => {
    let list: SetAsideEntry[] = [];
    for (let n = 1; n <= 7; n++) list = withEntry(list, entry(n));
    expect(SET_ASIDE_LIMIT).toBe(5);
    expect(list.map((e) => e.name)).toEqual(["plan 7", "plan 6", "plan 5", "plan 4", "plan 3"]);
  });

  it("keeps one state once: setting it aside again moves it to the front", () => {
    const list = withEntry(withEntry(withEntry([], entry(1)), entry(2)), { ...entry(1), at: 9 });
    expect(list.map((e) => [e.name, e.at])).toEqual([
      ["plan 1", 9],
      ["plan 2", entry(2).at],
    ]);
  });

  it("nothing stored is an empty list", () => {
    expect(decodeSetAsideList(null)).toEqual({ entries: [], problem: null });
  });

  it("says what is wrong with hostile text, and keeps the well-formed entries", () => {
    expect(decodeSetAsideList("{").problem).toBe("The set-aside list is not valid JSON.");
    expect(decodeSetAsideList('{"format":"x","version":1}').problem).toMatch(/unknown format/);
    const mixed = JSON.stringify({
      format: "raw-disk-planner/set-aside",
      version: 1,
      entries: [entry(1), { at: "noon", name: 1 }, null, entry(2)],
    });
    const decoded = decodeSetAsideList(mixed);
    expect(decoded.entries.map((e) => e.name)).toEqual(["plan 1", "plan 2"]);
    expect(decoded.problem).toBe("2 set-aside entries were not well-formed and were left out.");
  });
});
