/**
 * Issue 15, acceptance 5: what autosave writes can always be read back. A listing longer than
 * the saved state accepts (1,048,576 characters, src/lib/state/stored.ts) is left out of
 * storage with a note; the plan, its VMs and ranges, survives a reload.
 */
import { expect, test } from "@playwright/test";
import { openPlanner, splitWorkedExample, vmCard, WORKED_EXAMPLE } from "./helpers.ts";

const STORAGE_KEY = "raw-disk-planner/state";
const LISTING_LIMIT = 1024 * 1024;

test("a plan whose listing is over the storage limit survives a reload with its VMs and ranges", async ({
  page,
}) => {
  await openPlanner(page);
  await splitWorkedExample(page);
  await page.getByLabel("Plan name").fill("big listing");
  await page.getByLabel("Plan name").press("Enter");

  // The same listing followed by trailing blanks past the limit: the same disks, too long to keep.
  const long = `${WORKED_EXAMPLE}\n${" ".repeat(LISTING_LIMIT)}\n`;
  expect(long.length).toBeGreaterThan(LISTING_LIMIT);
  await page.getByLabel("Partition listing").fill(long);
  await expect(page.getByRole("status").filter({ hasText: "too long to keep" })).toContainText(
    `${long.length.toLocaleString("en-US")} characters`,
  );
  await expect
    .poll(() => page.evaluate((k) => localStorage.getItem(k)?.length ?? 0, STORAGE_KEY))
    .toBeGreaterThan(0);
  expect(
    await page.evaluate(
      (k) => JSON.parse(localStorage.getItem(k) ?? "{}").listingText,
      STORAGE_KEY,
    ),
  ).toBe("");

  await openPlanner(page);
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(page.getByLabel("Plan name")).toHaveValue("big listing");
  await expect(vmCard(page, "vm1")).toBeVisible();
  await expect(vmCard(page, "vm2")).toContainText("188,745,728");
});
