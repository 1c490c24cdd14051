/**
 * Degraded copies of real listings, as they reach the page from forums, chats and web pages:
 * header row removed, header lower-cased, blanks collapsed to one space, one cell dropped,
 * wrapped at 80 columns, CRLF, UTF-16LE with a BOM, quoted with `> `. The rule for every
 * fixture of every format: the copy parses to the same exact numbers, or to fewer exact
 * numbers (inexact values, notes, or a refusal), never to a different number claimed exact.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseListing } from "./index.ts";
import type { ListingResult } from "./types.ts";
import { FIXTURES_ROOT } from "./toolFixtures.testkit.ts";
import { collapseBlanks } from "./degrade.testkit.ts";

/** Every fixture listing: the tools' folders, and fdisk's and wmic's. */
function fixtureFiles(): string[] {
  const out: string[] = [];
  for (const dir of readdirSync(FIXTURES_ROOT, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const name of readdirSync(join(FIXTURES_ROOT, dir.name))) {
      if (name.endsWith(".txt")) out.push(join(dir.name, name));
    }
  }
  return out.sort();
}

/** Exact claims as "disk/start+size" keys (disk by device, or by position when unnamed). */
function exactClaims(result: ListingResult): Set<string> {
  const out = new Set<string>();
  if (!result.ok) return out;
  for (const disk of result.disks) {
    for (const p of disk.partitions) {
      if (p.exact) out.add(`${p.startByte}+${p.sizeBytes}`);
    }
  }
  return out;
}

const lines = (text: string) => text.split(/\r?\n/);
const HEADER =
  /^\s*(Device|Gerät|Périphérique|Number|NR|NAME|Name|#|Slot|PartitionNumber|Partition ###|start\s+size)\b/;

const DEGRADE: Record<string, (text: string) => string | Uint8Array> = {
  "header row removed": (t) =>
    lines(t)
      .filter((l) => !HEADER.test(l))
      .join("\n"),
  "header lower-cased": (t) =>
    lines(t)
      .map((l) => (HEADER.test(l) ? l.toLowerCase() : l))
      .join("\n"),
  "blanks collapsed": collapseBlanks,
  "one cell dropped": (t) => {
    const ls = lines(t);
    const row = ls.findIndex((l, i) => i > 0 && HEADER.test(ls[i - 1] ?? "") && /\d/.test(l));
    const target = row === -1 ? ls.findIndex((l) => /\d{4,}/.test(l)) : row;
    if (target === -1) return t;
    ls[target] = (ls[target] ?? "").replace(/\s\d+(\s|$)/, "$1");
    return ls.join("\n");
  },
  "wrapped at 80 columns": (t) =>
    lines(t)
      .flatMap((l) => (l.length <= 80 ? [l] : [l.slice(0, 80), l.slice(80)]))
      .join("\n"),
  CRLF: (t) => lines(t).join("\r\n"),
  "UTF-16LE with a BOM": (t) => {
    const out = new Uint8Array(2 + t.length * 2);
    out[0] = 0xff;
    out[1] = 0xfe;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      out[2 + 2 * i] = c & 0xff;
      out[3 + 2 * i] = c >> 8;
    }
    return out;
  },
  "quoted with > ": (t) =>
    lines(t)
      .map((l) => `> ${l}`)
      .join("\n"),
};

describe.each(fixtureFiles())("%s", (file) => {
  const original = readFileSync(join(FIXTURES_ROOT, file), "utf8");
  const truth = exactClaims(parseListing(original));
  it.each(Object.keys(DEGRADE))("%s: no different number claimed exact", (kind) => {
    const copy = (DEGRADE[kind] as (t: string) => string | Uint8Array)(original);
    const claims = exactClaims(parseListing(copy));
    for (const claim of claims) expect(truth, `${file}, ${kind}`).toContain(claim);
  });
});

describe("lossless copies keep every exact number", () => {
  it.each(fixtureFiles())("%s", (file) => {
    const original = readFileSync(join(FIXTURES_ROOT, file), "utf8");
    const truth = exactClaims(parseListing(original));
    for (const kind of ["CRLF", "UTF-16LE with a BOM", "quoted with > "]) {
      const copy = (DEGRADE[kind] as (t: string) => string | Uint8Array)(original);
      expect(exactClaims(parseListing(copy)), `${file}, ${kind}`).toEqual(truth);
    }
  });
});
