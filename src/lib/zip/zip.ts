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
import type { Plan, Target } from "../plan/types.ts";
import { planFiles, type ZipEntry } from "./files.ts";

// Reading the app's own zips back ("Open plan…") loads with the writer: one chunk, one jszip.
export { looksLikeZip, planTextFromZip, type PlanFromZip } from "./read.ts";

/** Never change: part of "the same plan gives the same bytes". Noon avoids 1979 in any zone. */
export const ZIP_ENTRY_DATE = new Date(Date.UTC(1980, 0, 1, 12, 0, 0));
export const DEFLATE_LEVEL = 9;

export interface BuildZipOptions {
  /** Defaults to the uuid package's v4. */
  newUuid?: () => string;
  /** The outputs for every VM (docs/targets.md); otherwise each VM's own, or VirtualBox. */
  targets?: readonly Target[];
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

/** Blank files at least this big are compressed once per size and reused. */
const BLANK_REUSE_BYTES = 64 * 1024;

/**
 * jszip's compressed form of `size` zero bytes, made once per size. jszip keeps a file it read
 * from a zip in its compressed form and writes those bytes again unchanged when the method
 * matches (its loading path; `file()` takes such an object as data), so a plan with 128 VMs
 * compresses its 1 MiB zero head once, not 128 times, and the zip stays byte-identical.
 */
const blankCache = new Map<number, Promise<unknown>>();
function compressedBlank(size: number): Promise<unknown> {
  let cached = blankCache.get(size);
  if (!cached) {
    cached = (async () => {
      const one = new JSZip();
      one.file("blank", new Uint8Array(size), { binary: true, date: ZIP_ENTRY_DATE });
      const bytes = await one.generateAsync({
        type: "uint8array",
        compression: "DEFLATE",
        compressionOptions: { level: DEFLATE_LEVEL },
      });
      const loaded = await JSZip.loadAsync(bytes);
      // jszip's CompressedObject of that entry: not in its typings, stable in 3.x.
      return (loaded.file("blank") as unknown as { _data: unknown } | null)?._data;
    })();
    blankCache.set(size, cached);
  }
  return cached;
}

const isBlank = (data: Uint8Array): boolean => {
  // Word-wise where aligned: 1 MiB is checked in well under a millisecond.
  if (data.byteOffset % 4 === 0 && data.byteLength % 4 === 0) {
    const words = new Uint32Array(data.buffer, data.byteOffset, data.byteLength / 4);
    for (const w of words) if (w !== 0) return false;
    return true;
  }
  return data.every((b) => b === 0);
};

/**
 * Packs the given entries (exposed for tests; buildZip is the way in). `reuseBlanks: false`
 * compresses every blank file anew (the same bytes, slower: for tests that prove it).
 */
export async function packZip(
  files: readonly ZipEntry[],
  { reuseBlanks = true }: { reuseBlanks?: boolean } = {},
): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const entry of withFolders(files)) {
    const common = { date: ZIP_ENTRY_DATE, createFolders: false };
    if (entry.data === null) zip.file(entry.path, null, { ...common, dir: true });
    else if (reuseBlanks && entry.data.byteLength >= BLANK_REUSE_BYTES && isBlank(entry.data)) {
      const compressed = await compressedBlank(entry.data.byteLength);
      zip.file(entry.path, compressed as Uint8Array, { ...common, binary: true });
    } else zip.file(entry.path, entry.data, { ...common, binary: true });
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
  const result = planFiles(plan, {
    newUuid: options.newUuid ?? (() => uuidV4()),
    ...(options.targets ? { targets: options.targets } : {}),
  });
  if (!result.ok) return result;
  return {
    ok: true,
    plan: result.plan,
    bytes: await packZip(result.files),
    findings: result.findings,
  };
}
