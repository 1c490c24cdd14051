/**
 * Replacing the plan (a share link, a plan file, a restore) never loses the work it replaces:
 * that is set aside in storage (and in memory when storage refuses), and one click restores it.
 */
import { decodeState, encodeState, SET_ASIDE_KEY, type SavedState } from "../lib/state/stored.ts";
import type { Notify } from "./notices.ts";
import type { SiteStorage } from "./siteStorage.ts";
import type { AppStore } from "./store.ts";

/** True when there is something of the user's to lose. */
export const hasWork = (s: SavedState): boolean =>
  s.listingText.trim() !== "" || s.plan.disks.length > 0 || s.plan.vms.length > 0;

export function createSetAside(
  store: AppStore,
  storage: SiteStorage,
  notify: Notify,
  initialText: string | null = null,
) {
  /** The set-aside state, also kept here when storage refuses it. */
  let memory: string | null = initialText;
  const current = (): SavedState => ({ listingText: store.listingText(), plan: store.plan() });
  const setAside = (state: SavedState) => {
    memory = encodeState(state);
    storage.write(SET_ASIDE_KEY, memory);
  };
  const restoreAction = { label: "Restore my previous plan", run: () => restore() };
  /** Replaces listing and plan; work in progress is set aside and one click brings it back. */
  const replaceWith = (next: SavedState, message: string) => {
    const before = current();
    const keep = hasWork(before);
    if (keep) setAside(before);
    store.actions.replace(next.listingText, next.plan);
    notify(
      "replaced",
      "note",
      keep ? `${message} Your previous plan was set aside.` : message,
      [],
      keep ? restoreAction : null,
    );
  };
  const restore = () => {
    const raw =
      memory ??
      (() => {
        const r = storage.read(SET_ASIDE_KEY);
        return r.ok ? r.value : null;
      })();
    const decoded = decodeState(raw);
    if (!decoded.ok || decoded.state === null) {
      notify(
        "replaced",
        "error",
        decoded.ok
          ? "There is no previous plan to restore."
          : `The previous plan cannot be restored: ${decoded.error}`,
      );
      return;
    }
    replaceWith(decoded.state, "Restored your previous plan.");
  };
  return { current, replaceWith, restore };
}

export type SetAside = ReturnType<typeof createSetAside>;
