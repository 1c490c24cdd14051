/**
 * Packs a plan's files (files.ts) into a zip with jszip, byte-identical for the same plan:
 *
 *   README.txt, plan.json, web/, web/web.vmdk, web/Raw_Sectors_1MiB, db/, …   (this order)
 *   every entry dated 1980-01-01 12:00:00, DEFLATE level 9, DOS attributes, no comment
 *
 * jszip writes DOS times from the Date's UTC fields (getUTCHours, …), so a Date built with
 * Date.UTC gives the same bytes in every time zone. It would date folders it creates by itself
 * with the current time: folders are added explicitly instead. The UI loads this module on
 * demand (`await import("../lib/zip/zip.ts")`); importing it does nothing else.
 */
import JSZip from "jszip";
import { v4 as uuidV4 } from "uuid";
import type { Finding } from "../plan/findings.ts";
import type { Plan } from "../plan/types.ts";
import { planFiles, type ZipEntry } from "./files.ts";

// Reading the app's own zips back ("Open plan…") loads with the writer: one chunk, one jszip.
export { looksLikeZip, planTextFromZip, type PlanFromZip } from "./read.ts";

/** Never change: part of "the same plan gives the same bytes". Noon avoids 1979 in any zone. */
export const ZIP_ENTRY_DATE = new Date(Date.UTC(1980, 0, 1, 12, 0, 0));
export const DEFLATE_LEVEL = 9;

export interface BuildZipOptions {
  /** Defaults to the uuid package's v4. */
  newUuid?: () => string;
}

export type BuildZipResult =
  | { ok: true; plan: Plan; bytes: Uint8Array; findings: Finding[] }
  | { ok: false; findings: Finding[] };

/** The folders of the entries, each once, before its first file. */
function withFolders(files: readonly ZipEntry[]): { path: string; data: Uint8Array | null }[] {
  const encoder = new TextEncoder();
  const seen = new Set<string>();
  const out: { path: string; data: Uint8Array | null }[] = [];
  for (const file of files) {
    const parts = file.path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const folder = `${parts.slice(0, i).join("/")}/`;
      if (!seen.has(folder)) {
        seen.add(folder);
        out.push({ path: folder, data: null });
      }
    }
    out.push({
      path: file.path,
      data: typeof file.data === "string" ? encoder.encode(file.data) : file.data,
    });
  }
  return out;
}

/** Packs the given entries (exposed for tests; buildZip is the way in). */
export async function packZip(files: readonly ZipEntry[]): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const entry of withFolders(files)) {
    const common = { date: ZIP_ENTRY_DATE, createFolders: false };
    if (entry.data === null) zip.file(entry.path, null, { ...common, dir: true });
    else zip.file(entry.path, entry.data, { ...common, binary: true });
  }
  return zip.generateAsync({
    type: "uint8array",
    compression: "DEFLATE",
    compressionOptions: { level: DEFLATE_LEVEL },
    platform: "DOS",
    streamFiles: false,
  });
}

/**
 * The plan's zip, or the findings that forbid it. The returned plan has every UUID filled in:
 * save it (it is the zip's plan.json) so the next build gives the same bytes.
 *
 * @example
 * const { buildZip } = await import("../lib/zip/zip.ts");
 * const r = await buildZip(plan);
 * if (r.ok) download(new Blob([r.bytes]), `${plan.name}.zip`);
 */
export async function buildZip(plan: Plan, options: BuildZipOptions = {}): Promise<BuildZipResult> {
  const result = planFiles(plan, { newUuid: options.newUuid ?? (() => uuidV4()) });
  if (!result.ok) return result;
  return {
    ok: true,
    plan: result.plan,
    bytes: await packZip(result.files),
    findings: result.findings,
  };
}
