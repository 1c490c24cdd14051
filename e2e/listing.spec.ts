import { expect, test } from "@playwright/test";

test("Try the example shows the three partitions with their start sectors", async ({ page }) => {
  await page.goto("./");
  await page.getByRole("button", { name: "Try the example" }).click();
  await expect(page.getByLabel("Partition listing")).toHaveValue(/Disk #0, Partition #2/);
  const table = page.getByRole("table");
  await expect(table).toContainText("2,048");
  await expect(table).toContainText("125,831,168");
  await expect(table).toContainText("251,660,288");
});
