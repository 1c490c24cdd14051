import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import { decodeState, SET_ASIDE_KEY } from "../lib/state/stored.ts";
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
    const aside = createSetAside(
      store,
      siteStorage(() => memory),
      notices.notify,
      initial,
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
    const kept = decodeState(t.memory.getItem(SET_ASIDE_KEY));
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
    expect(t.memory.getItem(SET_ASIDE_KEY)).toBeNull();
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
});
