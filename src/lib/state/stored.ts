/**
 * What the page keeps in local storage between visits: the pasted listing and the plan.
 *
 *   { "format": "raw-disk-planner/state", "version": 1,
 *     "listingText": "Name  NumberOfBlocks …", "plan": { …plan format… },
 *     "edit": "3f1c…:4", "basedOn": "9a0b…:2" }
 *
 * `edit` and `basedOn` (optional) tell tabs apart: each write names itself (the writing tab's
 * id and its count of writes) and the write it was made on top of, so a tab that hears of
 * another tab's write knows whether that write already holds its own last one.
 *
 * Stored data is hostile like any input (another version of the app, an extension, a user
 * editing it by hand): it is bounded and validated, and anything unusable is reported, not
 * thrown, so the caller can set it aside and start clean.
 */
import { loadPlan, nestingDepthOver, planToCompactJson, PLAN_LIMITS } from "../plan/codec.ts";
import type { Plan } from "../plan/types.ts";

/** Never change: where the state lives in localStorage. */
export const STORAGE_KEY = "raw-disk-planner/state";
/** Where unreadable state is moved so that nothing is lost. */
export const SET_ASIDE_KEY = "raw-disk-planner/state-set-aside";
export const STATE_FORMAT = "raw-disk-planner/state";
export const STATE_VERSION = 1;
export const MAX_STATE_CHARS = 4 * 1024 * 1024;
export const MAX_LISTING_CHARS = 1024 * 1024;

export interface SavedState {
  listingText: string;
  plan: Plan;
}

/** Which write a stored state is, and which write it was made on top of (null: none). */
export interface StateStamp {
  edit: string;
  basedOn: string | null;
}

export type StateLoadResult =
  { ok: true; state: SavedState | null; stamp?: StateStamp } | { ok: false; error: string };

/**
 * The state as stored: `JSON.stringify` of the envelope above, written piece by piece so that a
 * plan whose text is already known (`planToCompactJson`: a big plan read in a worker) is not
 * written out again.
 *
 * @example encodeState({ listingText: "", plan: emptyPlan() }) // '{"format":"raw-disk-planner/state",…'
 */
export function encodeState(state: SavedState, stamp?: StateStamp): string {
  const head =
    `{"format":${JSON.stringify(STATE_FORMAT)},"version":${JSON.stringify(STATE_VERSION)},` +
    `"listingText":${JSON.stringify(state.listingText)},"plan":${planToCompactJson(state.plan)}}`;
  return stamp ? withStamp(head, stamp) : head;
}

/**
 * `encodeState(state, stamp)` from `encodeState(state)`: the stamp is the envelope's last
 * fields, so a big plan is written out once to compare and store (autosave does both).
 */
export function withStamp(unstamped: string, stamp: StateStamp): string {
  return `${unstamped.slice(0, -1)},"edit":${JSON.stringify(stamp.edit)},"basedOn":${JSON.stringify(stamp.basedOn)}}`;
}

const STAMP_CHARS = 200;
const stampOf = (record: Record<string, unknown>): StateStamp | undefined => {
  const { edit, basedOn } = record;
  if (typeof edit !== "string" || edit.length > STAMP_CHARS) return undefined;
  if (basedOn !== null && (typeof basedOn !== "string" || basedOn.length > STAMP_CHARS)) {
    return undefined;
  }
  return { edit, basedOn };
};

/**
 * The state as it can be stored and read back: a listing longer than the reader accepts is
 * left out (the plan carries its disks), never the plan.
 */
export function storableState(state: SavedState): { state: SavedState; listingDropped: boolean } {
  if (state.listingText.length <= MAX_LISTING_CHARS) return { state, listingDropped: false };
  return { state: { listingText: "", plan: state.plan }, listingDropped: true };
}

/** `null` (nothing stored) is not an error: it gives `{ ok: true, state: null }`. Never throws. */
export function decodeState(raw: string | null): StateLoadResult {
  if (raw === null || raw === "") return { ok: true, state: null };
  if (raw.length > MAX_STATE_CHARS) {
    return { ok: false, error: `The saved plan is too large (${raw.length} characters).` };
  }
  // The envelope adds one level to the plan's own; deeper text is refused before parsing.
  if (nestingDepthOver(raw, PLAN_LIMITS.nesting + 1) !== null) {
    return { ok: false, error: "The saved plan nests deeper than any plan does." };
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, error: "The saved plan is not valid JSON." };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, error: "The saved plan is not an object." };
  }
  const record = value as Record<string, unknown>;
  if (record.format !== STATE_FORMAT) {
    return { ok: false, error: "The saved data is not a Raw Disk Planner state." };
  }
  if (record.version !== STATE_VERSION) {
    return {
      ok: false,
      error:
        typeof record.version === "number" && record.version > STATE_VERSION
          ? `The saved plan was made by a newer version (state version ${record.version}).`
          : "The saved plan has an unknown version.",
    };
  }
  const listingText = record.listingText;
  if (typeof listingText !== "string" || listingText.length > MAX_LISTING_CHARS) {
    return { ok: false, error: "The saved listing is missing or too long." };
  }
  const plan = loadPlan(record.plan);
  if (!plan.ok) {
    const first = plan.issues[0];
    return {
      ok: false,
      error: `The saved plan is not valid${first ? ` (${first.path}: ${first.message})` : ""}.`,
    };
  }
  const stamp = stampOf(record);
  return { ok: true, state: { listingText, plan: plan.plan }, ...(stamp ? { stamp } : {}) };
}
