/**
 * What this browser keeps of the work: read once at start (a state that cannot be read is set
 * aside, never lost), then written 400 ms after each change, and at once when the page is
 * hidden or left (pagehide, visibilitychange) so an edit just before closing is kept.
 */
import { createEffect, on, onCleanup } from "solid-js";
import {
  decodeState,
  encodeState,
  MAX_LISTING_CHARS,
  SET_ASIDE_KEY,
  storableState,
  STORAGE_KEY,
  type SavedState,
} from "../lib/state/stored.ts";
import { describeError, type Notify } from "./notices.ts";
import type { SiteStorage } from "./siteStorage.ts";
import type { AppStore } from "./store.ts";

export const AUTOSAVE_MS = 400;

export interface LoadedState {
  /** What was saved, or null (nothing saved, unreadable, or storage refused). */
  stored: SavedState | null;
  /** An unreadable saved state, kept for "Restore" even when storage refuses to keep it. */
  setAsideText: string | null;
}

/** Reads the saved state; says what went wrong, and sets an unreadable one aside. */
export function loadSaved(storage: SiteStorage, notify: Notify): LoadedState {
  const raw = storage.read(STORAGE_KEY);
  if (!raw.ok) {
    notify(
      "storage",
      "error",
      `This browser does not let the page use its storage (${raw.error}). Your plan stays only while this page is open: use "Save plan" to keep a copy.`,
    );
    return { stored: null, setAsideText: null };
  }
  const decoded = decodeState(raw.value);
  if (decoded.ok) return { stored: decoded.state, setAsideText: null };
  if (raw.value === null) return { stored: null, setAsideText: null };
  const kept = storage.write(SET_ASIDE_KEY, raw.value) === null;
  if (kept) storage.remove(STORAGE_KEY);
  notify(
    "storage-load",
    "error",
    `The plan saved in this browser could not be read: ${decoded.error} ` +
      (kept
        ? `It was set aside (under "${SET_ASIDE_KEY}" in this site's storage), and the planner starts empty.`
        : "The planner starts empty."),
  );
  return { stored: null, setAsideText: raw.value };
}

/** Where the page's leave and hide events come from (the window and document in the page). */
export interface PageEvents {
  window: Pick<EventTarget, "addEventListener" | "removeEventListener">;
  document: Pick<EventTarget, "addEventListener" | "removeEventListener"> & {
    visibilityState: DocumentVisibilityState;
  };
}

/**
 * Saves the store's listing and plan after each change (debounced) and when the page is left.
 * Call inside a reactive owner; `save()` writes now if anything changed.
 */
export function createAutosave(
  store: AppStore,
  storage: SiteStorage,
  notify: Notify,
  dismissTopic: (topic: string) => void,
  events: PageEvents = { window, document },
) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dirty = false;
  let failing = false;
  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!dirty) return;
    dirty = false;
    let problem: string | null;
    const listingText = store.listingText();
    // What is written must read back: the listing stays on this page when too long to keep.
    const storable = storableState({ listingText, plan: store.plan() });
    try {
      problem = storage.write(STORAGE_KEY, encodeState(storable.state));
    } catch (e) {
      problem = describeError(e);
    }
    if (problem === null && storable.listingDropped) {
      notify(
        "storage-listing",
        "note",
        `The pasted listing (${listingText.length.toLocaleString("en-US")} characters) is too long to keep in this browser (at most ${MAX_LISTING_CHARS.toLocaleString("en-US")}): the plan is saved without it. After a reload the plan, its disks, VMs and ranges are back, the listing is not: keep your own copy of it.`,
      );
    } else if (problem === null) {
      dismissTopic("storage-listing");
    }
    if (problem === null) {
      if (failing) dismissTopic("storage");
      failing = false;
    } else {
      failing = true;
      notify(
        "storage",
        "error",
        `Your plan could not be saved in this browser (${problem}). It stays only while this page is open: use "Save plan" to keep a copy.`,
      );
    }
  };
  createEffect(
    on(
      [store.listingText, store.plan],
      () => {
        dirty = true;
        clearTimeout(timer);
        timer = setTimeout(save, AUTOSAVE_MS);
      },
      { defer: true },
    ),
  );
  const onHidden = () => {
    if (events.document.visibilityState === "hidden") save();
  };
  events.window.addEventListener("pagehide", save);
  events.document.addEventListener("visibilitychange", onHidden);
  onCleanup(() => {
    save();
    events.window.removeEventListener("pagehide", save);
    events.document.removeEventListener("visibilitychange", onHidden);
  });
  return { save };
}
