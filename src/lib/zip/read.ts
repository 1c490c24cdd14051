/**
 * The plan.json inside a zip the app made ("Open plan…" takes the zip as well as the file).
 * zip.ts re-exports it, so it loads with the zip writer, on demand. A zip is hostile input:
 * plan.json is inflated through a stream that stops at the plan format's size limit, so a
 * small zip cannot unpack into gigabytes.
 *
 *   plan.zip ─ README.txt, plan.json ◄── this, as text; web/web.vmdk, … (ignored)
 */
import JSZip from "jszip";
import { PLAN_LIMITS } from "../plan/codec.ts";
import { PLAN_PATH } from "./files.ts";

/** Bytes of plan.json accepted: the plan format's character limit, as UTF-8 at worst. */
export const MAX_PLAN_BYTES = PLAN_LIMITS.textChars * 3;

/** jszip's streaming reader (public API since 3.0, missing from its .d.ts). */
interface StreamHelper {
  on(event: "data", callback: (chunk: Uint8Array) => void): StreamHelper;
  on(event: "end", callback: () => void): StreamHelper;
  on(event: "error", callback: (e: unknown) => void): StreamHelper;
  pause(): StreamHelper;
  resume(): StreamHelper;
}

export type PlanFromZip = { ok: true; text: string } | { ok: false; error: string };

export { looksLikeZip } from "./magic.ts";

/**
 * Reads plan.json out of a zip. Never throws.
 *
 * @example
 * const r = await planTextFromZip(bytes);
 * if (r.ok) loadPlan(r.text); else show(r.error); // "The zip has no plan.json: …"
 */
export async function planTextFromZip(data: Uint8Array): Promise<PlanFromZip> {
  try {
    let zip;
    try {
      zip = await JSZip.loadAsync(data);
    } catch (e) {
      return { ok: false, error: `The zip cannot be read (${describe(e)}).` };
    }
    const entry = zip.file(PLAN_PATH);
    if (!entry) {
      return {
        ok: false,
        error: `The zip has no ${PLAN_PATH}: zips made by Raw Disk Planner carry their plan there.`,
      };
    }
    const stream = (
      entry as unknown as { internalStream(type: "uint8array"): StreamHelper }
    ).internalStream("uint8array");
    const bytes = await new Promise<Uint8Array | string>((resolve) => {
      const chunks: Uint8Array[] = [];
      let total = 0;
      let settled = false;
      const settle = (value: Uint8Array | string) => {
        if (settled) return;
        settled = true;
        resolve(value);
      };
      stream
        .on("data", (chunk) => {
          if (settled) return;
          total += chunk.length;
          if (total > MAX_PLAN_BYTES) {
            stream.pause();
            settle(`${PLAN_PATH} in the zip is larger than ${MAX_PLAN_BYTES} bytes: refused.`);
            return;
          }
          chunks.push(chunk);
        })
        .on("error", (e) => settle(`${PLAN_PATH} in the zip is damaged (${describe(e)}).`))
        .on("end", () => {
          const out = new Uint8Array(total);
          let at = 0;
          for (const c of chunks) {
            out.set(c, at);
            at += c.length;
          }
          settle(out);
        })
        .resume();
    });
    if (typeof bytes === "string") return { ok: false, error: bytes };
    try {
      return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
    } catch {
      return { ok: false, error: `${PLAN_PATH} in the zip is not UTF-8 text.` };
    }
  } catch (e) {
    return { ok: false, error: `The zip cannot be read (${describe(e)}).` };
  }
}

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));
