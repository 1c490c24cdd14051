/**
 * The plan's JSON form (docs/plan-format.md): decimal strings for sector and byte counts.
 * Loading is hostile-input handling: field by field, with messages that name the field.
 *
 *   {
 *     "format": "raw-disk-planner/plan",   never changes
 *     "version": 1,                         see MIGRATIONS for how later versions load
 *     "name": "example",
 *     "disks": [{ "id": "d0", "device": "\\\\.\\PhysicalDrive0", "sizeBytes": null, … }],
 *     "vms": [{ "name": "web", "ranges": [{ "disk": "d0", "startSector": "125831168", … }] }]
 *   }
 *
 * The plan file, the share link and local storage all go through loadPlan: every value is
 * copied onto a fresh object built from known keys only (so `__proto__` and friends are never
 * copied), every problem is collected with its JSON path, and nothing throws.
 */
import { PLAN_FIELDS } from "./codecFields.ts";
import {
  PLAN_LIMITS,
  Reader,
  describe,
  own,
  readFields,
  writeFields,
  type Obj,
  type PlanIssue,
  type PlanLoadResult,
} from "./codecReader.ts";
import { PLAN_FORMAT, PLAN_VERSION, type Plan } from "./types.ts";

/**
 * Where JSON text first nests deeper than `limit` (objects and arrays, outside strings), or
 * null. One linear pass, so a deeply nested hostile input is refused before JSON.parse spends
 * time and stack on it.
 */
export function nestingDepthOver(text: string, limit: number): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return i;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return null;
}

/** Where `at` is in `text`, as "line L, column C" (both from 1). */
function lineAndColumn(text: string, at: number): string {
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  return `line ${line}, column ${at - before.lastIndexOf("\n")}`;
}

/**
 * The first key that valid JSON text gives twice in one object, with its JSON path and where
 * the second one is, or null. JSON.parse keeps the last value, other readers the first, and a
 * person reading the file sees the first: such a plan means different things to each. One
 * linear pass; keys spelt with escapes (`"n\u0061me"`) count as the key they spell.
 */
export function repeatedKey(text: string): PlanIssue | null {
  type Frame = { keys: Set<string>; key: string } | { index: number };
  const stack: Frame[] = [];
  const pathTo = (key: string): string => {
    let path = "";
    for (let f = 0; f < stack.length - 1; f++) {
      const frame = stack[f] as Frame;
      path =
        "keys" in frame
          ? path === ""
            ? frame.key
            : `${path}.${frame.key}`
          : `${path}[${frame.index}]`;
    }
    return path === "" ? key : `${path}.${key}`;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // The closing quote: the next one not escaped (JSON.parse accepted the text).
      let j = text.indexOf('"', i + 1);
      for (;;) {
        if (j < 0) return null;
        let slashes = 0;
        while (text.charCodeAt(j - 1 - slashes) === 0x5c) slashes++;
        if (slashes % 2 === 0) break;
        j = text.indexOf('"', j + 1);
      }
      let k = j + 1;
      // JSON's white space: space, tab, line feed, carriage return.
      for (let w = text.charCodeAt(k); w === 0x20 || w === 0x09 || w === 0x0a || w === 0x0d;) {
        w = text.charCodeAt(++k);
      }
      const top = stack[stack.length - 1];
      if (text.charCodeAt(k) === 0x3a && top !== undefined && "keys" in top) {
        const raw = text.slice(i, j + 1);
        const key = raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        if (top.keys.has(key)) {
          return {
            path: pathTo(key),
            message: `is given twice in one object (again at ${lineAndColumn(text, i)}): JSON readers disagree on which value counts, so each key may be given once`,
          };
        }
        top.keys.add(key);
        top.key = key;
      }
      i = j;
    } else if (c === 0x7b) {
      stack.push({ keys: new Set(), key: "" });
    } else if (c === 0x5b) {
      stack.push({ index: 0 });
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
    } else if (c === 0x2c) {
      const top = stack[stack.length - 1];
      if (top !== undefined && "index" in top) top.index++;
    }
  }
  return null;
}

/**
 * Upgrades from older format versions: MIGRATIONS[n] turns a parsed version-n document into
 * a version-(n + 1) one. Version 1 is the first, so there are none yet. When version 2 comes,
 * add MIGRATIONS[1], bump PLAN_VERSION, and keep every old entry forever.
 */
export const MIGRATIONS: Readonly<
  Record<number, (doc: Record<string, unknown>) => Record<string, unknown>>
> = {};

/**
 * Brings a parsed document of version `from` up to `target` through `table` (MIGRATIONS by
 * default), one version at a time.
 *
 * @example migrateDocument({ version: 1 }, 1) // { ok: true, doc: { version: 1 } } (nothing to do yet)
 */
export function migrateDocument(
  doc: Record<string, unknown>,
  from: number,
  table: Readonly<
    Record<number, (doc: Record<string, unknown>) => Record<string, unknown>>
  > = MIGRATIONS,
  target: number = PLAN_VERSION,
): { ok: true; doc: Record<string, unknown> } | { ok: false; issue: PlanIssue } {
  let current = doc;
  for (let v = from; v < target; v++) {
    const step = Object.prototype.hasOwnProperty.call(table, v) ? table[v] : undefined;
    if (!step) {
      return {
        ok: false,
        issue: {
          path: "version",
          message: `is ${from}, which this version of Raw Disk Planner cannot upgrade (no migration from version ${v})`,
        },
      };
    }
    current = step(current);
  }
  return { ok: true, doc: current };
}

/**
 * A JSON.parse error as an issue with line and column: V8 says "at position 12", Firefox
 * "at line 1 column 13"; engines that give no position get the message alone.
 *
 * @example jsonErrorIssue("{,}", new SyntaxError("Unexpected token ',' in JSON at position 1"))
 * // { path: "", message: "The plan is not valid JSON at line 1, column 2 (character 2): Unexpected token ','." }
 */
export function jsonErrorIssue(text: string, error: unknown): PlanIssue {
  const raw = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(raw);
  let where = "";
  if (position?.[1] !== undefined) {
    const at = Math.min(Number(position[1]), text.length);
    const before = text.slice(0, at);
    const line = before.split("\n").length;
    const column = at - before.lastIndexOf("\n");
    where = ` at line ${line}, column ${column} (character ${at + 1})`;
  } else {
    const lc = /line (\d+) column (\d+)/.exec(raw);
    if (lc) where = ` at line ${lc[1]}, column ${lc[2]}`;
  }
  const reason = raw
    .replace(/\s*(in JSON )?at position \d+.*$/s, "")
    .replace(/\s*at line \d+ column \d+.*$/s, "")
    .replace(/^JSON\.parse: /, "");
  return { path: "", message: `The plan is not valid JSON${where}: ${reason}.` };
}

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Paths of `__proto__`, `constructor` and `prototype` keys anywhere in a parsed document (at
 * most 20). The path is written out only for a key found: a big plan has tens of thousands of
 * objects, and a path string for each of them cost more than the walk itself.
 */
function forbiddenKeys(doc: unknown): PlanIssue[] {
  const out: PlanIssue[] = [];
  const at: (string | number)[] = [];
  const pathOf = (key: string) =>
    [...at, key].reduce<string>(
      (path, step) =>
        typeof step === "number" ? `${path}[${step}]` : path === "" ? step : `${path}.${step}`,
      "",
    );
  const walk = (value: unknown, depth: number): void => {
    if (depth > PLAN_LIMITS.nesting || out.length >= 20) return;
    if (typeof value !== "object" || value === null) return;
    if (Array.isArray(value)) {
      const items: unknown[] = value;
      for (let i = 0; i < items.length; i++) {
        at.push(i);
        walk(items[i], depth + 1);
        at.pop();
      }
      return;
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) {
        out.push({
          path: pathOf(key),
          message: "is not allowed: no plan has this key, so this one was crafted",
        });
      } else {
        at.push(key);
        walk((value as Record<string, unknown>)[key], depth + 1);
        at.pop();
      }
    }
  };
  walk(doc, 0);
  return out;
}

function readPlan(value: unknown): PlanLoadResult {
  const r = new Reader();
  const root = r.object(value, "");
  if (!root) return { ok: false, issues: r.issues };

  const format = own(root, "format");
  if (format !== PLAN_FORMAT) {
    const message =
      format === undefined
        ? `is missing: this is not a Raw Disk Planner plan (expected "format": "${PLAN_FORMAT}")`
        : `must be "${PLAN_FORMAT}", not ${describe(format)}: this is not a Raw Disk Planner plan`;
    return { ok: false, issues: [{ path: "format", message }] };
  }
  let doc: Obj = root;
  const version = own(doc, "version");
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    return {
      ok: false,
      issues: [
        {
          path: "version",
          message: `must be a whole number from 1 up, not ${version === undefined ? "missing" : describe(version)}`,
        },
      ],
    };
  }
  if (version > PLAN_VERSION) {
    return {
      ok: false,
      issues: [
        {
          path: "version",
          message: `is ${version}: this plan was made by a newer version of Raw Disk Planner (this one reads version ${PLAN_VERSION}). Open it with the newer version.`,
        },
      ],
    };
  }
  const migrated = migrateDocument(doc, version);
  if (!migrated.ok) return { ok: false, issues: [migrated.issue] };
  doc = migrated.doc;

  // Known keys are read one by one, so these could never reach a plan; but no plan this app
  // writes has them, so a document that does was crafted, and the user should hear so.
  const forbidden = forbiddenKeys(doc);
  if (forbidden.length > 0) return { ok: false, issues: forbidden };

  // Every field, in the documented order; a document with any issue at all (a repeated disk
  // id is one, though each disk reads fine) is refused.
  const plan = readFields(r, doc, "", PLAN_FIELDS, { diskIds: null });
  if (r.issues.length > 0 || plan === undefined) return { ok: false, issues: r.issues };
  return { ok: true, plan };
}

/**
 * Parses and validates plan JSON text (or an already parsed value). Never throws: every
 * problem comes back as an issue naming its JSON path.
 *
 * @example loadPlan('{"format":"raw-disk-planner/plan","version":2}')
 * // { ok: false, issues: [{ path: "version", message: "is 2: this plan was made by a newer version of Raw Disk Planner …" }] }
 */
export function loadPlan(input: string | unknown): PlanLoadResult {
  try {
    let value: unknown = input;
    if (typeof input === "string") {
      if (input.length > PLAN_LIMITS.textChars) {
        return {
          ok: false,
          issues: [
            {
              path: "",
              message: `The plan is ${input.length} characters long; at most ${PLAN_LIMITS.textChars} (2 MiB) are accepted.`,
            },
          ],
        };
      }
      const depth = nestingDepthOver(input, PLAN_LIMITS.nesting);
      if (depth !== null) {
        return {
          ok: false,
          issues: [
            {
              path: "",
              message: `The plan nests objects or arrays more than ${PLAN_LIMITS.nesting} deep (at character ${depth + 1}); a plan never nests more than 6.`,
            },
          ],
        };
      }
      try {
        value = JSON.parse(input);
      } catch (e) {
        return { ok: false, issues: [jsonErrorIssue(input, e)] };
      }
      const repeated = repeatedKey(input);
      if (repeated) return { ok: false, issues: [repeated] };
    }
    return readPlan(value);
  } catch (e) {
    // A getter or proxy in a parsed value may throw; so may a bug here. Never the caller's problem.
    return {
      ok: false,
      issues: [
        {
          path: "",
          message: `The plan could not be read: ${e instanceof Error ? e.message : String(e)}.`,
        },
      ],
    };
  }
}

/**
 * The canonical JSON text of a plan (2-space indent, trailing newline, keys in the documented
 * order, optional keys only when set, bigints as decimal strings): the same plan always gives
 * the same bytes.
 *
 * @example planToJson(emptyPlan("x"))
 * // '{\n  "format": "raw-disk-planner/plan",\n  "version": 1,\n  "name": "x",\n  "disks": [],\n  "vms": []\n}\n'
 */
export function planToJson(plan: Plan): string {
  return `${JSON.stringify(planToObject(plan), null, 2)}\n`;
}

/** The plan as plain JSON values (what planToJson writes, before it is turned into text). */
export function planToObject(plan: Plan): unknown {
  return writeFields(plan, PLAN_FIELDS);
}

/** Compact texts of plans, known because they were written elsewhere (`rememberCompactJson`). */
const knownCompactJson = new WeakMap<Plan, string>();

/**
 * Records the compact JSON text of `plan`, `JSON.stringify(planToObject(plan))`, written by this
 * same code in another place (a worker that read the plan): `planToCompactJson` then need not
 * write a big plan out again. Plans are never changed in place, so the text stays true.
 */
export function rememberCompactJson(plan: Plan, text: string): void {
  knownCompactJson.set(plan, text);
}

/** `JSON.stringify(planToObject(plan))`, or the same text as remembered for this plan object. */
export function planToCompactJson(plan: Plan): string {
  return knownCompactJson.get(plan) ?? JSON.stringify(planToObject(plan));
}

export { PLAN_LIMITS, type PlanIssue, type PlanLoadResult } from "./codecReader.ts";
