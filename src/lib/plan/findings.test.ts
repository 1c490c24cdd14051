import { describe, expect, it } from "vitest";
import { omittedSentence, summariseFindings, type Finding } from "./findings.ts";

const finding = (code: string, n: number, severity: Finding["severity"] = "warning"): Finding => ({
  severity,
  code,
  message: `${code} ${n}`,
  targets: [{ vm: 0, range: n }],
});

describe("summariseFindings", () => {
  it("keeps the first few of each code in order and counts the rest", () => {
    const all = [
      ...Array.from({ length: 12 }, (_, i) => finding("not-aligned-1mib", i)),
      finding("overlap", 0, "error"),
      finding("host-partition", 0),
      ...Array.from({ length: 6 }, (_, i) => finding("partial-partition", i)),
    ];
    const { shown, omitted } = summariseFindings(all, 5);
    expect(shown.map((f) => f.message)).toEqual([
      ...[0, 1, 2, 3, 4].map((i) => `not-aligned-1mib ${i}`),
      "overlap 0",
      "host-partition 0",
      ...[0, 1, 2, 3, 4].map((i) => `partial-partition ${i}`),
    ]);
    expect(omitted).toEqual([
      { severity: "warning", code: "not-aligned-1mib", count: 7 },
      { severity: "warning", code: "partial-partition", count: 1 },
    ]);
  });

  it("leaves a short list alone", () => {
    const all = [finding("a", 0), finding("b", 0)];
    expect(summariseFindings(all)).toEqual({ shown: all, omitted: [] });
  });

  it("counts 26,000 findings of one code in one line", () => {
    const all = Array.from({ length: 26000 }, (_, i) => finding("not-aligned-1mib", i));
    const { shown, omitted } = summariseFindings(all);
    expect(shown).toHaveLength(5);
    expect(omitted.map(omittedSentence)).toEqual([
      '25995 more warnings like "not-aligned-1mib" above are not listed here.',
    ]);
    expect(omittedSentence({ severity: "error", code: "x", count: 1 })).toBe(
      '1 more error like "x" above is not listed here.',
    );
  });
});
