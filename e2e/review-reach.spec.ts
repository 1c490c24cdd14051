import { expect, test, type Page } from "@playwright/test";
import { WORKED_EXAMPLE } from "./helpers.ts";

// "Download anyway" is reachable by mouse and by keyboard at every size: the review column
// scrolls within the viewport instead of running off its bottom.

async function splitExample(page: Page) {
  await page.goto("./");
  await expect(page.getByText("Loading the planner…")).toHaveCount(0);
  await page.getByLabel("Partition listing").fill(WORKED_EXAMPLE);
  await page.getByRole("option", { name: /^Partition 1 \(Disk #0, Partition #1\)/ }).click();
  await page.getByRole("button", { name: "Split", exact: true }).click();
  await expect(page.locator(".findings.summary li.finding-warning")).not.toHaveCount(0);
}

for (const [width, height] of [
  [1280, 800],
  [360, 740],
] as const) {
  test(`at ${width}×${height}, "Download anyway" is scrolled into view and clicked with the mouse`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height });
    await splitExample(page);
    expect(
      await page.locator(".findings.summary li.finding-warning").count(),
    ).toBeGreaterThanOrEqual(2);
    await page.getByRole("button", { name: "Download zip" }).click();
    const anyway = page.getByRole("button", { name: "Download anyway" });
    await anyway.scrollIntoViewIfNeeded();
    const box = await anyway.boundingBox();
    expect(box).not.toBeNull();
    // Entirely inside the viewport: a person can see it and point at it.
    expect(box && box.y >= 0 && box.y + box.height <= height).toBe(true);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.mouse.click(
        (box?.x ?? 0) + (box?.width ?? 0) / 2,
        (box?.y ?? 0) + (box?.height ?? 0) / 2,
      ),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
  });

  test(`at ${width}×${height}, "Download anyway" is reached by keyboard`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await splitExample(page);
    await page.getByRole("button", { name: "Download zip" }).focus();
    await page.keyboard.press("Enter");
    const anyway = page.getByRole("button", { name: "Download anyway" });
    await page.keyboard.press("Tab");
    await expect(anyway).toBeFocused();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.keyboard.press("Enter"),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
  });
}
