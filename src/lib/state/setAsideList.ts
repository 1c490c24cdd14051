/**
 * The plans set aside when something replaced them (a share link, a plan file, a restore,
 * another tab's change): the last few, newest first, each with when and why it was set aside,
 * so any of them can be brought back.
 *
 *   { "format": "raw-disk-planner/set-aside", "version": 1,
 *     "entries": [ { "at": 1764943200000, "name": "vm plan", "why": "…", "state": "{…}" } ] }
 *
 * `state` is a saved state's text (stored.ts) as it was, even when it cannot be read: keeping
 * it is the point. Read from storage, the list is hostile input: bounded, and entries that are
 * not well-formed are dropped and counted, never thrown.
 */
import { MAX_STATE_CHARS } from "./stored.ts";

/** Never change: where the list lives in localStorage. */
export const SET_ASIDE_LIST_KEY = "raw-disk-planner/set-aside-list";
export const SET_ASIDE_LIST_FORMAT = "raw-disk-planner/set-aside";
/** How many set-aside plans are kept; older ones drop off the end. */
export const SET_ASIDE_LIMIT = 5;

export interface SetAsideEntry {
  /** When it was set aside, in milliseconds since 1970 (Date.now()). */
  at: number;
  /** The plan's name, or a description when its state cannot be read. */
  name: string;
  /** Why it was set aside: "Replaced by the shared plan “x”". */
  why: string;
  /** The saved state's text (stored.ts), exactly as it was. */
  state: string;
}

export function encodeSetAsideList(entries: readonly SetAsideEntry[]): string {
  return JSON.stringify({ format: SET_ASIDE_LIST_FORMAT, version: 1, entries });
}

export interface DecodedSetAsideList {
  entries: SetAsideEntry[];
  /** Why some or all of what was stored could not be used, or null. */
  problem: string | null;
}

const isEntry = (e: unknown): e is SetAsideEntry => {
  if (typeof e !== "object" || e === null) return false;
  const r = e as Record<string, unknown>;
  return (
    typeof r.at === "number" &&
    Number.isFinite(r.at) &&
    typeof r.name === "string" &&
    r.name.length <= 1000 &&
    typeof r.why === "string" &&
    r.why.length <= 1000 &&
    typeof r.state === "string" &&
    r.state.length <= MAX_STATE_CHARS
  );
};

/** `null` (nothing stored) is an empty list. Never throws. */
export function decodeSetAsideList(raw: string | null): DecodedSetAsideList {
  if (raw === null || raw === "") return { entries: [], problem: null };
  if (raw.length > (SET_ASIDE_LIMIT + 1) * MAX_STATE_CHARS) {
    return { entries: [], problem: `The set-aside list is too large (${raw.length} characters).` };
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { entries: [], problem: "The set-aside list is not valid JSON." };
  }
  const record =
    typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  if (record.format !== SET_ASIDE_LIST_FORMAT || record.version !== 1) {
    return { entries: [], problem: "The set-aside list has an unknown format or version." };
  }
  const all = Array.isArray(record.entries) ? (record.entries as unknown[]) : [];
  const entries = all.filter(isEntry).slice(0, SET_ASIDE_LIMIT);
  const dropped = all.length - all.filter(isEntry).length;
  return {
    entries,
    problem:
      dropped > 0 ? `${dropped} set-aside entries were not well-formed and were left out.` : null,
  };
}

/**
 * The list with `entry` in front, capped at `limit`. A state already in the list moves to the
 * front instead of being kept twice.
 */
export function withEntry(
  entries: readonly SetAsideEntry[],
  entry: SetAsideEntry,
  limit = SET_ASIDE_LIMIT,
): SetAsideEntry[] {
  return [entry, ...entries.filter((e) => e.state !== entry.state)].slice(0, limit);
}
