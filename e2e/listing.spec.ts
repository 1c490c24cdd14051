import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

test("Try the example shows the three partitions with their start sectors", async ({ page }) => {
  await page.goto("./");
  await page.getByRole("button", { name: "Try the example" }).click();
  await expect(page.getByLabel("Partition listing")).toHaveValue(/Disk #0, Partition #2/);
  const table = page.getByRole("table");
  await expect(table).toContainText("2,048");
  await expect(table).toContainText("125,831,168");
  await expect(table).toContainText("251,660,288");
});

test("a wmic listing copied from an 80-column console is read whole, with a note saying so in view", async ({
  page,
}) => {
  const whole = readFileSync(join(ROOT, "test-fixtures/wmic/gpt-two-disks.txt"), "utf8");
  // A console 80 columns wide wraps each longer line into pieces of 80.
  const wrapped = whole
    .replace(/\r/g, "")
    .split("\n")
    .flatMap((line) => line.match(/.{1,80}/g) ?? [""])
    .join("\n");
  await page.goto("./");
  await page.getByLabel("Partition listing").fill(wrapped);
  const table = page.getByRole("table").first();
  await expect(table).toContainText("2,048");
  // Shown without opening the parser's notes: the numbers come from a text the parser changed.
  await expect(
    page.getByRole("note").filter({ hasText: /wrapped at 80 characters/ }),
  ).toBeVisible();
  await expect(page.locator("details.notes")).not.toHaveAttribute("open");
});
