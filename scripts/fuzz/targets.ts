/**
 * What the fuzzer attacks: every parser and loader that takes text from outside the page.
 * A target returns normally for any input; throwing, or taking over 100 ms, is a failure.
 * Listing targets also carry a property: values called exact must be the fixture's own.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseListing } from "../../src/lib/listing/index.ts";
import { loadPlan, planToJson } from "../../src/lib/plan/codec.ts";
import { randomPlan } from "../../src/lib/plan/generate.testkit.ts";
import {
  decodeShareFragment,
  encodeShareFragment,
  packShareFragment,
  SHARE_PREFIX,
} from "../../src/lib/share/link.ts";
import { decodeState, encodeState } from "../../src/lib/state/stored.ts";
import { writeDescriptor } from "../../src/lib/vmdk/descriptor.ts";
import { readDescriptor } from "../../src/lib/vmdk/reader.ts";

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
  /**
   * Turns a generated input into what `run` takes, outside the timed part: work of the harness
   * (packing text into a share link), not of the code under test. Optional.
   */
  prepare?: (input: string | Uint8Array) => Promise<string | Uint8Array>;
  /** Runs the input; returns the exact partitions claimed (listing targets) or nothing. */
  run: (
    input: string | Uint8Array,
  ) => ExactPartition[] | undefined | Promise<ExactPartition[] | undefined>;
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
  // Every format's fixtures seed the mutations, so every parser is fuzzed.
  const seeds = readdirSync("test-fixtures", { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readTextFiles(`test-fixtures/${d.name}`, isListing));
  return {
    name: "listing",
    seeds,
    run: (input) => exactPartitions(parseListing(input)),
  };
}

const asText = (input: string | Uint8Array): string =>
  typeof input === "string" ? input : new TextDecoder().decode(input);

/** Plan JSON seeds: the documented example and generated plans with edge-case values. */
function planSeeds(): Seed[] {
  const example = readFileSync(join(ROOT, "docs", "plan-example.json"), "utf8");
  const generated = [1, 2, 3, 4, 5].map((s) => ({
    name: `randomPlan(${s})`,
    text: planToJson(randomPlan(s, { edgeCases: true })),
  }));
  return [{ name: "docs/plan-example.json", text: example }, ...generated];
}

export function planTarget(): Target {
  return {
    name: "plan",
    seeds: planSeeds(),
    run: (input) => {
      loadPlan(asText(input));
      return undefined;
    },
  };
}

export function storedStateTarget(): Target {
  const seeds = planSeeds().map((s) => {
    const loaded = loadPlan(s.text);
    if (!loaded.ok) throw new Error(`seed ${s.name} does not load`);
    return { name: s.name, text: encodeState({ listingText: "Name  Size\n", plan: loaded.plan }) };
  });
  return {
    name: "state",
    seeds,
    run: (input) => {
      decodeState(asText(input));
      return undefined;
    },
  };
}

/**
 * Share links: a mutated `#plan=…` string is decoded as it is; any other input is first
 * packed into a well-formed link, so mutated plan JSON travels the whole decoding path.
 */
export async function shareLinkTarget(): Promise<Target> {
  const seeds: Seed[] = [];
  for (const s of planSeeds()) {
    const loaded = loadPlan(s.text);
    if (!loaded.ok) throw new Error(`seed ${s.name} does not load`);
    seeds.push({ name: s.name, text: await encodeShareFragment(loaded.plan) });
    seeds.push({ name: `${s.name} (JSON)`, text: s.text });
  }
  return {
    name: "share-link",
    seeds,
    prepare: async (input) => {
      const text = asText(input);
      return text.startsWith(SHARE_PREFIX) ? text : await packShareFragment(text);
    },
    run: async (input) => {
      await decodeShareFragment(asText(input));
      return undefined;
    },
  };
}

/** Descriptors as the writer makes them, for the strict reader (imports existing ones). */
export function descriptorTarget(): Target {
  const seeds: Seed[] = [];
  for (const s of planSeeds()) {
    const loaded = loadPlan(s.text);
    if (!loaded.ok) continue;
    loaded.plan.vms.forEach((vm, i) => {
      const written = writeDescriptor(vm, loaded.plan.disks, {
        uuid: "00000000-0000-4000-8000-00000000000" + String(i % 10),
      });
      if (written.ok) seeds.push({ name: `${s.name} vm ${i}`, text: written.text });
    });
  }
  return {
    name: "descriptor",
    seeds,
    run: (input) => {
      readDescriptor(input);
      return undefined;
    },
  };
}

/** Every parser and loader that reads outside input. */
export async function allTargets(): Promise<Target[]> {
  return [
    listingTarget(),
    planTarget(),
    storedStateTarget(),
    await shareLinkTarget(),
    descriptorTarget(),
  ];
}
