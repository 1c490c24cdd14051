/**
 * What the fuzzer attacks: every parser and loader that takes text from outside the page.
 * A target returns normally for any input; throwing, or taking over 100 ms, is a failure.
 * Listing targets also carry a property: values called exact must be the fixture's own.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseListing } from "../../src/lib/listing/index.ts";

export interface ExactPartition {
  startByte: string;
  sizeBytes: string;
}

export interface Seed {
  name: string;
  text: string;
  /** For listing fixtures: the exact (start, size) pairs of the unmutated text. */
  exact?: ExactPartition[];
}

export interface Target {
  name: string;
  seeds: Seed[];
  /** Runs the input; returns the exact partitions claimed (listing targets) or nothing. */
  run: (input: string | Uint8Array) => ExactPartition[] | undefined;
}

const ROOT = join(import.meta.dirname, "..", "..");

function readTextFiles(dir: string, filter: (name: string) => boolean): Seed[] {
  let names: string[];
  try {
    names = readdirSync(join(ROOT, dir)).filter(filter).sort();
  } catch {
    return [];
  }
  return names.map((name) => {
    const data = new Uint8Array(readFileSync(join(ROOT, dir, name)));
    const result = parseListing(data);
    const text = result.ok ? decodeForSeed(data) : new TextDecoder().decode(data);
    return { name: `${dir}/${name}`, text, exact: exactPartitions(parseListing(text)) };
  });
}

function decodeForSeed(data: Uint8Array): string {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder("utf-16le").decode(data);
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder("utf-16be").decode(data);
  return new TextDecoder().decode(data);
}

function exactPartitions(result: ReturnType<typeof parseListing>): ExactPartition[] {
  if (!result.ok) return [];
  return result.disks.flatMap((d) =>
    d.partitions
      .filter((p) => p.exact && p.startByte !== null && p.sizeBytes !== null)
      .map((p) => ({ startByte: String(p.startByte), sizeBytes: String(p.sizeBytes) })),
  );
}

export function listingTarget(): Target {
  const isListing = (n: string) => n.endsWith(".txt");
  const seeds = [
    ...readTextFiles("test-fixtures/wmic", isListing),
    ...readTextFiles("test-fixtures/fdisk", isListing),
  ];
  return {
    name: "listing",
    seeds,
    run: (input) => exactPartitions(parseListing(input)),
  };
}

/** All targets. Loaders for plans, descriptors, share links and storage join as they land. */
export function allTargets(): Target[] {
  return [listingTarget()];
}
