/**
 * Share links carry the whole plan in the URL fragment, which browsers never send to a server:
 *
 *   https://example.org/tools/raw-disk/#plan=1.<base64url(deflate-raw(plan JSON))>
 *                                       └──┬─┘ │
 *              public contract, never change ┘ └ version of this link encoding
 *
 * The plan JSON is the plan file's format (docs/plan-format.md), compacted. Decoding treats the
 * link as hostile: its length, the inflated size and then every field are bounded and checked.
 */
import { loadPlan, planToJson, type PlanIssue } from "../plan/codec.ts";
import type { Plan } from "../plan/types.ts";
import { decodeBase64Url, encodeBase64Url } from "./base64url.ts";

/** Never change: links in the wild start with it. */
export const SHARE_PREFIX = "#plan=";
/** The version of the link encoding (not of the plan format, which the JSON carries). */
export const LINK_ENCODING_VERSION = "1";
/** A fragment longer than this is refused before any work (about 75 KB compressed). */
export const MAX_FRAGMENT_CHARS = 100_000;
/** Inflating stops past this: a small link must not become a huge allocation. */
export const MAX_INFLATED_BYTES = 2 * 1024 * 1024;

export type ShareDecodeResult =
  { ok: true; plan: Plan } | { ok: false; error: string; issues: PlanIssue[] };

/** @example await encodeShareFragment(plan) // "#plan=1.q1YqSs3…" */
export async function encodeShareFragment(plan: Plan): Promise<string> {
  return packShareFragment(JSON.stringify(JSON.parse(planToJson(plan))));
}

/**
 * Packs any text as the body of a share link, exactly as a plan's JSON is packed. The fuzzer
 * uses it to send mutated plan text through the whole decoding path.
 */
export async function packShareFragment(text: string): Promise<string> {
  const deflated = await transform(
    new CompressionStream("deflate-raw"),
    new TextEncoder().encode(text),
    Infinity,
  );
  if (deflated === null || deflated === "too-large") throw new Error("compression failed");
  return `${SHARE_PREFIX}${LINK_ENCODING_VERSION}.${encodeBase64Url(deflated)}`;
}

/** True when the fragment (location.hash) is a share link, valid or not. */
export function isShareFragment(fragment: string): boolean {
  return fragment.startsWith(SHARE_PREFIX);
}

/** Decodes `#plan=…` (the whole location.hash). Never throws. */
export async function decodeShareFragment(fragment: string): Promise<ShareDecodeResult> {
  const fail = (error: string, issues: PlanIssue[] = []): ShareDecodeResult => ({
    ok: false,
    error,
    issues,
  });
  try {
    if (!isShareFragment(fragment))
      return fail("This link does not contain a plan (#plan=… is missing).");
    if (fragment.length > MAX_FRAGMENT_CHARS) {
      return fail(
        `The link is too long to be a plan (${fragment.length} characters; at most ${MAX_FRAGMENT_CHARS}).`,
      );
    }
    const body = fragment.slice(SHARE_PREFIX.length);
    const dot = body.indexOf(".");
    const version = dot < 0 ? "" : body.slice(0, dot);
    if (version !== LINK_ENCODING_VERSION) {
      return fail(
        /^[0-9]{1,4}$/.test(version)
          ? `The link was made by a newer version of Raw Disk Planner (link version ${version}; this page reads version ${LINK_ENCODING_VERSION}).`
          : "The link is damaged: it does not start with a version number (#plan=1.…).",
      );
    }
    const deflated = decodeBase64Url(body.slice(dot + 1));
    if (!deflated)
      return fail(
        "The link is damaged: it contains characters a plan link never has. Was it cut or edited?",
      );
    const inflated = await transform(
      new DecompressionStream("deflate-raw"),
      deflated,
      MAX_INFLATED_BYTES,
    );
    if (inflated === null)
      return fail("The link is damaged: its data does not decompress. Was it cut short?");
    if (inflated === "too-large") {
      return fail(
        `The link's plan is larger than ${MAX_INFLATED_BYTES} bytes once unpacked: refused.`,
      );
    }
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(inflated);
    } catch {
      return fail("The link is damaged: its plan is not valid text.");
    }
    const loaded = loadPlan(text);
    if (!loaded.ok) {
      return fail("The link's plan is not valid.", loaded.issues);
    }
    return { ok: true, plan: loaded.plan };
  } catch (e) {
    return fail(`The link could not be read (${e instanceof Error ? e.message : String(e)}).`);
  }
}

/** Pushes data through a (de)compression stream; null on a stream error. */
async function transform(
  stream: PlatformTransformStream,
  data: Uint8Array,
  limit: number,
): Promise<Uint8Array | null | "too-large"> {
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  // Writing and reading run together: a stream with backpressure would stall otherwise.
  const written = writer.write(new Uint8Array(data)).then(() => writer.close());
  written.catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!value) continue;
      total += value.length;
      if (total > limit) {
        await reader.cancel();
        await writer.abort().catch(() => undefined);
        return "too-large";
      }
      chunks.push(value);
    }
    await written;
  } catch {
    return null;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
