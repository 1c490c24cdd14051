import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import { decodeSetAsideList, SET_ASIDE_LIST_KEY } from "../lib/state/setAsideList.ts";
import { decodeState, encodeState, SET_ASIDE_KEY } from "../lib/state/stored.ts";
import { emptyPlan } from "../lib/plan/types.ts";
import { EXAMPLE_LISTING } from "../lib/example.ts";
import { MemoryStorage } from "./app.testkit.ts";
import { createNotices } from "./notices.ts";
import { createSetAside, hasWork } from "./setAside.ts";
import { siteStorage } from "./siteStorage.ts";
import { createAppStore } from "./store.ts";

function setup(memory = new MemoryStorage(), initial: string | null = null) {
  return createRoot((dispose) => {
    const notices = createNotices();
    const store = createAppStore();
    let clock = 1_764_943_200_000;
    const aside = createSetAside(
      store,
      siteStorage(() => memory),
      notices.notify,
      initial,
      () => clock++,
    );
    return { store, aside, notices, memory, dispose };
  });
}

const other = { listingText: "", plan: { ...emptyPlan("theirs") } };

describe("replacing the plan sets the user's work aside", () => {
  it("keeps the replaced listing and plan, and Restore brings them back", () => {
    const t = setup();
    t.store.actions.setListingText(EXAMPLE_LISTING);
    t.store.actions.addVm();
    t.aside.replaceWith(other, "Opened theirs.");
    expect(t.store.plan().name).toBe("theirs");
    const list = decodeSetAsideList(t.memory.getItem(SET_ASIDE_LIST_KEY)).entries;
    expect(list.map((e) => [e.name, e.why, e.at])).toEqual([
      ["plan", "Opened theirs.", 1_764_943_200_000],
    ]);
    const kept = decodeState(list[0]?.state ?? null);
    expect(kept.ok && kept.state?.plan.vms.map((v) => v.name)).toEqual(["vm1"]);
    const notice = t.notices.notices()[0];
    expect(notice?.text).toBe("Opened theirs. Your previous plan was set aside.");
    notice?.action?.run();
    expect(t.store.listingText()).toBe(EXAMPLE_LISTING);
    expect(t.store.plan().vms.map((v) => v.name)).toEqual(["vm1"]);
    t.dispose();
  });

  it("keeps the set-aside plan in memory when storage refuses it", () => {
    const t = setup();
    t.store.actions.addVm();
    t.memory.refuse = "QuotaExceededError";
    t.aside.replaceWith(other, "Opened theirs.");
    t.aside.restore();
    expect(t.store.plan().vms).toHaveLength(1);
    t.dispose();
  });

  it("sets nothing aside when there is nothing to lose, and says so on Restore", () => {
    const t = setup();
    expect(hasWork({ listingText: " \n", plan: t.store.plan() })).toBe(false);
    t.aside.replaceWith(other, "Opened theirs.");
    expect(t.memory.getItem(SET_ASIDE_LIST_KEY)).toBeNull();
    expect(t.aside.entries()).toEqual([]);
    expect(t.notices.notices()[0]?.action).toBeNull();
    t.aside.restore();
    expect(t.notices.notices()[0]?.text).toBe("There is no previous plan to restore.");
    t.dispose();
  });

  it("explains why an unreadable set-aside state cannot be restored", () => {
    const t = setup(new MemoryStorage(), "{broken");
    t.aside.restore();
    expect(t.notices.notices()[0]?.kind).toBe("error");
    expect(t.notices.notices()[0]?.text).toMatch(/^The previous plan cannot be restored: /);
    t.dispose();
  });

  it("keeps every replaced plan in the list, each restorable, not only the last", () => {
    const t = setup();
    t.store.actions.setListingText(EXAMPLE_LISTING);
    t.store.actions.addVm();
    t.store.actions.setPlanName("mine");
    t.aside.replaceWith({ listingText: "", plan: emptyPlan("first link") }, "Opened a link.");
    t.store.actions.addVm();
    t.aside.replaceWith({ listingText: "", plan: emptyPlan("second link") }, "Opened a link.");
    t.store.actions.addVm();
    t.aside.replaceWith({ listingText: "", plan: emptyPlan("file") }, "Opened plan.json.");
    expect(t.aside.entries().map((e) => e.name)).toEqual(["second link", "first link", "mine"]);
    const mine = t.aside.entries()[2];
    t.aside.restore(mine);
    expect(t.store.plan().name).toBe("mine");
    expect(t.store.listingText()).toBe(EXAMPLE_LISTING);
    // "mine" left the list; the empty "file" plan it replaced had nothing to keep.
    expect(t.aside.entries().map((e) => e.name)).toEqual(["second link", "first link"]);
    const stored = decodeSetAsideList(t.memory.getItem(SET_ASIDE_LIST_KEY)).entries;
    expect(stored.map((e) => e.name)).toEqual(["second link", "first link"]);
    t.dispose();
  });

  it("keeps what storage cannot hold in memory, and says so", () => {
    const memory = new MemoryStorage();
    const t = setup(memory);
    t.store.actions.addVm();
    t.aside.replaceWith({ listingText: "", plan: emptyPlan("a") }, "Opened a.");
    const setItem = memory.setItem.bind(memory);
    // Room for one entry only from now on.
    memory.setItem = (key, value) => {
      if (key === SET_ASIDE_LIST_KEY && decodeSetAsideList(value).entries.length > 1) {
        throw new Error("QuotaExceededError");
      }
      setItem(key, value);
    };
    t.store.actions.addVm();
    t.aside.replaceWith({ listingText: "", plan: emptyPlan("b") }, "Opened b.");
    expect(t.aside.entries().map((e) => e.name)).toEqual(["a", "plan"]);
    expect(decodeSetAsideList(memory.getItem(SET_ASIDE_LIST_KEY)).entries).toHaveLength(1);
    expect(t.notices.notices().find((n) => n.topic === "set-aside-storage")?.text).toBe(
      "This browser's storage holds only 1 of the 2 set-aside plans: the others stay only while this page is open.",
    );
    t.aside.restore(t.aside.entries()[1]);
    expect(t.store.plan().vms).toHaveLength(1);
    t.dispose();
  });

  it("brings the single set-aside slot of earlier versions into the list", () => {
    const memory = new MemoryStorage();
    const old = encodeState({ listingText: EXAMPLE_LISTING, plan: emptyPlan("older") });
    memory.setItem(SET_ASIDE_KEY, old);
    const t = setup(memory);
    expect(t.aside.entries().map((e) => [e.name, e.why])).toEqual([["older", "Set aside earlier"]]);
    t.aside.restore();
    expect(t.store.plan().name).toBe("older");
    expect(memory.getItem(SET_ASIDE_KEY)).toBeNull();
    expect(t.aside.entries()).toEqual([]);
    t.dispose();
  });
});
