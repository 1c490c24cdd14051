import { describe, expect, it } from "vitest";
import { loadPlan, planToCompactJson, planToJson, planToObject } from "../lib/plan/codec.ts";
import { emptyPlan, type Plan } from "../lib/plan/types.ts";
import { encodeShareFragment } from "../lib/share/link.ts";
import { bytes } from "../lib/units.ts";
import {
  READ_LINK_IN_WORKER_FROM,
  READ_TEXT_IN_WORKER_FROM,
  readHere,
  readPlan,
  type ReadRequest,
  type SpawnReader,
} from "./planReader.ts";

/** A plan of `n` disks of 200 partitions each: about 25 KB of JSON per disk. */
function planOfDisks(n: number): Plan {
  return {
    ...emptyPlan(),
    name: "many",
    disks: Array.from({ length: n }, (_, d) => ({
      id: `d${d}`,
      device: `/dev/disk/by-id/ata-TEST-${d}`,
      logicalSectorSize: 512 as const,
      sizeBytes: bytes(2n ** 40n),
      tableType: "gpt" as const,
      partitions: Array.from({ length: 200 }, (_, p) => ({
        number: p + 1,
        label: `p${p}`,
        startByte: bytes(2n ** 20n + BigInt(p) * 2n ** 30n),
        sizeBytes: bytes(2n ** 30n),
      })),
    })),
  } as Plan;
}

/** A reader worker worked by hand: it answers with the page's own reading, cloned as a worker's. */
function fakeWorkers(options: { none?: boolean; failing?: boolean } = {}) {
  const workers: { requests: ReadRequest[]; stopped: boolean }[] = [];
  const spawn: SpawnReader = (onResult, onFailure) => {
    if (options.none) return null;
    const worker = { requests: [] as ReadRequest[], stopped: false };
    workers.push(worker);
    return {
      post: (request) => {
        const sent = structuredClone(request);
        worker.requests.push(sent);
        if (options.failing) {
          setTimeout(onFailure, 0);
          return;
        }
        void readHere(sent).then((result) =>
          setTimeout(() => onResult(structuredClone({ id: sent.id, result })), 0),
        );
      },
      stop: () => {
        worker.stopped = true;
      },
    };
  };
  return { spawn, workers };
}

const bigText = planToJson(planOfDisks(12));

describe("readPlan", () => {
  it("reads small plan text on the page, as loadPlan does, with its JSON", async () => {
    const { spawn, workers } = fakeWorkers();
    const text = planToJson(planOfDisks(1));
    expect(text.length).toBeLessThan(READ_TEXT_IN_WORKER_FROM);
    const read = await readPlan({ kind: "text", text }, spawn);
    expect(workers).toHaveLength(0);
    const loaded = loadPlan(text);
    expect(read.ok && loaded.ok && read.plan).toEqual(loaded.ok && loaded.plan);
    expect(read.ok && read.json).toBe(text);
  });

  it("reads big plan text in a worker, stops it after its answer, and gets the same plan", async () => {
    const { spawn, workers } = fakeWorkers();
    expect(bigText.length).toBeGreaterThanOrEqual(READ_TEXT_IN_WORKER_FROM);
    const read = await readPlan({ kind: "text", text: bigText }, spawn);
    expect(workers).toHaveLength(1);
    expect(workers[0]?.requests.map((r) => r.kind)).toEqual(["text"]);
    expect(workers[0]?.stopped).toBe(true);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    // bigints survive the trip exactly.
    expect(read.plan.disks[11]?.partitions[199]?.startByte).toBe(2n ** 20n + 199n * 2n ** 30n);
    expect(read.plan).toEqual(planOfDisks(12));
    expect(read.json).toBe(bigText);
    // Its compact text comes along and is remembered for the plan object (autosave uses it).
    expect(read.compact).toBe(JSON.stringify(planToObject(planOfDisks(12))));
    expect(planToCompactJson(read.plan)).toBe(read.compact);
  });

  it("refuses a big invalid plan in the worker with the page's issues", async () => {
    const { spawn, workers } = fakeWorkers();
    const text = bigText.replace(/"version": ?1/, '"version": "one"');
    const read = await readPlan({ kind: "text", text }, spawn);
    expect(workers).toHaveLength(1);
    const loaded = loadPlan(text);
    expect(loaded.ok).toBe(false);
    expect(read).toEqual({ ok: false, error: "", issues: loaded.ok ? [] : loaded.issues });
  });

  it("reads on the page where no worker starts, or when the worker fails", async () => {
    for (const options of [{ none: true }, { failing: true }]) {
      const { spawn, workers } = fakeWorkers(options);
      const read = await readPlan({ kind: "text", text: bigText }, spawn);
      expect(workers.every((w) => w.stopped)).toBe(true);
      expect(read.ok && read.json).toBe(bigText);
    }
  });

  it("reads a big share link in a worker and a small one on the page, both as the page would", async () => {
    const small = await encodeShareFragment(planOfDisks(1));
    expect(small.length).toBeLessThan(READ_LINK_IN_WORKER_FROM);
    // Partitions of random sizes keep the link from compressing to nothing.
    const varied = planOfDisks(12);
    let seed = 7;
    for (const disk of varied.disks) {
      for (const p of disk.partitions) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        (p as { sizeBytes: bigint }).sizeBytes = BigInt(seed) * 4096n;
      }
    }
    const big = await encodeShareFragment(varied);
    expect(big.length).toBeGreaterThanOrEqual(READ_LINK_IN_WORKER_FROM);
    const { spawn, workers } = fakeWorkers();
    const readSmall = await readPlan({ kind: "link", fragment: small }, spawn);
    expect(workers).toHaveLength(0);
    expect(readSmall.ok && readSmall.json).toBe(planToJson(planOfDisks(1)));
    const readBig = await readPlan({ kind: "link", fragment: big }, spawn);
    expect(workers.map((w) => w.requests.map((r) => r.kind))).toEqual([["link"]]);
    expect(readBig.ok && readBig.plan).toEqual(varied);
    // A damaged big link says why, as the page does.
    const damaged = await readPlan({ kind: "link", fragment: big.slice(0, -40) + "!" }, spawn);
    expect(damaged.ok).toBe(false);
    expect(!damaged.ok && damaged.error).toMatch(/damaged/);
  });
});
