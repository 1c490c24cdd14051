import { describe, expect, it } from "vitest";
import { loadPlan, PLAN_LIMITS, planToJson } from "./codec.ts";
import { randomPlan } from "./generate.testkit.ts";
import { workedExamplePlan } from "./example.testkit.ts";
import { emptyPlan } from "./types.ts";
import { docsFile, issues, loaded, validDoc, withField } from "./codec.testkit.ts";

describe("field by field", () => {
  it.each<[string, unknown, string]>([
    ["name", 7, "must be a string, not the number 7"],
    ["name", undefined, "is missing (a string is required)"],
    ["name", "x".repeat(256), "is 256 characters long; at most 255 are allowed"],
    ["disks", {}, "must be an array, not an object"],
    ["disks[0].device", "/".repeat(1025), "is 1025 characters long; at most 1024 are allowed"],
    ["disks[0].logicalSectorSize", 1024, "must be one of 512, 4096, not the number 1024"],
    ["disks[0].logicalSectorSize", "512", 'must be one of 512, 4096, not the string "512"'],
    [
      "disks[0].sizeBytes",
      240057409536,
      'must be a decimal string such as "240057409536", not a JSON number (JSON numbers lose precision past 2^53)',
    ],
    ["disks[0].tableType", "mbr", 'must be one of "dos", "gpt", not the string "mbr"'],
    ["disks[0].exactConfirmed", "yes", 'must be true or false, not the string "yes"'],
    ["disks[0].partitions[1].number", -1, "must be between 0 and 2147483647, not -1"],
    ["disks[0].partitions[1].number", 1.5, "must be a whole number, not the number 1.5"],
    [
      "disks[0].partitions[1].label",
      "l".repeat(256),
      "is 256 characters long; at most 255 are allowed",
    ],
    [
      "disks[0].partitions[1].startByte",
      "-1",
      'must be digits only (no sign, spaces, separators or exponent), not the string "-1"',
    ],
    [
      "disks[0].partitions[1].startByte",
      "1e9",
      'must be digits only (no sign, spaces, separators or exponent), not the string "1e9"',
    ],
    [
      "disks[0].partitions[1].startByte",
      " 1",
      'must be digits only (no sign, spaces, separators or exponent), not the string " 1"',
    ],
    [
      "disks[0].partitions[1].startByte",
      "",
      'must be digits only (no sign, spaces, separators or exponent), not the string ""',
    ],
    ["disks[0].partitions[1].sizeBytes", "1".repeat(21), "has 21 digits; at most 20 are allowed"],
    [
      "disks[0].partitions[1].sizeBytes",
      "9223372036854775808",
      "must be less than 2^63 (9223372036854775808), not 9223372036854775808",
    ],
    ["disks[0].partitions[1].type", 83, "must be a string, not the number 83"],
    ["disks[0].partitions[1].exact", 0, "must be true or false, not the number 0"],
    [
      "vms[0].adapterType",
      "scsi",
      'must be one of "ide", "buslogic", "lsilogic", not the string "scsi"',
    ],
    [
      "vms[0].uuid",
      "3F6C1E0A-5B2D-4C8E-9A71-0D4E8B2F6A13",
      'must be null or a lowercase UUID like "0b5a1e4c-8d3f-4f6a-9c2e-1d7b3a5e9f01", not the string "3F6C1E0A-5B2D-4C8E-9A71-0D4E8B2F6A13"',
    ],
    [
      "vms[0].uuid",
      "{3f6c1e0a-5b2d-4c8e-9a71-0d4e8b2f6a13}",
      'must be null or a lowercase UUID like "0b5a1e4c-8d3f-4f6a-9c2e-1d7b3a5e9f01", not the string "{3f6c1e0a-5b2d-4c8e-9a71-0d4e8b2f6a13}"',
    ],
    ["vms[0].uuid", undefined, "is missing (a string is required)"],
    ["vms[0].color", 256, "must be between 0 and 255, not 256"],
    ["vms[0].head", "Raw_Sectors_1MiB", 'must be an object, not the string "Raw_Sectors_1MiB"'],
    ["vms[0].head.sectors", 2097153, "must be between 0 and 2097152, not 2097153"],
    ["vms[0].head.sectors", "2048", 'must be a whole number, not the string "2048"'],
    ["vms[0].head.file", null, "must be a string, not null"],
    ["vms[1].ranges[0].disk", "d1", 'refers to disk "d1", which is not in "disks"'],
    [
      "vms[1].ranges[0].startSector",
      188745728,
      expect.stringMatching(/not a JSON number/) as unknown as string,
    ],
    ["vms[1].ranges[0].sectors", null, "must be a decimal string, not null"],
    [
      "vms[1].ranges[0].access",
      "NOACCESS",
      'must be one of "RW", "RDONLY", not the string "NOACCESS"',
    ],
    ["vms[1].ranges[0].access", "rw", 'must be one of "RW", "RDONLY", not the string "rw"'],
    ["vms[1].ranges[0]", [], "must be an object, not an array"],
  ])("%s = %j", (path, value, message) => {
    expect(issues(withField(path, value))).toEqual([{ path, message }]);
  });

  it("names the item of an array that is wrong", () => {
    expect(issues(withField("disks[0].partitions[1].flags", ["boot", 1]))).toEqual([
      { path: "disks[0].partitions[1].flags[1]", message: "must be a string, not the number 1" },
    ]);
  });

  it.each(["", "d 0", "d/0", "x".repeat(65)])(
    "refuses disk id %j, and so the ranges that use it",
    (id) => {
      const message =
        id.length > 64
          ? "is 65 characters long; at most 64 are allowed"
          : `must be 1 to 64 letters, digits, ".", "_" or "-", not the string ${JSON.stringify(id)}`;
      expect(issues(withField("disks[0].id", id))).toEqual([
        { path: "disks[0].id", message },
        { path: "vms[0].ranges[0].disk", message: 'refers to disk "d0", which is not in "disks"' },
        { path: "vms[1].ranges[0].disk", message: 'refers to disk "d0", which is not in "disks"' },
      ]);
    },
  );

  it("accepts the largest values the format allows and optional fields left out", () => {
    let doc = withField("vms[1].ranges[0].startSector", "9223372036854775807");
    const plan = loaded(doc);
    expect(plan.vms[1]?.ranges[0]?.startSector).toBe(2n ** 63n - 1n);
    doc = withField("vms[0].color", undefined);
    expect(loaded(doc).vms[0]).not.toHaveProperty("color");
    expect(
      loaded(withField("disks[0].partitions[0].number", null)).disks[0]?.partitions[0]?.number,
    ).toBeNull();
    expect(loaded(withField("disks[0].sizeBytes", "00240057409536")).disks[0]?.sizeBytes).toBe(
      240057409536n,
    );
  });

  it("reports every issue, not just the first, each with its path", () => {
    const doc = validDoc() as { vms: Record<string, unknown>[]; disks: Record<string, unknown>[] };
    (doc.vms[0] as Record<string, unknown>).name = 1;
    (doc.vms[1] as Record<string, unknown>).ranges = [
      { disk: "dx", startSector: "-5", sectors: "1" },
    ];
    (doc.disks[0] as Record<string, unknown>).logicalSectorSize = 520;
    expect(issues(doc)).toEqual([
      {
        path: "disks[0].logicalSectorSize",
        message: "must be one of 512, 4096, not the number 520",
      },
      { path: "vms[0].name", message: "must be a string, not the number 1" },
      { path: "vms[1].ranges[0].disk", message: 'refers to disk "dx", which is not in "disks"' },
      {
        path: "vms[1].ranges[0].startSector",
        message:
          'must be digits only (no sign, spaces, separators or exponent), not the string "-5"',
      },
      { path: "vms[1].ranges[0].access", message: 'must be one of "RW", "RDONLY", not missing' },
    ]);
  });

  it("refuses duplicate disk ids (ranges could not say which disk they mean)", () => {
    const doc = validDoc() as { disks: unknown[] };
    doc.disks.push(doc.disks[0]);
    expect(issues(doc)).toEqual([
      { path: "disks[1].id", message: '"d0" is already the id of another disk' },
    ]);
  });

  it.each<[string, number, number]>([
    ["disks", PLAN_LIMITS.disks, 64],
    ["vms", PLAN_LIMITS.vms, 256],
    ["disks[0].partitions", PLAN_LIMITS.partitionsPerDisk, 256],
    ["vms[0].ranges", PLAN_LIMITS.rangesPerVm, 4096],
    ["disks[0].partitions[0].flags", PLAN_LIMITS.flagsPerPartition, 32],
  ])("bounds %s to %i items", (path, limit, documented) => {
    expect(limit).toBe(documented);
    const keys = path.split(/\.|\[|\]/).filter((k) => k !== "");
    let target: Record<string, unknown> = validDoc();
    const doc = target;
    for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
    const last = keys[keys.length - 1] as string;
    const original = (target[last] as unknown[] | undefined)?.[0];
    const item = path.endsWith("flags") ? "boot" : original;
    target[last] = Array.from({ length: limit }, () => item);
    if (path === "disks") {
      target[last] = Array.from({ length: limit }, (_, i) => ({
        ...(item as object),
        id: `d${i}`,
      }));
    }
    expect(loadPlan(doc).ok).toBe(true);
    (target[last] as unknown[]).push(item);
    expect(issues(doc)).toEqual([
      { path, message: `has ${limit + 1} items; at most ${limit} are allowed` },
    ]);
  });
});

describe("hostile input", () => {
  it("refuses __proto__, constructor and prototype keys by path, and never pollutes Object.prototype", () => {
    const text = planToJson(workedExamplePlan())
      .replace(
        '"name": "example",',
        '"name": "example", "__proto__": { "polluted": true }, "constructor": { "prototype": { "polluted": true } },',
      )
      .replace('"id": "d0",', '"id": "d0", "__proto__": { "isAdmin": true }, "prototype": 1,');
    expect(issues(text)).toEqual([
      {
        path: "__proto__",
        message: "is not allowed: no plan has this key, so this one was crafted",
      },
      {
        path: "constructor",
        message: "is not allowed: no plan has this key, so this one was crafted",
      },
      {
        path: "disks[0].__proto__",
        message: "is not allowed: no plan has this key, so this one was crafted",
      },
      {
        path: "disks[0].prototype",
        message: "is not allowed: no plan has this key, so this one was crafted",
      },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it("builds plans from known keys only: the result has the plain prototype and no extra keys", () => {
    const text = planToJson(workedExamplePlan()).replace(
      '"id": "d0",',
      '"id": "d0", "extra": { "isAdmin": true },',
    );
    const plan = loaded(text);
    expect(Object.getPrototypeOf(plan)).toBe(Object.prototype);
    expect(Object.keys(plan)).toEqual(["format", "version", "name", "disks", "vms"]);
    expect(Object.keys(plan.disks[0] ?? {})).toEqual([
      "id",
      "device",
      "logicalSectorSize",
      "sizeBytes",
      "partitions",
    ]);
  });

  it("ignores unknown keys", () => {
    const doc = withField("vms[0].comment", "hello");
    doc.extra = [1, 2, 3];
    expect(loaded(doc)).toStrictEqual(loaded(validDoc()));
  });

  it("reads only own properties: inherited fields count as missing", () => {
    const proto = { name: "inherited" };
    const doc = Object.assign(Object.create(proto) as Record<string, unknown>, validDoc());
    delete doc.name;
    expect(issues(doc)).toEqual([{ path: "name", message: "is missing (a string is required)" }]);
  });

  it("never throws, even on values whose getters or proxies throw", () => {
    const doc = validDoc();
    Object.defineProperty(doc, "name", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    expect(issues(doc)).toEqual([{ path: "", message: "The plan could not be read: boom." }]);
    const trap = new Proxy(
      {},
      {
        getOwnPropertyDescriptor() {
          throw new Error("trap");
        },
      },
    );
    expect(issues(trap)).toEqual([{ path: "", message: "The plan could not be read: trap." }]);
  });

  it("refuses nesting deeper than a plan ever has, quickly and without parsing", () => {
    const deep = `{"a":`.repeat(300_000) + "1" + "}".repeat(300_000);
    // The message comes from the linear pre-scan (JSON.parse would fail differently or not
    // at all); its time is held to the fuzzer's 100 ms per input, not here, where a busy
    // machine would make a tight bound flaky.
    expect(issues(deep)).toEqual([
      {
        path: "",
        message:
          "The plan nests objects or arrays more than 32 deep (at character 161); a plan never nests more than 6.",
      },
    ]);
    // Brackets inside strings are text, not nesting.
    const bracketsInName = planToJson({ ...emptyPlan(), name: "[".repeat(100) + "{".repeat(100) });
    expect(loadPlan(bracketsInName).ok).toBe(true);
  });

  it("survives deeply nested and odd JSON", () => {
    const deep = `${"[".repeat(100000)}${"]".repeat(100000)}`;
    expect(loadPlan(deep).ok).toBe(false);
    expect(loadPlan("\uFEFF{}").ok).toBe(false);
    expect(loadPlan(undefined).ok).toBe(false);
    expect(loadPlan(42).ok).toBe(false);
    expect(loadPlan(() => 1).ok).toBe(false);
  });

  it("property: random corruption of a valid plan never throws and is reported with a path", () => {
    const junk: unknown[] = [
      null,
      -1,
      1.5,
      "",
      "x",
      "-1",
      "1e3",
      [],
      {},
      true,
      "9".repeat(30),
      2 ** 53 + 1,
    ];
    for (let seed = 0; seed < 300; seed++) {
      const plan = randomPlan(seed);
      const doc = JSON.parse(planToJson(plan)) as unknown;
      // Collect every path to a leaf or object, then break one.
      const paths: (string | number)[][] = [];
      const walk = (v: unknown, at: (string | number)[]): void => {
        paths.push(at);
        if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...at, i]));
        else if (typeof v === "object" && v !== null)
          Object.entries(v).forEach(([k, x]) => walk(x, [...at, k]));
      };
      walk(doc, []);
      const path = paths[(seed * 7919) % paths.length] ?? [];
      if (path.length === 0) continue;
      let target = doc as Record<string | number, unknown>;
      for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
      const last = path[path.length - 1] as string | number;
      target[last] = junk[seed % junk.length];
      const result = loadPlan(doc);
      if (!result.ok) {
        for (const issue of result.issues) expect(typeof issue.message).toBe("string");
        expect(result.issues.length).toBeGreaterThan(0);
      }
    }
  });
});

describe("a key given twice in one object", () => {
  const text = docsFile("plan-example.json");

  it("is refused, naming the key and where it is: readers disagree on which value counts", () => {
    // JavaScript keeps the last value, some readers the first, and a person reading the file
    // sees the first: "startSector" twice could mean two different extents.
    const twice = text.replace(
      '"startSector": "125831168"',
      '"startSector": "0",\n          "startSector": "125831168"',
    );
    const result = loadPlan(twice);
    expect(result.ok).toBe(false);
    const [issue] = result.ok ? [] : result.issues;
    expect(issue?.path).toBe("vms[0].ranges[0].startSector");
    expect(issue?.message).toMatch(
      /^is given twice in one object \(again at line \d+, column \d+\): JSON readers disagree on which value counts/,
    );
  });

  it("counts escapes as the key they spell, and keys of other objects apart", () => {
    const escaped = text.replace('"name": "worked-example"', '"name": "x", "n\\u0061me": "y"');
    expect(loadPlan(escaped).ok).toBe(false);
    expect(issues(escaped)[0]?.path).toBe("name");
    // The same key in two objects, and a key's text inside a string value, are fine.
    expect(loadPlan(text).ok).toBe(true);
    expect(loadPlan(text.replace('"worked-example"', '"\\"name\\": \\"x\\""')).ok).toBe(true);
  });
});
