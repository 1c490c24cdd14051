/**
 * Issue 15, acceptance 4: nothing is lost without the user choosing. Two tabs of one browser
 * share the saved plan; links and plan files that replace a plan leave it in the list of
 * set-aside plans, each restorable from the page.
 */
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { openPlanner, splitWorkedExample, vmCard } from "./helpers.ts";

const setAsideList = (page: Page) => page.getByRole("region", { name: "Set-aside plans" });
const tabDialog = (page: Page) =>
  page.getByRole("dialog", { name: "The plan was changed in another tab" });

async function namePlan(page: Page, name: string) {
  await page.getByLabel("Plan name").fill(name);
  await page.getByLabel("Plan name").press("Enter");
}

/** The plan names a page can give back: the plan on it and every set-aside one. */
async function namesKept(page: Page): Promise<string[]> {
  const names = await setAsideList(page)
    .locator(".set-aside-name")
    .allTextContents()
    .catch(() => []);
  return [await page.getByLabel("Plan name").inputValue(), ...names];
}

const restoreButton = (page: Page, name: string) =>
  setAsideList(page).getByRole("button", { name: new RegExp(`^Restore “${name}”`) });

test("two tabs: edits in both, then a reload of each, lose nothing without the user choosing", async ({
  context,
}) => {
  const one = await context.newPage();
  const two = await context.newPage();
  await openPlanner(one);
  await openPlanner(two);

  // One after the other: the second tab shows the first tab's work, then adds to it.
  await splitWorkedExample(one);
  await expect(vmCard(two, "vm2")).toContainText("188,745,728");
  await namePlan(two, "named in tab two");
  await expect(one.getByLabel("Plan name")).toHaveValue("named in tab two");

  // At the same time (within one autosave delay): one of the tabs must ask.
  await namePlan(two, "edit in tab two");
  await namePlan(one, "edit in tab one");
  await expect
    .poll(async () => (await tabDialog(one).isVisible()) || (await tabDialog(two).isVisible()))
    .toBe(true);

  // Nobody chooses: each tab is reloaded.
  await openPlanner(one);
  await openPlanner(two);
  for (const page of [one, two]) {
    const kept = await namesKept(page);
    expect(kept).toContain("edit in tab one");
    expect(kept).toContain("edit in tab two");
    await expect(vmCard(page, "vm2")).toContainText("188,745,728");
  }
  // The set-aside one comes back with its VMs.
  const onPage = await two.getByLabel("Plan name").inputValue();
  const other = onPage === "edit in tab one" ? "edit in tab two" : "edit in tab one";
  await restoreButton(two, other).click();
  await expect(two.getByLabel("Plan name")).toHaveValue(other);
  await expect(vmCard(two, "vm2")).toContainText("188,745,728");
});

test("two share links accepted in a row and a plan file opened: each replaced plan is restorable from the list", async ({
  page,
}) => {
  await openPlanner(page);
  await splitWorkedExample(page);
  const link = async (name: string) => {
    await namePlan(page, name);
    await page.getByRole("button", { name: "Copy share link" }).click();
    await expect(page.getByLabel("Share link")).toHaveValue(/#plan=1\./);
    return page.getByLabel("Share link").inputValue();
  };
  const first = await link("first link");
  const second = await link("second link");
  await namePlan(page, "from a file");
  const saving = page.waitForEvent("download");
  await page.getByRole("button", { name: "Save plan" }).click();
  const planFile = readFileSync(await (await saving).path());
  await namePlan(page, "mine");
  await openPlanner(page);
  await expect(page.getByLabel("Plan name")).toHaveValue("mine");

  const shareDialog = page.getByRole("dialog", { name: "Open the shared plan?" });
  await page.goto(first);
  await shareDialog.getByRole("button", { name: "Open the shared plan" }).click();
  await expect(page.getByLabel("Plan name")).toHaveValue("first link");
  await page.goto(second);
  await shareDialog.getByRole("button", { name: "Open the shared plan" }).click();
  await expect(page.getByLabel("Plan name")).toHaveValue("second link");

  await page
    .getByLabel("Open plan…")
    .setInputFiles({ name: "plan.json", mimeType: "application/json", buffer: planFile });
  const fileDialog = page.getByRole("dialog", { name: "Open the plan file?" });
  await fileDialog.getByRole("button", { name: "Open the plan file" }).click();
  await expect(page.getByLabel("Plan name")).toHaveValue("from a file");

  await expect(setAsideList(page).locator(".set-aside-name")).toHaveText([
    "second link",
    "first link",
    "mine",
  ]);
  // Kept across a reload too.
  await openPlanner(page);
  for (const name of ["mine", "first link", "second link"]) {
    await restoreButton(page, name).click();
    await expect(page.getByLabel("Plan name")).toHaveValue(name);
    await expect(vmCard(page, "vm2")).toContainText("188,745,728");
  }
});
