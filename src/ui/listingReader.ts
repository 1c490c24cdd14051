/**
 * Reads what is pasted into the listing box without freezing the page (docs/big-listings.md).
 *
 *   small text ────────────────────────────────► deliver(text)           the store parses it
 *   big text ──(debounce)──► worker: parseListing ──► deliver(text, parsed)   parsed once, there
 *   too long ──────────────────────────────────► deliver(text, refusal)  kept, not read
 *
 * Only the latest text is ever delivered: an answer for text the user has since replaced is
 * dropped. Where no worker can run (the single-file build opened from disk), a big text is
 * handed to the store after the same pause, with "Reading the listing…" shown first.
 */
import { createSignal } from "solid-js";
import type { ListingResult } from "../lib/listing/index.ts";
import { latestOnly, startModuleWorker, type SpawnWorker } from "../app/moduleWorker.ts";

/** Above this many characters (about 900 lines) a listing is read in the worker. */
export const BIG_LISTING_CHARS = 64 * 1024;
/** How long a big listing waits for the next keystroke before it is read. */
export const BIG_LISTING_DEBOUNCE_MS = 200;
/**
 * The longest listing read, in characters, and the largest listing file opened, in bytes:
 * 4 MiB. A listing of 10,000 partitions is under 1.5 MB even as UTF-16 with long device names.
 */
export const MAX_LISTING_CHARS_READ = 4 * 1024 * 1024;
export const MAX_LISTING_FILE_BYTES = 4 * 1024 * 1024;

export interface ParseRequest {
  id: number;
  text: string;
}
export interface ParseResponse {
  id: number;
  result: ListingResult;
}

/** Starts a parser, or returns null where none can run. `onFailure`: it stopped working. */
export type SpawnParser = SpawnWorker<ParseRequest, ParseResponse>;

/**
 * The page's parser: src/ui/parseWorker.ts in a module worker. Not in the single-file build:
 * opened from disk (file://) a page cannot start workers, and its policy allows none.
 */
export const spawnParseWorker: SpawnParser = (onResult, onFailure) =>
  import.meta.env.MODE === "single"
    ? null
    : startModuleWorker(
        () => new Worker(new URL("./parseWorker.ts", import.meta.url), { type: "module" }),
        onResult,
        onFailure,
      );

/** What is being read, for the status line. */
export interface Reading {
  lines: number;
  chars: number;
}

/** A run-later that can be called off (setTimeout in the page, by hand in the tests). */
export type Wait = (run: () => void, ms: number) => () => void;
const timeout: Wait = (run, ms) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

/**
 * 10000 → "10,000" without Intl (its first use costs about 90 ms) and without units.ts's
 * groupDigits, which would pull units.ts into the first screen's script.
 */
export const groupCount = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

function countLines(text: string): number {
  let lines = 1;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) lines++;
  return text.endsWith("\n") ? lines - 1 : lines;
}

/** The refusal of a text too long to read; the text itself stays in the box. */
export function tooLongToRead(chars: number): ListingResult {
  return {
    ok: false,
    error:
      `The listing is ${groupCount(chars)} characters long; at most ` +
      `${groupCount(MAX_LISTING_CHARS_READ)} (4 MiB) are read. Partition listings ` +
      "are far shorter (10,000 partitions fit in 1.5 million): paste only the listing's output.",
    notes: [],
  };
}

/**
 * Call inside a reactive owner. `read(text)` for every change of the box; `reading()` is what
 * is being read (null when nothing is); `flush()` delivers a pending text now (before the page
 * is left); `cancel()` forgets it (the box was replaced from elsewhere).
 */
export function createListingReader(
  deliver: (text: string, parsed?: ListingResult) => void,
  spawn: SpawnParser = spawnParseWorker,
  wait: Wait = timeout,
) {
  const [reading, setReading] = createSignal<Reading | null>(null);
  /** A big text waiting out the pause before it is read. */
  let paused: string | null = null;
  let callOff: (() => void) | null = null;

  const finish = (text: string, parsed?: ListingResult) => {
    setReading(null);
    deliver(text, parsed);
  };
  const parser = latestOnly<{ text: string }, ParseResponse>(
    spawn,
    ({ text }, { result }) => finish(text, result),
    // No parser: the store parses the text.
    ({ text }) => finish(text),
  );

  const cancel = () => {
    callOff?.();
    callOff = null;
    paused = null;
    parser.forget();
    setReading(null);
  };
  const read = (text: string) => {
    cancel();
    if (text.length <= BIG_LISTING_CHARS) return deliver(text);
    if (text.length > MAX_LISTING_CHARS_READ) return deliver(text, tooLongToRead(text.length));
    setReading({ lines: countLines(text), chars: text.length });
    paused = text;
    callOff = wait(() => {
      callOff = null;
      paused = null;
      parser.ask({ text });
    }, BIG_LISTING_DEBOUNCE_MS);
  };
  const flush = () => {
    const text = paused ?? parser.waiting()?.text;
    cancel();
    if (text !== undefined) deliver(text);
  };
  const dispose = () => {
    cancel();
    parser.stop();
  };
  return { read, reading, flush, cancel, dispose };
}
