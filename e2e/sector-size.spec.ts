import { expect, test } from "@playwright/test";

// A trimmed fdisk table (no Disk and Units lines), or its rows alone: the page asks for the
// sector size, and after "512" the numbers are exact and the disk can be planned
// (docs/listings.md).

const TRIMMED = `Device     Boot   Start     End Sectors  Size Id Type
/dev/sda1  *       2048 1050623 1048576  512M 83 Linux
/dev/sda2       1050624 2097151 1046528  511M 83 Linux`;

const ROWS_ALONE = TRIMMED.split("\n").slice(1).join("\n");

for (const [what, listing] of [
  ["a table without Units", TRIMMED],
  ["rows pasted alone", ROWS_ALONE],
] as const) {
  test(`${what}: asks 512 or 4096, then plans exactly`, async ({ page }) => {
    await page.goto("./");
    await expect(page.getByText("Loading the planner…")).toHaveCount(0);
    await page.getByLabel("Partition listing").fill(listing);
    const question = page.getByRole("group", { name: /How many bytes per sector/ });
    await expect(question).toBeVisible();
    await expect(page.getByText(/cannot be planned yet/)).toBeVisible();
    // Nothing is assumed while the question is open.
    const summary = page.locator(".parsed-disk summary").first();
    await expect(summary).toContainText("sector size not listed: asked below");
    await expect(summary).not.toContainText("assumed");
    // Answering re-reads the listing: the disk joins the plan and its details close.
    await question.getByLabel("512 bytes").click();
    await expect(page.getByText(/cannot be planned yet/)).toHaveCount(0);
    await expect(
      page.getByRole("option", { name: /Partition 1 .*start 2048, 1048576 sectors \(512 MiB\)/ }),
    ).toBeVisible();
    await expect(page.locator(".parsed-disk summary").first()).toContainText("512-byte sectors");
    await expect(page.locator(".parsed-disk").first()).not.toContainText("inexact values");
  });
}
