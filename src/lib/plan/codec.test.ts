import { describe, expect, it } from "vitest";
import {
  jsonErrorIssue,
  loadPlan,
  migrateDocument,
  PLAN_LIMITS,
  planToJson,
  type PlanIssue,
} from "./codec.ts";
import { emptyPlan, type Plan } from "./types.ts";
import { deepFreeze, randomPlan } from "./generate.testkit.ts";
import { workedExamplePlan } from "./example.testkit.ts";
import { guestDiskView } from "../guest/diskView.ts";
import { docsFile, issues, loaded } from "./codec.testkit.ts";

describe("round trip", () => {
  it("loadPlan(planToJson(p)) deep-equals p, and the text is canonical, for 1500 generated plans", () => {
    for (let seed = 0; seed < 1500; seed++) {
      const plan = deepFreeze(randomPlan(seed, { coherent: seed % 3 === 0 }));
      const text = planToJson(plan);
      const back = loadPlan(text);
      if (!back.ok) throw new Error(`seed ${seed}: ${JSON.stringify(back.issues)}`);
      expect(back.plan).toStrictEqual(plan);
      expect(planToJson(back.plan)).toBe(text);
      // An already parsed value loads the same.
      expect(loaded(JSON.parse(text))).toStrictEqual(plan);
    }
  });

  it("round-trips a large plan", () => {
    const plan = randomPlan(99, {
      maxDisks: 64,
      maxPartitions: 20,
      maxVms: 64,
      maxRanges: 30,
      fill: true,
    });
    const text = planToJson(plan);
    expect(text.length).toBeGreaterThan(100_000);
    expect(loaded(text)).toStrictEqual(plan);
  });

  it("writes the canonical text: stable key order, 2-space indent, trailing newline", () => {
    expect(planToJson(emptyPlan("x"))).toBe(
      '{\n  "format": "raw-disk-planner/plan",\n  "version": 1,\n  "name": "x",\n  "disks": [],\n  "vms": []\n}\n',
    );
    // Key order does not depend on the order the object was built in.
    const plan = workedExamplePlan();
    const shuffled = {
      vms: [],
      disks: plan.disks,
      name: plan.name,
      version: 1,
      format: plan.format,
    } as Plan;
    expect(planToJson(shuffled)).toBe(planToJson(plan));
  });
});

describe("the documented example", () => {
  it("docs/plan-example.json loads, is canonical, and is the worked example split between web and db", () => {
    const text = docsFile("plan-example.json");
    const plan = loaded(text);
    expect(planToJson(plan)).toBe(text);
    expect(
      plan.vms.map((v) => [v.name, v.uuid, v.ranges.map((r) => [r.startSector, r.sectors])]),
    ).toEqual([
      ["web", "3f6c1e0a-5b2d-4c8e-9a71-0d4e8b2f6a13", [[125831168n, 62914560n]]],
      ["db", "b81d4f2e-7c3a-4e95-8f06-2a9c5d1e7b48", [[188745728n, 62914560n]]],
    ]);
    expect(plan.vms.map((v) => guestDiskView(v, plan.disks)?.totalSectors)).toEqual([
      62916608n,
      62916608n,
    ]);
    expect(plan.disks).toStrictEqual(workedExamplePlan().disks);
  });

  it("docs/plan-format.md shows exactly docs/plan-example.json", () => {
    const doc = docsFile("plan-format.md");
    const marker = "<!-- plan-example.json -->\n```json\n";
    const start = doc.indexOf(marker);
    expect(start).toBeGreaterThan(-1);
    const body = doc.slice(start + marker.length);
    const block = body.slice(0, body.indexOf("```\n"));
    expect(block).toBe(docsFile("plan-example.json"));
  });
});

describe("refusing what is not a plan", () => {
  it("reports JSON syntax errors with the line and column", () => {
    const [issue, ...rest] = issues('{\n  "format": "raw-disk-planner/plan",\n  "version": 1,,\n}');
    expect(rest).toEqual([]);
    expect(issue?.path).toBe("");
    expect(issue?.message).toMatch(
      /^The plan is not valid JSON at line 3, column 16 \(character 55\): /,
    );
  });

  it("reads the position from V8's and Firefox's messages", () => {
    const text = '{\n  "a": 1 "b"\n}';
    expect(
      jsonErrorIssue(text, new SyntaxError("Unexpected string in JSON at position 11")),
    ).toEqual({
      path: "",
      message: "The plan is not valid JSON at line 2, column 10 (character 12): Unexpected string.",
    });
    expect(
      jsonErrorIssue(
        text,
        new SyntaxError(
          "JSON.parse: expected ',' or '}' after property value in object at line 2 column 10 of the JSON data",
        ),
      ),
    ).toEqual({
      path: "",
      message:
        "The plan is not valid JSON at line 2, column 10: expected ',' or '}' after property value in object.",
    });
    expect(jsonErrorIssue(text, new SyntaxError("JSON Parse error: Expected '}'"))).toEqual({
      path: "",
      message: "The plan is not valid JSON: JSON Parse error: Expected '}'.",
    });
  });

  it.each<[unknown, PlanIssue]>([
    [
      "",
      {
        path: "",
        message: expect.stringMatching(/^The plan is not valid JSON/) as unknown as string,
      },
    ],
    [null, { path: "", message: "must be an object, not null" }],
    [[], { path: "", message: "must be an object, not an array" }],
    ['"text"', { path: "", message: 'must be an object, not the string "text"' }],
    [
      {},
      {
        path: "format",
        message:
          'is missing: this is not a Raw Disk Planner plan (expected "format": "raw-disk-planner/plan")',
      },
    ],
    [
      { format: "other" },
      {
        path: "format",
        message:
          'must be "raw-disk-planner/plan", not the string "other": this is not a Raw Disk Planner plan',
      },
    ],
    [
      { format: "raw-disk-planner/plan", version: 2 },
      {
        path: "version",
        message:
          "is 2: this plan was made by a newer version of Raw Disk Planner (this one reads version 1). Open it with the newer version.",
      },
    ],
    [
      { format: "raw-disk-planner/plan", version: "1" },
      { path: "version", message: 'must be a whole number from 1 up, not the string "1"' },
    ],
    [
      { format: "raw-disk-planner/plan", version: 0 },
      { path: "version", message: "must be a whole number from 1 up, not the number 0" },
    ],
  ])("%j", (input, expected) => {
    expect(issues(input)).toEqual([expected]);
  });

  it("refuses more than 2 MiB of text before parsing it", () => {
    const text = `${planToJson(emptyPlan())}${" ".repeat(PLAN_LIMITS.textChars)}`;
    expect(issues(text)).toEqual([
      {
        path: "",
        message: `The plan is ${text.length} characters long; at most 2097152 (2 MiB) are accepted.`,
      },
    ]);
  });
});

describe("migrations", () => {
  it("upgrades a document one version at a time through the table", () => {
    const table = {
      1: (d: Record<string, unknown>) => ({ ...d, version: 2, steps: ["1→2"] }),
      2: (d: Record<string, unknown>) => ({
        ...d,
        version: 3,
        steps: [...((d.steps as string[] | undefined) ?? []), "2→3"],
      }),
    };
    expect(migrateDocument({ version: 1 }, 1, table, 3)).toEqual({
      ok: true,
      doc: { version: 3, steps: ["1→2", "2→3"] },
    });
    expect(migrateDocument({ version: 2 }, 2, table, 3)).toEqual({
      ok: true,
      doc: { version: 3, steps: ["2→3"] },
    });
    expect(migrateDocument({ version: 1 }, 1, { 2: table[2] }, 3)).toEqual({
      ok: false,
      issue: {
        path: "version",
        message:
          "is 1, which this version of Raw Disk Planner cannot upgrade (no migration from version 1)",
      },
    });
    expect(migrateDocument({ version: 1 }, 1)).toEqual({ ok: true, doc: { version: 1 } });
  });
});
