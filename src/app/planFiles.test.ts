import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import { planToJson } from "../lib/plan/codec.ts";
import { workedExamplePlan } from "../lib/plan/example.testkit.ts";
import { buildZip } from "../lib/zip/zip.ts";
import { MemoryStorage } from "./app.testkit.ts";
import { createNotices } from "./notices.ts";
import { createPlanFiles, MAX_PLAN_FILE_BYTES } from "./planFiles.ts";
import { createSetAside } from "./setAside.ts";
import { siteStorage } from "./siteStorage.ts";
import { createAppStore } from "./store.ts";

function setup() {
  const saved: { data: string; name: string }[] = [];
  const t = createRoot((dispose) => {
    const notices = createNotices();
    const store = createAppStore();
    const aside = createSetAside(
      store,
      siteStorage(() => new MemoryStorage()),
      notices.notify,
    );
    const files = createPlanFiles(
      notices.notify,
      notices.dismissTopic,
      aside,
      () => store.plan(),
      (data, name) => saved.push({ data: String(data), name }),
    );
    return { store, files, notices, dispose };
  });
  return { ...t, saved };
}

const named = (name: string) => ({ ...workedExamplePlan(), name });

describe("plan files", () => {
  it("asks before a plan.json replaces the user's plan, then sets it aside", async () => {
    const t = setup();
    t.store.actions.addVm();
    await t.files.openPlanFile(new File([planToJson(named("shared"))], "plan.json"));
    expect(t.store.plan().name).toBe("plan");
    expect(t.files.pendingFile()?.fileName).toBe("plan.json");
    t.files.acceptFile();
    expect(t.files.pendingFile()).toBeNull();
    expect(t.store.plan().name).toBe("shared");
    expect(t.notices.notices()[0]?.text).toBe(
      "Opened plan.json: plan “shared”. Your previous plan was set aside.",
    );
    t.dispose();
  });

  it("keeps the user's plan when they say so", async () => {
    const t = setup();
    t.store.actions.addVm();
    await t.files.openPlanFile(new File([planToJson(named("shared"))], "plan.json"));
    t.files.keepMineOverFile();
    expect(t.files.pendingFile()).toBeNull();
    expect(t.store.plan().vms).toHaveLength(1);
    expect(t.notices.notices()[0]?.text).toBe("Kept your plan; plan.json was not opened.");
    t.dispose();
  });

  it("opens the plan inside one of the app's zips", async () => {
    const t = setup();
    const plan = { ...named("zipped"), vms: [] };
    const zip = await buildZip(plan, { newUuid: () => "00000000-0000-4000-8000-000000000001" });
    if (!zip.ok) throw new Error("the zip was not built");
    await t.files.openPlanFile(new File([new Uint8Array(zip.bytes)], "zipped.zip"));
    expect(t.store.plan().name).toBe("zipped");
    t.dispose();
  });

  it("refuses what is not a plan, with the JSON paths, and keeps the user's plan", async () => {
    const t = setup();
    t.store.actions.addVm();
    const bad = JSON.stringify({ ...JSON.parse(planToJson(named("x"))), vms: "many" });
    await t.files.openPlanFile(new File([bad], "bad.json"));
    const notice = t.notices.notices()[0];
    expect(notice?.kind).toBe("error");
    expect(notice?.text).toBe("bad.json cannot be opened. It is not a valid plan:");
    expect(notice?.details.join("\n")).toMatch(/^vms: /m);
    expect(t.store.plan().vms).toHaveLength(1);
    await t.files.openPlanFile(new File([new Uint8Array([0xff, 0xfe, 0x00])], "bin.dat"));
    expect(t.notices.notices()[0]?.text).toContain("not UTF-8 text");
    t.dispose();
  });

  it("refuses a file too big to be one of ours before reading it", async () => {
    const t = setup();
    const huge = { name: "huge.json", size: MAX_PLAN_FILE_BYTES + 1 } as File;
    await t.files.openPlanFile(huge);
    expect(t.notices.notices()[0]?.text).toContain(`It has ${MAX_PLAN_FILE_BYTES + 1} bytes`);
    t.dispose();
  });

  it("saves the plan as JSON that opens again to the same plan", async () => {
    const t = setup();
    t.store.actions.setPlanName("mine");
    t.files.savePlanFile();
    expect(t.saved.map((s) => s.name)).toEqual(["mine.plan.json"]);
    const again = setup();
    await again.files.openPlanFile(new File([t.saved[0]?.data ?? ""], "plan.json"));
    expect(planToJson(again.store.plan())).toBe(planToJson(t.store.plan()));
    t.dispose();
    again.dispose();
  });
});
