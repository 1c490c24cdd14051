import { createRoot } from "solid-js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { decodeState, MAX_LISTING_CHARS, SET_ASIDE_KEY, STORAGE_KEY } from "../lib/state/stored.ts";
import { AUTOSAVE_MS, createAutosave, loadSaved } from "./autosave.ts";
import { MemoryStorage, pageEvents } from "./app.testkit.ts";
import { createNotices } from "./notices.ts";
import { siteStorage } from "./siteStorage.ts";
import { createAppStore } from "./store.ts";
import { EXAMPLE_LISTING } from "../lib/example.ts";

/** Written out AUTOSAVE_MS after the last change, and stored in the next task (autosave.ts: saveSoon). */
const SAVED_MS = AUTOSAVE_MS + 1;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A store, its autosave into `memory`, and the notices, inside a root. */
function setup(memory = new MemoryStorage()) {
  const events = pageEvents();
  return createRoot((dispose) => {
    const notices = createNotices();
    const store = createAppStore();
    const autosave = createAutosave(
      store,
      siteStorage(() => memory),
      notices.notify,
      notices.dismissTopic,
      events,
    );
    return { store, autosave, notices, memory, events, dispose };
  });
}

const saved = (memory: MemoryStorage) => {
  const d = decodeState(memory.getItem(STORAGE_KEY));
  return d.ok ? d.state : null;
};

describe("autosave", () => {
  it("writes the listing and plan 400 ms after the last change, not before", () => {
    const t = setup();
    t.store.actions.setListingText(EXAMPLE_LISTING);
    t.store.actions.addVm();
    vi.advanceTimersByTime(AUTOSAVE_MS - 1);
    expect(t.memory.getItem(STORAGE_KEY)).toBeNull();
    vi.advanceTimersByTime(1);
    // Written out at 400 ms, stored in the next task (autosave.ts: saveSoon).
    expect(t.memory.getItem(STORAGE_KEY)).toBeNull();
    vi.advanceTimersByTime(1);
    const state = saved(t.memory);
    expect(state?.listingText).toBe(EXAMPLE_LISTING);
    expect(state?.plan.vms.map((v) => v.name)).toEqual(["vm1"]);
    t.dispose();
  });

  it("stores nothing stale: a change between writing out and storing is saved by its own timer", () => {
    const t = setup();
    t.store.actions.addVm();
    vi.advanceTimersByTime(AUTOSAVE_MS);
    // Written out (one VM), not yet stored; now a second VM comes.
    t.store.actions.addVm();
    vi.advanceTimersByTime(1);
    expect(t.memory.getItem(STORAGE_KEY)).toBeNull();
    vi.advanceTimersByTime(SAVED_MS);
    expect(saved(t.memory)?.plan.vms).toHaveLength(2);
    t.dispose();
  });

  it("stores the latest state when the page is left between writing out and storing", () => {
    const t = setup();
    t.store.actions.addVm();
    vi.advanceTimersByTime(AUTOSAVE_MS);
    t.store.actions.addVm();
    t.events.leave();
    expect(saved(t.memory)?.plan.vms).toHaveLength(2);
    const stored = t.memory.getItem(STORAGE_KEY);
    // The waiting step is dropped: nothing older is stored over it.
    vi.advanceTimersByTime(10 * SAVED_MS);
    expect(t.memory.getItem(STORAGE_KEY)).toBe(stored);
    t.dispose();
  });

  it("writes at once when the page is hidden or left, so the last edit is kept", () => {
    const t = setup();
    t.store.actions.addVm();
    t.events.leave();
    expect(saved(t.memory)?.plan.vms).toHaveLength(1);
    t.store.actions.addVm();
    t.events.hide();
    expect(saved(t.memory)?.plan.vms).toHaveLength(2);
    t.dispose();
  });

  it("says when storage refuses, and takes the notice back once a save succeeds", () => {
    const t = setup();
    t.memory.refuse = "QuotaExceededError";
    t.store.actions.addVm();
    vi.advanceTimersByTime(SAVED_MS);
    expect(t.notices.notices().map((n) => [n.topic, n.kind])).toEqual([["storage", "error"]]);
    expect(t.notices.notices()[0]?.text).toContain("QuotaExceededError");
    t.memory.refuse = null;
    t.store.actions.addVm();
    vi.advanceTimersByTime(SAVED_MS);
    expect(t.notices.notices()).toEqual([]);
    expect(saved(t.memory)?.plan.vms).toHaveLength(2);
    t.dispose();
  });

  it("leaves a listing too long to read back out of storage, never the plan, and says so", () => {
    const t = setup();
    t.store.actions.setListingText(EXAMPLE_LISTING);
    t.store.actions.addVm();
    t.store.actions.addVm();
    // One character over the limit the reader enforces (docs/plan-format.md's state section).
    const huge = EXAMPLE_LISTING + " ".repeat(MAX_LISTING_CHARS + 1 - EXAMPLE_LISTING.length);
    t.store.actions.setListingText(huge);
    vi.advanceTimersByTime(SAVED_MS);
    const back = saved(t.memory);
    expect(back?.listingText).toBe("");
    expect(back?.plan.vms.map((v) => v.name)).toEqual(["vm1", "vm2"]);
    expect(t.notices.notices().map((n) => n.topic)).toEqual(["storage-listing"]);
    expect(t.notices.notices()[0]?.text).toContain("1,048,577 characters");
    // Back under the limit: the listing is kept again and the note goes.
    t.store.actions.setListingText(EXAMPLE_LISTING);
    vi.advanceTimersByTime(SAVED_MS);
    expect(saved(t.memory)?.listingText).toBe(EXAMPLE_LISTING);
    expect(t.notices.notices()).toEqual([]);
    t.dispose();
  });

  it("saves what is pending when the session ends", () => {
    const t = setup();
    t.store.actions.addVm();
    t.dispose();
    expect(saved(t.memory)?.plan.vms).toHaveLength(1);
  });
});

describe("loadSaved", () => {
  it("reads back what autosave wrote", () => {
    const t = setup();
    t.store.actions.setListingText(EXAMPLE_LISTING);
    t.events.leave();
    t.dispose();
    const { notify } = createRoot(() => createNotices());
    const loaded = loadSaved(
      siteStorage(() => t.memory),
      notify,
    );
    expect(loaded.stored?.listingText).toBe(EXAMPLE_LISTING);
    expect(loaded.setAsideText).toBeNull();
  });

  it("sets an unreadable state aside instead of losing it, and says so", () => {
    const memory = new MemoryStorage();
    memory.setItem(STORAGE_KEY, "{not json");
    createRoot((dispose) => {
      const n = createNotices();
      const loaded = loadSaved(
        siteStorage(() => memory),
        n.notify,
      );
      expect(loaded.stored).toBeNull();
      expect(loaded.setAsideText).toBe("{not json");
      expect(memory.getItem(SET_ASIDE_KEY)).toBe("{not json");
      expect(memory.getItem(STORAGE_KEY)).toBeNull();
      expect(n.notices()[0]?.text).toMatch(/could not be read: .* It was set aside/);
      dispose();
    });
  });

  it("says so when the browser refuses its storage altogether", () => {
    createRoot((dispose) => {
      const n = createNotices();
      const blocked = siteStorage(() => {
        throw new Error("SecurityError: storage is disabled");
      });
      expect(loadSaved(blocked, n.notify).stored).toBeNull();
      expect(n.notices()[0]?.text).toContain("does not let the page use its storage");
      dispose();
    });
  });
});
