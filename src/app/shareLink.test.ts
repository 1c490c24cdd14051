import { createRoot } from "solid-js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { planToJson } from "../lib/plan/codec.ts";
import { workedExamplePlan } from "../lib/plan/example.testkit.ts";
import { encodeShareFragment } from "../lib/share/link.ts";
import { MemoryStorage } from "./app.testkit.ts";
import { createNotices } from "./notices.ts";
import { createSetAside } from "./setAside.ts";
import { createShareLinks } from "./shareLink.ts";
import { siteStorage } from "./siteStorage.ts";
import { createAppStore } from "./store.ts";

/** The address bar and the clipboard, as the page has them. */
let address: URL;
let clipboard: string[];
beforeEach(() => {
  address = new URL("https://example.org/raw-disk/");
  clipboard = [];
  vi.stubGlobal("window", new EventTarget());
  vi.stubGlobal("location", {
    get hash() {
      return address.hash;
    },
    get href() {
      return address.href;
    },
    get pathname() {
      return address.pathname;
    },
    get search() {
      return address.search;
    },
  });
  vi.stubGlobal("history", {
    state: null,
    replaceState: (_s: unknown, _t: string, url: string) => {
      address = new URL(url, address);
    },
  });
  vi.stubGlobal("navigator", {
    clipboard: { writeText: (text: string) => Promise.resolve(void clipboard.push(text)) },
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

function setup() {
  return createRoot((dispose) => {
    const notices = createNotices();
    const store = createAppStore();
    const aside = createSetAside(
      store,
      siteStorage(() => new MemoryStorage()),
      notices.notify,
    );
    const links = createShareLinks(store, notices.notify, notices.dismissTopic, aside);
    return { store, links, notices, dispose };
  });
}

describe("share links", () => {
  it("copies a link that puts the same plan, ids filled, on another page", async () => {
    const a = setup();
    a.store.actions.replace("", { ...workedExamplePlan(), name: "shared" });
    a.store.actions.addVm();
    await a.links.copyShareLink();
    const link = a.links.shareLink();
    expect(link?.copied).toBe(true);
    expect(clipboard).toEqual([link?.url]);
    expect(address.hash.startsWith("#plan=")).toBe(true);
    // The VM's uuid was filled before the link was made, so both pages build the same files.
    expect(a.store.plan().vms[0]?.uuid).toMatch(/^[0-9a-f-]{36}$/);

    const b = setup();
    await vi.waitFor(() => expect(planToJson(b.store.plan())).toBe(planToJson(a.store.plan())));
    a.dispose();
    b.dispose();
  });

  it("asks before a link replaces the user's work, and Keep mine clears the address bar", async () => {
    address.hash = await encodeShareFragment({ ...workedExamplePlan(), name: "theirs" });
    const t = createRoot((dispose) => {
      const notices = createNotices();
      const store = createAppStore({ listingText: "my listing" });
      const aside = createSetAside(
        store,
        siteStorage(() => new MemoryStorage()),
        notices.notify,
      );
      return {
        store,
        notices,
        links: createShareLinks(store, notices.notify, notices.dismissTopic, aside),
        dispose,
      };
    });
    await vi.waitFor(() => expect(t.links.pendingShare()?.name).toBe("theirs"));
    expect(t.store.listingText()).toBe("my listing");
    t.links.keepMine();
    expect(address.hash).toBe("");
    expect(t.store.plan().name).not.toBe("theirs");
    t.dispose();
  });

  it("says why a damaged link cannot be opened", async () => {
    address.hash = "#plan=1.notbase64!";
    const t = setup();
    await vi.waitFor(() =>
      expect(t.notices.notices()[0]?.text).toMatch(/^This share link cannot be opened\./),
    );
    t.dispose();
  });

  it("stops calling the link current once the plan moves on", async () => {
    const t = setup();
    t.store.actions.addVm();
    await t.links.copyShareLink();
    expect(t.links.shareLinkStale()).toBe(false);
    t.store.actions.addVm();
    expect(t.links.shareLinkStale()).toBe(true);
    expect(address.hash).toBe("");
    t.dispose();
  });
});
