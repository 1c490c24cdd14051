/**
 * Size fields as the page reads them (parseSizeInput does the work): sector fields take bare
 * numbers as 512-byte sectors, byte fields as bytes; both take 30G, 512MiB, 62914560s.
 */
import { parseSizeInput } from "../lib/sizeInput.ts";

export type FieldResult = { ok: true; value: bigint } | { ok: false; error: string };

/** A sector position or count: `125831168`, `62914560s`, `30GiB`, `512MiB`. */
export function parseSectorsField(text: string): FieldResult {
  const r = parseSizeInput(text, { bareUnit: "sectors" });
  return r.ok ? { ok: true, value: r.sectors } : r;
}

/** A byte count that must be whole sectors of the disk: `240057409536`, `223GiB`. */
export function parseBytesField(text: string, sectorBytes: 512 | 4096 = 512): FieldResult {
  const r = parseSizeInput(text, { bareUnit: "bytes", sectorBytes });
  return r.ok ? { ok: true, value: r.bytes } : r;
}
