/**
 * Reading a plan that comes from outside — a plan file's text or a share link — off the page
 * when it is big (docs/big-plans.md): a plan at the format's limits is 1.6 MB of JSON, and
 * validating it and writing it out again to compare took the page a few hundred milliseconds
 * in one piece. The worker (`planReadWorker.ts`) runs the same `loadPlan` and
 * `decodeShareFragment` as the page; the plan comes back by structured clone, which carries its
 * bigints exactly, with its JSON as `planToJson` writes it and as autosave stores it.
 *
 * Small inputs, and every input where no worker runs (the single-file build, a worker that
 * fails to start or stops), are read on the page, with the same result.
 */
import { loadPlan, planToObject, rememberCompactJson } from "../lib/plan/codec.ts";
import type { PlanIssue } from "../lib/plan/codecReader.ts";
import type { Plan } from "../lib/plan/types.ts";
import { decodeShareFragment } from "../lib/share/link.ts";
import { startModuleWorker, type SpawnWorker } from "./moduleWorker.ts";

/** Plan text from this many characters on is read in the worker (real plans: a few KB). */
export const READ_TEXT_IN_WORKER_FROM = 256 * 1024;
/** Share links from this many characters on are read in the worker (real links: under 2,000). */
export const READ_LINK_IN_WORKER_FROM = 8 * 1024;

export type ReadRequest =
  { id: number; kind: "text"; text: string } | { id: number; kind: "link"; fragment: string };

/**
 * A plan read, with its JSON as `planToJson` writes it and its compact text (see
 * `rememberCompactJson`); or why it cannot be (`error` only for links, as they say it).
 */
export type ReadResult =
  | { ok: true; plan: Plan; json: string; compact: string }
  | { ok: false; error: string; issues: PlanIssue[] };

/** The plan with both its texts, written out once. */
function withTexts(plan: Plan): ReadResult {
  const object = planToObject(plan);
  return {
    ok: true,
    plan,
    json: `${JSON.stringify(object, null, 2)}\n`,
    compact: JSON.stringify(object),
  };
}

export interface ReadResponse {
  id: number;
  result: ReadResult;
}

export type SpawnReader = SpawnWorker<ReadRequest, ReadResponse>;

/** The work itself, wherever it runs: the page or the worker. */
export async function readHere(request: ReadRequest): Promise<ReadResult> {
  if (request.kind === "text") {
    const loaded = loadPlan(request.text);
    return loaded.ok ? withTexts(loaded.plan) : { ok: false, error: "", issues: loaded.issues };
  }
  const decoded = await decodeShareFragment(request.fragment);
  return decoded.ok
    ? withTexts(decoded.plan)
    : { ok: false, error: decoded.error, issues: decoded.issues };
}

/**
 * src/app/planReadWorker.ts in a module worker; none in the single-file build (file:// pages).
 * The build mode is tested here, where the worker is named, and not in startModuleWorker: only
 * so does the single-file build leave the worker's file out (it must load no file at all).
 */
export const spawnReadWorker: SpawnReader = (onResult, onFailure) =>
  import.meta.env.MODE === "single"
    ? null
    : startModuleWorker(
        () => new Worker(new URL("./planReadWorker.ts", import.meta.url), { type: "module" }),
        onResult,
        onFailure,
      );

const isBig = (request: ReadRequest) =>
  request.kind === "text"
    ? request.text.length >= READ_TEXT_IN_WORKER_FROM
    : request.fragment.length >= READ_LINK_IN_WORKER_FROM;

let lastId = 0;

/**
 * Reads plan text or a share link: a big one in a worker of its own (stopped once it answers),
 * anything else — or where the worker cannot start or fails — on the page. The plan's compact
 * text is remembered for it (autosave stores it without writing the plan out again).
 */
export async function readPlan(
  input: { kind: "text"; text: string } | { kind: "link"; fragment: string },
  spawn: SpawnReader = spawnReadWorker,
): Promise<ReadResult> {
  const result = await readSomewhere(input, spawn);
  if (result.ok) rememberCompactJson(result.plan, result.compact);
  return result;
}

function readSomewhere(
  input: { kind: "text"; text: string } | { kind: "link"; fragment: string },
  spawn: SpawnReader,
): Promise<ReadResult> {
  const request: ReadRequest = { ...input, id: ++lastId };
  if (!isBig(request)) return readHere(request);
  return new Promise<ReadResult>((resolve) => {
    let worker: ReturnType<SpawnReader> = null;
    let settled = false;
    const settle = (result: ReadResult | Promise<ReadResult>) => {
      if (settled) return;
      settled = true;
      worker?.stop();
      resolve(result);
    };
    worker = spawn(
      (response) => {
        if (response.id === request.id) settle(response.result);
      },
      () => settle(readHere(request)),
    );
    if (!worker) return settle(readHere(request));
    worker.post(request);
  });
}
