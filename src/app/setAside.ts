/**
 * Replacing the plan (a share link, a plan file, a restore, another tab's change) never loses
 * the work it replaces: that goes to the front of a short list of set-aside plans, kept in
 * storage (and in memory when storage refuses), each restorable from the page.
 */
import { createSignal } from "solid-js";
import {
  decodeSetAsideList,
  encodeSetAsideList,
  SET_ASIDE_LIST_KEY,
  withEntry,
  type SetAsideEntry,
} from "../lib/state/setAsideList.ts";
import {
  decodeState,
  encodeState,
  SET_ASIDE_KEY,
  storableState,
  type SavedState,
} from "../lib/state/stored.ts";
import type { Notify } from "./notices.ts";
import type { SiteStorage } from "./siteStorage.ts";
import type { AppStore } from "./store.ts";

/** True when there is something of the user's to lose. */
export const hasWork = (s: SavedState): boolean =>
  s.listingText.trim() !== "" || s.plan.disks.length > 0 || s.plan.vms.length > 0;

/** A name for the list: the plan's, or what is known of an unreadable state. */
export function setAsideName(stateText: string): string {
  const decoded = decodeState(stateText);
  if (!decoded.ok) return "A saved plan that cannot be read";
  const name = decoded.state?.plan.name.trim() ?? "";
  return name === "" ? "Untitled plan" : name;
}

export function createSetAside(
  store: AppStore,
  storage: SiteStorage,
  notify: Notify,
  /** An unreadable saved state found at start (autosave's loadSaved). */
  initialText: string | null = null,
  now: () => number = Date.now,
) {
  const current = (): SavedState => ({ listingText: store.listingText(), plan: store.plan() });

  const stored = storage.read(SET_ASIDE_LIST_KEY);
  let start = stored.ok ? decodeSetAsideList(stored.value).entries : [];
  // The single slot of earlier versions (and loadSaved's unreadable state) joins the list.
  const legacy = storage.read(SET_ASIDE_KEY);
  for (const text of [legacy.ok ? legacy.value : null, initialText]) {
    if (text && !start.some((e) => e.state === text)) {
      start = withEntry(start, {
        at: now(),
        name: setAsideName(text),
        why: "Set aside earlier",
        state: text,
      });
    }
  }
  const [entries, setEntries] = createSignal<SetAsideEntry[]>(start);

  /** Writes the list; when storage is short, the oldest entries stay in memory only. */
  const persist = (list: SetAsideEntry[]) => {
    setEntries(list);
    for (let keep = list.length; keep >= 0; keep--) {
      if (storage.write(SET_ASIDE_LIST_KEY, encodeSetAsideList(list.slice(0, keep))) === null) {
        if (keep < list.length) {
          notify(
            "set-aside-storage",
            "error",
            `This browser's storage holds only ${keep} of the ${list.length} set-aside plans: the others stay only while this page is open.`,
          );
        }
        return;
      }
    }
  };
  if (start.length > 0 && stored.ok && stored.value !== encodeSetAsideList(start)) persist(start);

  /** Puts a state at the front of the list. */
  const setAside = (state: SavedState, why: string) => {
    const text = encodeState(storableState(state).state);
    persist(withEntry(entries(), { at: now(), name: setAsideName(text), why, state: text }));
  };
  const restoreAction = { label: "Restore my previous plan", run: () => restore() };

  /** Replaces listing and plan; work in progress is set aside and one click brings it back. */
  const replaceWith = (next: SavedState, message: string) => {
    const before = current();
    const keep = hasWork(before);
    if (keep) setAside(before, message);
    store.actions.replace(next.listingText, next.plan);
    notify(
      "replaced",
      "note",
      keep ? `${message} Your previous plan was set aside.` : message,
      [],
      keep ? restoreAction : null,
    );
  };

  /** Brings back one set-aside plan (the newest by default); the current one is set aside. */
  const restore = (entry: SetAsideEntry | undefined = entries()[0]) => {
    if (!entry) {
      notify("replaced", "error", "There is no previous plan to restore.");
      return;
    }
    const decoded = decodeState(entry.state);
    if (!decoded.ok || decoded.state === null) {
      notify(
        "replaced",
        "error",
        `The previous plan cannot be restored: ${decoded.ok ? "it is empty." : decoded.error}`,
      );
      return;
    }
    persist(entries().filter((e) => e !== entry));
    if (legacy.ok && legacy.value === entry.state) storage.remove(SET_ASIDE_KEY);
    replaceWith(decoded.state, `Restored “${entry.name}”.`);
  };
  return { current, setAside, replaceWith, restore, entries };
}

export type SetAside = ReturnType<typeof createSetAside>;
