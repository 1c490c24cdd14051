/**
 * The plan's life outside the page, composed from one part per concern. Everything that comes
 * in (storage, a link, a file) is hostile until the engine's loaders have validated it;
 * nothing here throws at the page.
 *
 *   store ──(debounced)──► localStorage[STORAGE_KEY]            reload: back into the store
 *   link / file / restore ──► replaces the plan; what it replaced ──► the set-aside list
 *   "Copy share link" ──► #plan=1.… in the address bar (the fragment never reaches a server)
 *
 * notices.ts (what the page tells the user), autosave.ts (load at start, save after changes),
 * setAside.ts (replace and restore), shareLink.ts, planFiles.ts, descriptorImport.ts; a new
 * version's reload offer is here.
 */
import { createAutosave, loadSaved } from "./autosave.ts";
import { createDescriptorImport } from "./descriptorImport.ts";
import { createNotices } from "./notices.ts";
import { registerOffline } from "./offline.ts";
import { createPlanFiles } from "./planFiles.ts";
import { createSetAside } from "./setAside.ts";
import { createShareLinks } from "./shareLink.ts";
import { siteStorage } from "./siteStorage.ts";
import { createAppStore } from "./store.ts";

export type { Notice } from "./notices.ts";
export type { ShareLink } from "./shareLink.ts";
export type { ImportedDescriptor, PendingDeviceQuestions } from "./descriptorImport.ts";

/**
 * The store, started from what this browser saved (text typed before the planner loaded wins
 * over the saved listing), and the session around it. Call inside a reactive owner.
 */
export function createSession(earlyText: string) {
  const { notices, notify, dismissTopic, dismiss } = createNotices();
  const storage = siteStorage();
  const { stored, setAsideText, stamp } = loadSaved(storage, notify);
  const store = createAppStore(
    stored ? { listingText: stored.listingText, plan: stored.plan } : { listingText: earlyText },
  );
  if (stored && earlyText.trim() !== "" && earlyText !== stored.listingText) {
    store.actions.setListingText(earlyText);
  }
  const aside = createSetAside(store, storage, notify, setAsideText);
  const { save, conflict, keepThisTab, useOtherTab } = createAutosave(
    store,
    storage,
    notify,
    dismissTopic,
    { window, document },
    { aside, loaded: stored, loadedStamp: stamp },
  );
  const links = createShareLinks(store, notify, dismissTopic, aside);
  const files = createPlanFiles(notify, dismissTopic, aside, links.filledPlan);
  const importing = createDescriptorImport(store, notify, dismissTopic);

  // A new version waits for the user's reload, in this tab and in every other; the work is
  // saved first.
  const reloadAction = (reload: () => void) => ({
    label: "Reload",
    run: () => {
      save();
      reload();
    },
  });
  registerOffline(
    (apply) =>
      notify(
        "update",
        "note",
        "A new version is ready — reload to use it.",
        [],
        reloadAction(apply),
      ),
    (reload) =>
      notify(
        "update",
        "note",
        "A new version was started in another tab. This page keeps working as it is: reload it when you are ready.",
        [],
        reloadAction(reload),
      ),
  );

  const { filledPlan: _filledPlan, ...shareParts } = links;
  const session = {
    notices,
    dismiss,
    ...shareParts,
    ...files,
    ...importing,
    plan: store.plan,
    setAsideEntries: aside.entries,
    tabConflict: conflict,
    keepThisTab,
    useOtherTab,
    restoreSetAside: aside.restore,
  };
  return { store, session };
}

export type Session = ReturnType<typeof createSession>["session"];
