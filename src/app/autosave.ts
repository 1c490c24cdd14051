/**
 * What this browser keeps of the work: read once at start (a state that cannot be read is set
 * aside, never lost), then written 400 ms after each change (in two tasks: see `saveSoon`), and
 * at once when the page is hidden or left (pagehide, visibilitychange) so an edit just before
 * closing is kept.
 *
 * Several tabs share the one stored state. Each write is stamped (stored.ts: `edit`,
 * `basedOn`); a tab that hears of another tab's write (the `storage` event) takes it when it
 * holds everything this tab had, and otherwise stops writing and asks which plan to keep: the
 * other one goes to the set-aside list, and a tab left or reloaded before choosing sets its own
 * plan aside there, so no edit is lost without the user choosing.
 */
import { createEffect, createSignal, on, onCleanup } from "solid-js";
import {
  decodeState,
  encodeState,
  MAX_LISTING_CHARS,
  SET_ASIDE_KEY,
  storableState,
  STORAGE_KEY,
  type SavedState,
  type StateStamp,
  withStamp,
} from "../lib/state/stored.ts";
import { randomUuid } from "./clipboard.ts";
import { describeError, type Notify } from "./notices.ts";
import { hasWork, type SetAside } from "./setAside.ts";
import type { SiteStorage } from "./siteStorage.ts";
import type { AppStore } from "./store.ts";

export const AUTOSAVE_MS = 400;

export interface LoadedState {
  /** What was saved, or null (nothing saved, unreadable, or storage refused). */
  stored: SavedState | null;
  /** An unreadable saved state, kept for "Restore" even when storage refuses to keep it. */
  setAsideText: string | null;
  /** Which write the saved state is (null: none, or written without a stamp). */
  stamp: StateStamp | null;
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
    return { stored: null, setAsideText: null, stamp: null };
  }
  const decoded = decodeState(raw.value);
  if (decoded.ok)
    return { stored: decoded.state, setAsideText: null, stamp: decoded.stamp ?? null };
  if (raw.value === null) return { stored: null, setAsideText: null, stamp: null };
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
  return { stored: null, setAsideText: raw.value, stamp: null };
}

/** Where the page's leave and hide events come from (the window and document in the page). */
export interface PageEvents {
  window: Pick<EventTarget, "addEventListener" | "removeEventListener">;
  document: Pick<EventTarget, "addEventListener" | "removeEventListener"> & {
    visibilityState: DocumentVisibilityState;
  };
}

/** What the tabs part needs: the set-aside list, and the stamp of the state loaded at start. */
export interface TabOptions {
  aside: SetAside;
  /** The state loaded at start (null: none) and which write it was. */
  loaded: SavedState | null;
  loadedStamp: StateStamp | null;
  tabId?: string;
}

/** Another tab's write that this tab has not taken, waiting for the user's choice. */
export interface TabConflict {
  state: SavedState;
  stamp: StateStamp | null;
}

/** The state as stored, without a stamp: two tabs holding the same work write the same text. */
const contentOf = (state: SavedState) => encodeState(storableState(state).state);

/**
 * Saves the store's listing and plan after each change (debounced) and when the page is left,
 * and, with `tabs`, keeps other tabs' writes and this tab's apart (see the top of this file).
 * Call inside a reactive owner; `save()` writes now if anything changed.
 */
export function createAutosave(
  store: AppStore,
  storage: SiteStorage,
  notify: Notify,
  dismissTopic: (topic: string) => void,
  events: PageEvents = { window, document },
  tabs: TabOptions | null = null,
) {
  const tabId = tabs?.tabId ?? randomUuid();
  let writes = 0;
  const current = (): SavedState => ({ listingText: store.listingText(), plan: store.plan() });
  /** The write this tab's plan stands on, and its content: nothing to save while unchanged. */
  let base: string | null = tabs?.loadedStamp?.edit ?? null;
  let baseContent = tabs?.loaded ? contentOf(tabs.loaded) : contentOf(current());
  const [conflict, setConflict] = createSignal<TabConflict | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** The second step of a timer's save (see `saveSoon`), while it waits. */
  let writeTimer: ReturnType<typeof setTimeout> | undefined;
  let dirty = false;
  let failing = false;
  /** Stores `content` (the state as encodeState wrote it) and says what came of it. */
  const write = (content: string, listingText: string, listingDropped: boolean) => {
    if (tabs && content === baseContent) return;
    const stamp = { edit: `${tabId}:${++writes}`, basedOn: base };
    let problem: string | null;
    try {
      problem = storage.write(STORAGE_KEY, withStamp(content, stamp));
    } catch (e) {
      problem = describeError(e);
    }
    if (problem === null) {
      base = stamp.edit;
      baseContent = content;
    }
    if (problem === null && listingDropped) {
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
  /** The state as it can be written now: a listing too long to read back stays on this page. */
  const encodeNow = () => {
    const listingText = store.listingText();
    const plan = store.plan();
    const storable = storableState({ listingText, plan });
    return {
      listingText,
      plan,
      listingDropped: storable.listingDropped,
      content: encodeState(storable.state),
    };
  };
  /** Writes now if anything changed: when the page is left or hidden, or a choice is made. */
  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    clearTimeout(writeTimer);
    writeTimer = undefined;
    if (!dirty || conflict() !== null) return;
    dirty = false;
    const now = encodeNow();
    write(now.content, now.listingText, now.listingDropped);
  };
  /**
   * The timer's save, in two tasks: the state is written out as text in one and stored in the
   * next, so the page can draw and answer a click in between (each half of a big plan's save
   * takes a few dozen milliseconds; docs/big-plans.md). A change in between has started a new
   * timer and makes the text stale: it is dropped, and the new timer saves the new state.
   */
  const saveSoon = () => {
    timer = undefined;
    if (!dirty || conflict() !== null) return;
    const encoded = encodeNow();
    clearTimeout(writeTimer);
    writeTimer = setTimeout(() => {
      writeTimer = undefined;
      if (store.listingText() !== encoded.listingText || store.plan() !== encoded.plan) return;
      if (!dirty || conflict() !== null) return;
      dirty = false;
      write(encoded.content, encoded.listingText, encoded.listingDropped);
    }, 0);
  };
  createEffect(
    on(
      [store.listingText, store.plan],
      () => {
        dirty = true;
        clearTimeout(timer);
        timer = setTimeout(saveSoon, AUTOSAVE_MS);
      },
      { defer: true },
    ),
  );
  /** Leaving with a choice pending: this tab's plan goes to the set-aside list, not over theirs. */
  const leave = () => {
    const waiting = conflict();
    if (waiting && tabs && contentOf(current()) !== contentOf(waiting.state)) {
      tabs.aside.setAside(current(), "This tab's plan, left while another tab had changed it");
      dirty = false;
    }
    save();
  };
  const onHidden = () => {
    if (events.document.visibilityState === "hidden") save();
  };

  /** Another tab wrote: take it when it holds all of this tab's work, else ask. */
  const onStorage = (e: Event) => {
    const { key, newValue } = e as StorageEvent;
    if (!tabs || key !== STORAGE_KEY || newValue === null) return;
    const decoded = decodeState(newValue);
    // What cannot be read is set aside by the next start's loadSaved; this tab keeps its own.
    if (!decoded.ok || decoded.state === null) return;
    const theirs = decoded.state;
    const stamp = decoded.stamp ?? null;
    const theirContent = contentOf(theirs);
    const mine = contentOf(current());
    if (theirContent === mine) {
      base = stamp?.edit ?? null;
      baseContent = mine;
      setConflict(null);
      dismissTopic("tabs");
      return;
    }
    const unsaved = dirty || mine !== baseContent;
    const holdsMine = !unsaved && stamp !== null && stamp.basedOn === base;
    if (conflict() === null && (holdsMine || !hasWork(current()))) {
      base = stamp?.edit ?? null;
      baseContent = theirContent;
      store.actions.replace(theirs.listingText, theirs.plan);
      notify("tabs", "note", "This page now shows the change made to the plan in another tab.");
      return;
    }
    clearTimeout(timer);
    clearTimeout(writeTimer);
    setConflict({ state: theirs, stamp });
  };
  const latestOrConflict = (): TabConflict | null => {
    const raw = storage.read(STORAGE_KEY);
    const decoded = decodeState(raw.ok ? raw.value : null);
    if (decoded.ok && decoded.state) return { state: decoded.state, stamp: decoded.stamp ?? null };
    return conflict();
  };
  /** The user keeps this tab's plan: the other tab's goes to the set-aside list. */
  const keepThisTab = () => {
    const theirs = latestOrConflict();
    setConflict(null);
    if (!tabs || !theirs) return;
    tabs.aside.setAside(theirs.state, "Another tab's plan, set aside when you kept this tab's");
    base = theirs.stamp?.edit ?? null;
    baseContent = contentOf(theirs.state);
    dirty = true;
    save();
    notify("tabs", "note", "Kept this tab's plan; the other tab's plan was set aside.");
  };
  /** The user takes the other tab's plan: this tab's goes to the set-aside list. */
  const useOtherTab = () => {
    const theirs = latestOrConflict();
    setConflict(null);
    if (!tabs || !theirs) return;
    base = theirs.stamp?.edit ?? null;
    baseContent = contentOf(theirs.state);
    tabs.aside.replaceWith(theirs.state, "Took the plan from the other tab.");
  };

  events.window.addEventListener("pagehide", leave);
  events.window.addEventListener("storage", onStorage);
  events.document.addEventListener("visibilitychange", onHidden);
  onCleanup(() => {
    leave();
    events.window.removeEventListener("pagehide", leave);
    events.window.removeEventListener("storage", onStorage);
    events.document.removeEventListener("visibilitychange", onHidden);
  });
  return { save, conflict, keepThisTab, useOtherTab };
}
