import { expect, test, type Page, type TestInfo } from "@playwright/test";
import {
  downloadButton,
  expectNoAxeViolations,
  warningAcknowledgement,
  WORKED_EXAMPLE,
} from "./helpers.ts";

// Every state a user meets (empty, planned, refused, asked to confirm), at a phone's and a
// laptop's size, light and dark: a full-page screenshot of each is attached to the test's
// results for a person to look at, and axe finds nothing in any of them.

// axe is injected as an inline script, which the page's Content-Security-Policy forbids.
test.use({ bypassCSP: true });

const VIEWPORTS = [
  { width: 360, height: 740 },
  { width: 1280, height: 800 },
] as const;
const SCHEMES = ["light", "dark"] as const;

const vmCard = (page: Page, name: string) => page.getByRole("article", { name, exact: true });
const summary = (page: Page) => page.getByRole("region", { name: "Review and download" });

/** Saves a full-page screenshot as an attachment of the test, then runs axe on the page. */
async function record(
  page: Page,
  testInfo: TestInfo,
  state: string,
  scheme: (typeof SCHEMES)[number],
): Promise<void> {
  const { width } = page.viewportSize() ?? { width: 0 };
  // The page is really in the scheme asked for, so axe checks the contrast of that theme.
  const dark = await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches);
  expect(dark ? "dark" : "light").toBe(scheme);
  const name = `${state}-${width}-${scheme}.png`;
  const path = testInfo.outputPath(name);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
  await expectNoAxeViolations(page, `${state} (${width} px, ${scheme})`);
}

/** The worked example with Partition #1 split in two VMs, as docs/product.md plans it. */
async function planSplit(page: Page) {
  await page.getByRole("button", { name: "Try the example" }).click();
  await page.getByRole("option", { name: /^Partition 1 \(Disk #0, Partition #1\)/ }).click();
  await page.getByRole("button", { name: "Split", exact: true }).click();
  await expect(vmCard(page, "vm2")).toBeVisible();
  await expect(summary(page).locator(".findings.summary li.finding-warning")).not.toHaveCount(0);
}

for (const viewport of VIEWPORTS) {
  for (const colorScheme of SCHEMES) {
    test.describe(`${viewport.width}×${viewport.height}, ${colorScheme}`, () => {
      test.use({ viewport, colorScheme });

      test("empty, planned and confirmation states: screenshots, and axe finds nothing", async ({
        page,
      }, testInfo) => {
        await page.goto("./");
        await expect(page.getByText("Loading the planner…")).toHaveCount(0);
        await expect(page.getByLabel("Partition listing")).toBeVisible();
        await record(page, testInfo, "empty", colorScheme);

        await planSplit(page);
        // Open what the VM card folds away, so axe sees it too.
        await vmCard(page, "vm1").getByText("Guest options of vm1", { exact: true }).click();
        await vmCard(page, "vm1").getByText("Descriptor of vm1", { exact: true }).click();
        await expect(vmCard(page, "vm1").getByText("RW 62914560 FLAT")).toBeVisible();
        await record(page, testInfo, "planned", colorScheme);

        await downloadButton(page).click();
        const ack = warningAcknowledgement(page);
        await expect(ack).toBeFocused();
        await ack.getByRole("button", { name: "Download anyway" }).scrollIntoViewIfNeeded();
        await expect(ack.getByRole("button", { name: "Download anyway" })).toBeInViewport();
        await record(page, testInfo, "confirmation", colorScheme);
      });

      test("error state (two VMs on the same sectors, a size that is not a number): screenshots, and axe finds nothing", async ({
        page,
      }, testInfo) => {
        await page.goto("./");
        await expect(page.getByText("Loading the planner…")).toHaveCount(0);
        await page.getByLabel("Partition listing").fill(WORKED_EXAMPLE);
        const p1 = page.getByRole("option", { name: /^Partition 1 \(Disk #0, Partition #1\)/ });
        await p1.click();
        await page.getByRole("button", { name: "Assign whole" }).click();
        await expect(vmCard(page, "vm1")).toBeVisible();
        // A second VM gets the first GiB of the same partition: an overlap the plan refuses.
        await p1.click();
        await page.getByRole("textbox", { name: "Size", exact: true }).fill("1GiB");
        await page.getByRole("button", { name: "Add range" }).click();
        await expect(vmCard(page, "vm2")).toBeVisible();
        await page.getByRole("textbox", { name: "Disk size in bytes" }).fill("240 GB?");
        await page.getByRole("textbox", { name: "Disk size in bytes" }).press("Tab");
        await expect(summary(page)).toContainText(/[1-9]\d* errors?/);
        await expect(downloadButton(page)).toBeDisabled();
        await record(page, testInfo, "error", colorScheme);
      });
    });
  }
}
