import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import { EXAMPLE_LISTING } from "../lib/example.ts";
import { parseListing, type ListingResult } from "../lib/listing/index.ts";
import {
  BIG_LISTING_CHARS,
  BIG_LISTING_DEBOUNCE_MS,
  createListingReader,
  MAX_LISTING_CHARS_READ,
  type ParseRequest,
  type ParseResponse,
  type SpawnParser,
} from "./listingReader.ts";

/** The worked example, padded with blank lines past the size that goes to the worker. */
const big = (tag: string) => {
  const text = `${EXAMPLE_LISTING}\n${" ".repeat(BIG_LISTING_CHARS)}\n${tag}\n`;
  expect(text.length).toBeGreaterThan(BIG_LISTING_CHARS);
  return text;
};

/** A reader with a parser and timers worked by hand: what it delivers, asks and waits for. */
function setup(options: { noWorker?: boolean } = {}) {
  const delivered: { text: string; parsed?: ListingResult }[] = [];
  const parsers: {
    requests: ParseRequest[];
    stopped: boolean;
    answer: (request: ParseRequest) => void;
    fail: () => void;
  }[] = [];
  const spawn: SpawnParser = (onResult, onFailure) => {
    if (options.noWorker) return null;
    const parser = {
      requests: [] as ParseRequest[],
      stopped: false,
      answer: (request: ParseRequest) => {
        const response: ParseResponse = { id: request.id, result: parseListing(request.text) };
        onResult(structuredClone(response));
      },
      fail: onFailure,
    };
    parsers.push(parser);
    return {
      post: (request) => parser.requests.push(request),
      stop: () => (parser.stopped = true),
    };
  };
  const waits: { run: () => void; ms: number; off: boolean }[] = [];
  const wait = (run: () => void, ms: number) => {
    const entry = { run, ms, off: false };
    waits.push(entry);
    return () => (entry.off = true);
  };
  /** Runs the timers that are due (all of them: the tests only care about their order). */
  const tick = () => {
    for (const w of waits.splice(0)) if (!w.off) w.run();
  };
  return createRoot((dispose) => {
    const reader = createListingReader(
      (text, parsed) => delivered.push({ text, parsed }),
      spawn,
      wait,
    );
    return { reader, delivered, parsers, waits, tick, dispose };
  });
}

describe("the listing reader", () => {
  it("hands a small listing on at once, for the store to parse", () => {
    const t = setup();
    t.reader.read(EXAMPLE_LISTING);
    expect(t.delivered).toEqual([{ text: EXAMPLE_LISTING, parsed: undefined }]);
    expect(t.reader.reading()).toBeNull();
    expect(t.parsers).toHaveLength(0);
    t.dispose();
  });

  it("reads a big listing in the worker after a pause, and delivers its parse", () => {
    const t = setup();
    const text = big("a");
    t.reader.read(text);
    expect(t.reader.reading()).toEqual({ lines: text.split("\n").length - 1, chars: text.length });
    expect(t.delivered).toEqual([]);
    expect(t.waits.map((w) => w.ms)).toEqual([BIG_LISTING_DEBOUNCE_MS]);
    t.tick();
    const parser = t.parsers[0];
    expect(parser?.requests.map((r) => r.text)).toEqual([text]);
    parser?.answer(parser.requests[0] as ParseRequest);
    expect(t.delivered).toHaveLength(1);
    expect(t.delivered[0]?.text).toBe(text);
    const parsed = t.delivered[0]?.parsed;
    expect(parsed?.ok && parsed.disks[0]?.partitions[1]?.startByte).toBe(64425558016n);
    expect(t.reader.reading()).toBeNull();
    t.dispose();
  });

  it("reads only the last of quick changes", () => {
    const t = setup();
    t.reader.read(big("a"));
    t.reader.read(big("b"));
    t.reader.read(big("c"));
    t.tick();
    expect(t.parsers).toHaveLength(1);
    expect(t.parsers[0]?.requests.map((r) => r.text.trim().slice(-1))).toEqual(["c"]);
    t.dispose();
  });

  it("drops the answer for a text replaced while it was read, and starts afresh", () => {
    const t = setup();
    t.reader.read(big("old"));
    t.tick();
    t.reader.read(big("new"));
    t.tick();
    const [first, second] = t.parsers;
    expect(first?.stopped).toBe(true);
    expect(second?.requests.map((r) => r.text.trim().slice(-3))).toEqual(["new"]);
    first?.answer(first.requests[0] as ParseRequest);
    expect(t.delivered).toEqual([]);
    second?.answer(second.requests[0] as ParseRequest);
    expect(t.delivered.map((d) => d.text.trim().slice(-3))).toEqual(["new"]);
    t.dispose();
  });

  it("keeps using one worker while it is free", () => {
    const t = setup();
    for (const tag of ["a", "b"]) {
      t.reader.read(big(tag));
      t.tick();
      const parser = t.parsers[0];
      parser?.answer(parser.requests.at(-1) as ParseRequest);
    }
    expect(t.parsers).toHaveLength(1);
    expect(t.delivered).toHaveLength(2);
    t.dispose();
  });

  it("hands a big listing to the store after the pause where no worker can run", () => {
    const t = setup({ noWorker: true });
    const text = big("a");
    t.reader.read(text);
    expect(t.reader.reading()).not.toBeNull();
    expect(t.delivered).toEqual([]);
    t.tick();
    expect(t.delivered).toEqual([{ text, parsed: undefined }]);
    expect(t.reader.reading()).toBeNull();
    t.dispose();
  });

  it("falls back to the store when the worker fails, and does not start another", () => {
    const t = setup();
    const text = big("a");
    t.reader.read(text);
    t.tick();
    t.parsers[0]?.fail();
    expect(t.delivered).toEqual([{ text, parsed: undefined }]);
    t.reader.read(big("b"));
    t.tick();
    expect(t.parsers).toHaveLength(1);
    expect(t.delivered).toHaveLength(2);
    t.dispose();
  });

  it("refuses a text over the limit at once, with its length and the limit, and keeps it", () => {
    const t = setup();
    const text = "x".repeat(MAX_LISTING_CHARS_READ + 1);
    t.reader.read(text);
    expect(t.delivered).toHaveLength(1);
    expect(t.delivered[0]?.text).toBe(text);
    const refusal = t.delivered[0]?.parsed;
    expect(refusal?.ok).toBe(false);
    expect(refusal?.ok === false && refusal.error).toContain("4,194,305 characters");
    expect(refusal?.ok === false && refusal.error).toContain("at most 4,194,304 (4 MiB)");
    expect(t.parsers).toHaveLength(0);
    t.dispose();
  });

  it("flush delivers what is waiting now; cancel forgets it", () => {
    const t = setup();
    const text = big("a");
    t.reader.read(text);
    t.reader.flush();
    expect(t.delivered).toEqual([{ text, parsed: undefined }]);
    t.tick();
    expect(t.parsers).toHaveLength(0);

    t.reader.read(big("b"));
    t.tick();
    t.reader.cancel();
    const parser = t.parsers[0];
    parser?.answer(parser.requests[0] as ParseRequest);
    expect(t.delivered).toHaveLength(1);
    expect(t.reader.reading()).toBeNull();
    t.dispose();
  });
});
