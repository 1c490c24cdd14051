/**
 * Two tabs sharing one storage (autosave.ts with its tabs part): each hears the other's writes
 * through a `storage` event, as browsers deliver them to every other tab of the site.
 */
import { createRoot } from "solid-js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { decodeSetAsideList, SET_ASIDE_LIST_KEY } from "../lib/state/setAsideList.ts";
import { decodeState, STORAGE_KEY } from "../lib/state/stored.ts";
import { MemoryStorage, pageEvents } from "./app.testkit.ts";
import { AUTOSAVE_MS, createAutosave, loadSaved } from "./autosave.ts";
import { createNotices } from "./notices.ts";
import { createSetAside } from "./setAside.ts";
import { siteStorage } from "./siteStorage.ts";
import { createAppStore } from "./store.ts";

/** Written out AUTOSAVE_MS after the last change, and stored in the next task (autosave.ts: saveSoon). */
const SAVED_MS = AUTOSAVE_MS + 1;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A storage whose writes reach every tab but the writer, like localStorage's storage event. */
class SharedStorage extends MemoryStorage {
  readonly tabs: { events: ReturnType<typeof pageEvents> }[] = [];
  writer: unknown = null;
  override setItem(key: string, value: string): void {
    super.setItem(key, value);
    for (const tab of this.tabs) {
      if (tab === this.writer) continue;
      tab.events.storage(key, value);
    }
  }
}

/** One tab as the session builds it: loaded from storage, set-aside list, autosave with tabs. */
function openTab(shared: SharedStorage, id: string) {
  const events = pageEvents();
  const tab = createRoot((dispose) => {
    const notices = createNotices();
    const storage = siteStorage(() => shared);
    const { stored, stamp } = loadSaved(storage, notices.notify);
    const store = createAppStore(
      stored ? { listingText: stored.listingText, plan: stored.plan } : { listingText: "" },
    );
    const aside = createSetAside(store, storage, notices.notify);
    const autosave = createAutosave(store, storage, notices.notify, notices.dismissTopic, events, {
      aside,
      loaded: stored,
      loadedStamp: stamp,
      tabId: id,
    });
    return { store, aside, autosave, notices, events, dispose };
  });
  const entry = { ...tab, events };
  shared.tabs.push(entry);
  /** Runs `f` as this tab: its writes reach the other tabs only. */
  const act = (f: () => void) => {
    shared.writer = entry;
    f();
    shared.writer = null;
  };
  return { ...tab, act, settle: () => act(() => vi.advanceTimersByTime(SAVED_MS)) };
}

const storedVms = (memory: MemoryStorage) => {
  const d = decodeState(memory.getItem(STORAGE_KEY));
  return d.ok ? d.state?.plan.vms.map((v) => v.name) : undefined;
};
const setAsideVms = (memory: MemoryStorage) =>
  decodeSetAsideList(memory.getItem(SET_ASIDE_LIST_KEY)).entries.map((e) => {
    const d = decodeState(e.state);
    return d.ok ? d.state?.plan.vms.map((v) => v.name) : undefined;
  });

describe("two tabs", () => {
  it("take each other's edits in turn when nothing of theirs is unsaved", () => {
    const shared = new SharedStorage();
    const a = openTab(shared, "a");
    const b = openTab(shared, "b");
    a.act(() => a.store.actions.addVm());
    a.settle();
    expect(b.store.plan().vms.map((v) => v.name)).toEqual(["vm1"]);
    b.act(() => b.store.actions.addVm());
    b.settle();
    expect(a.store.plan().vms.map((v) => v.name)).toEqual(["vm1", "vm2"]);
    expect(storedVms(shared)).toEqual(["vm1", "vm2"]);
    expect(a.autosave.conflict()).toBeNull();
    expect(b.autosave.conflict()).toBeNull();
    a.dispose();
    b.dispose();
  });

  it("ask when both changed the plan, and never write over the other tab's change", () => {
    const shared = new SharedStorage();
    const a = openTab(shared, "a");
    a.act(() => a.store.actions.addVm());
    a.settle();
    const b = openTab(shared, "b");
    // Both edit within the same 400 ms: b's edit is unsaved when a's write arrives.
    b.act(() => b.store.actions.renameVm(0, "b-edit"));
    a.act(() => a.store.actions.addVm());
    a.settle();
    expect(b.autosave.conflict()?.state.plan.vms.map((v) => v.name)).toEqual(["vm1", "vm2"]);
    b.settle();
    expect(storedVms(shared)).toEqual(["vm1", "vm2"]);
    // Reloading b without choosing: its plan goes to the set-aside list, not over a's.
    b.act(() => b.events.leave());
    expect(storedVms(shared)).toEqual(["vm1", "vm2"]);
    expect(setAsideVms(shared)).toEqual([["b-edit"]]);
    a.dispose();
    b.dispose();
  });

  it("keep this tab's plan: it is saved, and the other tab's is set aside", () => {
    const shared = new SharedStorage();
    const a = openTab(shared, "a");
    const b = openTab(shared, "b");
    b.act(() => b.store.actions.addVm());
    a.act(() => a.store.actions.setPlanName("a's"));
    a.act(() => a.store.actions.addVm());
    a.settle();
    expect(b.autosave.conflict()).not.toBeNull();
    b.act(() => b.autosave.keepThisTab());
    expect(b.autosave.conflict()).toBeNull();
    const kept = decodeState(shared.getItem(STORAGE_KEY));
    expect(kept.ok && kept.state?.plan.name).toBe("plan");
    expect(decodeSetAsideList(shared.getItem(SET_ASIDE_LIST_KEY)).entries[0]?.name).toBe("a's");
    // a had nothing unsaved and b's write stands on a's: a now shows b's plan.
    expect(a.store.plan().name).toBe("plan");
    expect(a.autosave.conflict()).toBeNull();
    a.dispose();
    b.dispose();
  });

  it("use the other tab's plan: this tab's is set aside and restorable", () => {
    const shared = new SharedStorage();
    const a = openTab(shared, "a");
    const b = openTab(shared, "b");
    b.act(() => b.store.actions.addVm());
    b.act(() => b.store.actions.setPlanName("b's"));
    a.act(() => a.store.actions.setPlanName("a's"));
    a.settle();
    b.act(() => b.autosave.useOtherTab());
    expect(b.store.plan().name).toBe("a's");
    expect(b.aside.entries().map((e) => e.name)).toEqual(["b's"]);
    b.settle();
    expect(a.autosave.conflict()).toBeNull();
    b.act(() => b.aside.restore());
    expect(b.store.plan().name).toBe("b's");
    expect(b.store.plan().vms).toHaveLength(1);
    b.dispose();
    a.dispose();
  });
});
