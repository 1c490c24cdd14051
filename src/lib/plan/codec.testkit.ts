/** For the codec tests: a valid document, one field changed, and what loadPlan says of it. */
import { readFileSync } from "node:fs";
import { loadPlan, type PlanIssue } from "./codec.ts";
import { type Plan } from "./types.ts";

export const docsFile = (name: string): string =>
  readFileSync(new URL(`../../../docs/${name}`, import.meta.url), "utf8");

export function issues(input: unknown): PlanIssue[] {
  const result = loadPlan(input);
  if (result.ok) throw new Error("expected the plan to be refused");
  return result.issues;
}

export function loaded(input: unknown): Plan {
  const result = loadPlan(input);
  if (!result.ok) throw new Error(`expected the plan to load: ${JSON.stringify(result.issues)}`);
  return result.plan;
}

/** A valid plan document as plain JSON values, to break one field at a time. */
export function validDoc(): Record<string, unknown> {
  return JSON.parse(docsFile("plan-example.json")) as Record<string, unknown>;
}

/** Sets the value at a path such as `vms[0].ranges[0].startSector` (undefined deletes it). */
export function withField(path: string, value: unknown): Record<string, unknown> {
  const doc = validDoc();
  const keys = path.split(/\.|\[|\]/).filter((k) => k !== "");
  let target = doc as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const last = keys[keys.length - 1] as string;
  if (value === undefined) Reflect.deleteProperty(target, last);
  else target[last] = value;
  return doc;
}
