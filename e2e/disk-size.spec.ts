import { expect, test, type Page } from "@playwright/test";
import { WORKED_EXAMPLE } from "./helpers.ts";

// The most common warning (a wmic listing never gives the disk's size) goes away when the user
// pastes one more block: `Get-Disk | Format-List Number,LogicalSectorSize,Size` for the same disk.
// The page says which line that is.

/**
 * What PowerShell prints for the worked example's disk: a 240 GB disk of 468,862,128 sectors of
 * 512 bytes (the size of a common "240 GB" SSD; the example's partitions end at sector
 * 285,214,720, well inside it).
 */
const DISK_SECTORS = 468862128n;
const DISK_BYTES = DISK_SECTORS * 512n;
const GET_DISK_BLOCK = `PS C:\\> Get-Disk | Format-List Number,LogicalSectorSize,Size

Number            : 0
LogicalSectorSize : 512
Size              : ${DISK_BYTES}
`;

const sizeField = (page: Page) => page.getByRole("textbox", { name: "Disk size in bytes" });
/** The disk's card in step 2. */
const diskCard = (page: Page) => page.getByRole("article", { name: "\\\\.\\PhysicalDrive0" });
/** The size warning, wherever the page shows it (in place, in the review). */
const sizeWarning = (page: Page) =>
  page.getByRole("listitem").filter({ hasText: /The size of .* is unknown/ });
/** 240057409536 → "240,057,409,536", as the page writes numbers in prose. */
const grouped = (n: bigint) => n.toString().replace(/\B(?=(\d{3})+$)/g, ",");

async function planWholePartition(page: Page, listing: string) {
  await page.goto("./");
  await expect(page.getByText("Loading the planner…")).toHaveCount(0);
  await page.getByLabel("Partition listing").fill(listing);
  await page.getByRole("option", { name: /^Partition 1 \(Disk #0, Partition #1\)/ }).click();
  await page.getByRole("button", { name: "Assign whole" }).click();
  await expect(page.getByRole("article", { name: "vm1", exact: true })).toBeVisible();
}

test("wmic alone: the disk size is empty, the size warning shows and names the Get-Disk line to paste", async ({
  page,
}) => {
  await planWholePartition(page, WORKED_EXAMPLE);
  await expect(sizeField(page)).toHaveValue("");
  await expect(sizeWarning(page).first()).toBeVisible();
  // The warning itself says what to paste, so the user need not look for it elsewhere.
  await expect(sizeWarning(page).first()).toContainText(
    "Get-Disk -Number 0 | Format-List Number,LogicalSectorSize,Size",
  );
});

test("the worked example plus a pasted Get-Disk block: the disk size is filled and the size warning does not appear", async ({
  page,
}) => {
  await planWholePartition(page, `${WORKED_EXAMPLE}\n${GET_DISK_BLOCK}`);
  // A size taken from the listing is shown as a fact, not as a field to fill.
  await expect(sizeField(page)).toHaveCount(0);
  await expect(diskCard(page)).toContainText(`Disk size${grouped(DISK_BYTES)} bytes`);
  await expect(diskCard(page)).toContainText("from the listing");
  // The review is settled (the plan has its VM) and names no size problem.
  await expect(page.getByRole("region", { name: "Review and download" })).toContainText(
    "Ready: one VM",
  );
  await expect(sizeWarning(page)).toHaveCount(0);
});

test("pasting the Get-Disk block after planning fills the size and keeps the plan", async ({
  page,
}) => {
  await planWholePartition(page, WORKED_EXAMPLE);
  await expect(sizeWarning(page).first()).toBeVisible();
  await page.getByLabel("Partition listing").fill(`${WORKED_EXAMPLE}\n${GET_DISK_BLOCK}`);
  await expect(diskCard(page)).toContainText(`Disk size${grouped(DISK_BYTES)} bytes`);
  await expect(sizeWarning(page)).toHaveCount(0);
  await expect(page.getByRole("article", { name: "vm1", exact: true })).toContainText(
    "125,829,120",
  );
});
