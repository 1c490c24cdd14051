import { expect, test } from "@playwright/test";
import { downloadZip, unzipDownload, WORKED_EXAMPLE } from "./helpers.ts";

// Splitting a partition warns before it is done; the review and README.txt give the Windows
// steps per mapped partition (docs/check-scripts.md).

test("the worked example's split: data-loss warning first, then per-partition Windows steps", async ({
  page,
}, testInfo) => {
  await page.goto("./");
  await expect(page.getByText("Loading the planner…")).toHaveCount(0);
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

test("a partition the listing says the host uses shows as such, and giving it to a VM warns", async ({
  page,
}) => {
  // What the page's own PowerShell command prints (DriveLetter, IsBoot, IsSystem).
  const block = (n: number, offset: number, size: number, type: string, more: string[]) =>
    [
      "DiskNumber      : 0",
      `PartitionNumber : ${n}`,
      `Offset          : ${offset}`,
      `Size            : ${size}`,
      `Type            : ${type}`,
      ...more,
      "",
    ].join("\n");
  const listing = [
    block(1, 1048576, 104857600, "System", [
      "DriveLetter     :",
      "IsBoot          : False",
      "IsSystem        : True",
    ]),
    block(3, 122683392, 107374182400, "Basic", [
      "DriveLetter     : C",
      "IsBoot          : True",
      "IsSystem        : False",
    ]),
    block(4, 107497914368, 392608989184, "Basic", [
      "DriveLetter     : D",
      "IsBoot          : False",
      "IsSystem        : False",
    ]),
    "Number            : 0\nLogicalSectorSize : 512\nSize              : 500107862016\n",
  ].join("\n");
  await page.goto("./");
  await expect(page.getByText("Loading the planner…")).toHaveCount(0);
  await page.getByLabel("Partition listing").fill(listing);
  const map = page.getByRole("listbox", { name: /^Map of / }).first();
  await expect(map.getByRole("option", { name: /^Partition 3, Basic, C:/ })).toBeVisible();
  await expect(map.getByRole("option", { name: /^Partition 4, Basic, D:/ })).toBeVisible();
  await map.getByRole("option", { name: /^Partition 4/ }).click();
  await page.getByRole("button", { name: "Assign whole" }).click();
  const review = page.locator("section", {
    has: page.getByRole("heading", { name: "Review and download" }),
  });
  await expect(review).toContainText(
    "the listing gives it the drive letter D, so Windows has it mounted",
  );
});
