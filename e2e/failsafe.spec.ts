/**
 * An unexpected error never blanks the page and never costs the plan. The render-time crash
 * is injected with the switch of src/ui/Failsafe.tsx (CrashProbe): localStorage
 * "raw-disk-planner/test-crash" = "1" makes the next render after a plan change throw.
 */
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { loadPlan } from "../src/lib/plan/codec.ts";
import { expectNoAxeViolations, WORKED_EXAMPLE } from "./helpers.ts";

// axe is injected as an inline script, which the page's Content-Security-Policy forbids.
test.use({ bypassCSP: true });

const TEST_CRASH_KEY = "raw-disk-planner/test-crash";
const vmCard = (page: Page, name: string) => page.getByRole("article", { name, exact: true });

async function planTheSplit(page: Page) {
  await page.goto("./");
  await expect(page.getByText("Loading the planner…")).toHaveCount(0);
  await page.getByLabel("Partition listing").fill(WORKED_EXAMPLE);
  await page.getByRole("option", { name: /^Partition 1 \(Disk #0, Partition #1\)/ }).click();
  await page.getByRole("button", { name: "Split", exact: true }).click();
  await expect(vmCard(page, "vm2")).toContainText("188,745,728");
}

/** The page's frame that must survive any failure: title, warning banner, footer. */
async function expectFrameIntact(page: Page) {
  await expect(page.getByRole("heading", { level: 1, name: "Raw Disk Planner" })).toBeVisible();
  await expect(page.getByRole("note")).toContainText("Raw disk access can destroy data");
  await expect(page.getByText("Runs entirely in your browser.")).toBeVisible();
}

test("a crash while rendering shows what happened, keeps the plan, saves it as plan.json; Try again brings the planner back, a reload finds the plan", async ({
  page,
}, testInfo) => {
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await planTheSplit(page);

  // Arm the switch, then change the plan: the next render throws.
  await page.evaluate((key) => localStorage.setItem(key, "1"), TEST_CRASH_KEY);
  await page.getByLabel("Plan name").fill("survivor");
  await page.getByLabel("Plan name").press("Enter");

  const notice = page.getByRole("alert").filter({ hasText: "The planner stopped" });
  await expect(notice).toBeVisible();
  await expect(notice).toBeFocused();
  await expect(notice).toContainText(`Deliberate test crash (${TEST_CRASH_KEY} is set).`);
  await expect(notice).toContainText("Your plan is kept");
  await expectFrameIntact(page);
  await expect(vmCard(page, "vm1")).toHaveCount(0); // the steps are what failed
  expect(pageErrors, "the boundary caught it: nothing reached the window").toEqual([]);
  await expectNoAxeViolations(page, "crashed");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    notice.getByRole("button", { name: "Save plan as a file" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("plan.json");
  const path = testInfo.outputPath("plan.json");
  await download.saveAs(path);
  const saved = loadPlan(readFileSync(path, "utf8"));
  if (!saved.ok) throw new Error(`plan.json does not load: ${JSON.stringify(saved.issues)}`);
  // The plan as it was at the crash, the rename included.
  expect(saved.plan.name).toBe("survivor");
  expect(saved.plan.disks.map((d) => d.device)).toEqual(["\\\\.\\PhysicalDrive0"]);
  expect(
    saved.plan.vms.map((vm) => ({
      name: vm.name,
      ranges: vm.ranges.map((r) => [r.startSector, r.sectors, r.access]),
    })),
  ).toEqual([
    { name: "vm1", ranges: [[125831168n, 62914560n, "RW"]] },
    { name: "vm2", ranges: [[188745728n, 62914560n, "RW"]] },
  ]);

  // Try again while the fault is still there: it fails again, the same way, still no blank.
  await notice.getByRole("button", { name: "Try again" }).click();
  await expect(notice).toBeVisible();
  await expectFrameIntact(page);

  // Fault gone: Try again renders the planner with the same plan.
  await page.evaluate((key) => localStorage.removeItem(key), TEST_CRASH_KEY);
  await notice.getByRole("button", { name: "Try again" }).click();
  await expect(notice).toHaveCount(0);
  await expect(vmCard(page, "vm1")).toContainText("125,831,168");
  await expect(vmCard(page, "vm2")).toContainText("188,745,728");
  await expect(page.getByLabel("Plan name")).toHaveValue("survivor");
  await expect(page.getByLabel("Partition listing")).toHaveValue(WORKED_EXAMPLE);

  // Crash again on a change, then reload straight from the notice (the switch off): the page
  // kept the plan (autosave), the change made in the crashing render included.
  await page.evaluate((key) => localStorage.setItem(key, "1"), TEST_CRASH_KEY);
  await page.getByLabel("Plan name").fill("survivor-2");
  await page.getByLabel("Plan name").press("Enter");
  await expect(notice).toBeVisible();
  await page.evaluate((key) => localStorage.removeItem(key), TEST_CRASH_KEY);
  await page.reload();
  await expect(page.getByText("Loading the planner…")).toHaveCount(0);
  await expect(vmCard(page, "vm2")).toContainText("188,745,728");
  await expect(page.getByLabel("Plan name")).toHaveValue("survivor-2");
  await expect(page.getByLabel("Partition listing")).toHaveValue(WORKED_EXAMPLE);
});

test("errors outside rendering (an event handler, an unhandled rejection) show a notice and leave the planner as it was", async ({
  page,
}) => {
  await planTheSplit(page);

  // As a throwing click handler would: an uncaught error reaches the window.
  await page.evaluate(() => {
    setTimeout(() => {
      throw new Error("boom in a handler");
    });
  });
  const notice = page.getByRole("alert").filter({ hasText: "Something went wrong" });
  await expect(notice).toContainText("boom in a handler");
  await expect(notice.getByRole("button", { name: "Save plan as a file" })).toBeVisible();
  await expectFrameIntact(page);
  await expect(vmCard(page, "vm2")).toContainText("188,745,728"); // nothing was taken away
  await expectNoAxeViolations(page, "error notice");
  await notice.getByRole("button", { name: "Dismiss" }).click();
  await expect(notice).toHaveCount(0);

  // As an async action would: a promise rejected with no one to catch it.
  await page.evaluate(() => {
    void Promise.reject(new Error("boom in an async action"));
  });
  await expect(notice).toContainText("boom in an async action");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    notice.getByRole("button", { name: "Save plan as a file" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("plan.json");
  await expect(vmCard(page, "vm1")).toContainText("125,831,168");
});
