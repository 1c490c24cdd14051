import { expect, test } from "@playwright/test";
import { downloadZip, unzipDownload, WORKED_EXAMPLE } from "./helpers.ts";

// Splitting a partition warns before it is done; the review and README.txt give the Windows
// steps per mapped partition (docs/check-scripts.md).

test("the worked example's split: data-loss warning first, then per-partition Windows steps", async ({
  page,
}, testInfo) => {
  await page.goto("./");
  await expect(page.getByText("Loading the planner…").first()).toBeHidden();
  await page.getByLabel("Partition listing").fill(WORKED_EXAMPLE);
  await page.getByRole("option", { name: /^Partition 1 \(Disk #0, Partition #1\)/ }).click();
  const warning = page.locator(".split-data-warning");
  await expect(warning).toContainText("will not be readable by any guest");
  await expect(warning).toContainText("Back up its contents first");
  await page.getByRole("button", { name: "Split", exact: true }).click();

  const offline =
    "Get-Partition -DiskNumber 0 | Where-Object Offset -eq 64425558016 | Set-Partition -IsOffline $true";
  await page.getByText("Prepare the host before the VM starts").click();
  await expect(page.locator(".host-prep")).toContainText(offline);
  await expect(page.locator(".host-prep")).toContainText("IsBoot False and IsSystem False");

  const { download } = await downloadZip(page);
  const files = await unzipDownload(download, testInfo);
  const readme = files.get("README.txt") ?? "";
  expect(readme).toContain(offline);
  expect(readme).not.toMatch(/--port \d/);
  expect([...files.keys()]).toEqual(
    expect.arrayContaining(["vm1/check-disk.ps1", "vm1/register.ps1", "vm1/register.cmd"]),
  );
});
