import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";

// Acceptance 4 of issue 14: partitions a person recognises, numbered as the listing numbers them.

const fixture = (path: string) => readFileSync(`test-fixtures/${path}`, "utf8");

async function paste(page: Page, text: string) {
  await page.goto("./");
  await expect(page.getByText("Loading the planner…")).toHaveCount(0);
  await page.getByLabel("Partition listing").fill(text);
}

/** The rows of the listing's device table: `name start end sectors size type…`. */
function fdiskRows(text: string): { start: bigint; type: string }[] {
  return text
    .split("\n")
    .map((l) => /^\S+\s+(\d+)\s+\d+\s+\d+\s+\S+\s+(.+)$/.exec(l.trim()))
    .flatMap((m) => (m ? [{ start: BigInt(m[1] ?? ""), type: (m[2] ?? "").trim() }] : []));
}

test("an fdisk GPT listing shows each partition's type on the map and in the table", async ({
  page,
}) => {
  const text = fixture("fdisk/gpt-sgdisk-typed.fdisk.txt");
  const rows = fdiskRows(text);
  expect(rows.length).toBe(5);
  await paste(page, text);
  const map = page.getByRole("listbox", { name: /^Map of / });
  const table = page.locator("table.segments");
  for (const { type } of rows) {
    await expect(map.locator(".seg-type", { hasText: type }).first()).toBeAttached();
    await expect(table.locator("td.seg-type-cell", { hasText: type })).toHaveCount(1);
  }
});

test("the 4096-byte fixture's table shows the disk's own LBAs equal to the listing's Start column", async ({
  page,
}) => {
  const text = fixture("fdisk/gpt-4k-fdisk-b4096.fdisk.txt");
  expect(text).toContain("Sector size (logical/physical): 4096 bytes");
  const starts = fdiskRows(text).map((r) => r.start.toString());
  expect(starts.length).toBe(3);
  await paste(page, text);
  const table = page.locator("table.segments");
  await expect(table.locator("thead")).toContainText("Disk LBA (4096-byte)");
  const partitionRows = table.locator("tbody tr.row-partition");
  await expect(partitionRows).toHaveCount(starts.length);
  const lbas = await partitionRows
    .locator('td[data-label="Disk LBA"]')
    .evaluateAll((cells) => cells.map((c) => c.getAttribute("title")));
  expect(lbas).toEqual(starts);
  // And the 512-byte VMDK sectors beside them are eight times as many.
  const vmdk = await partitionRows
    .locator('td[data-label="Start"]')
    .evaluateAll((cells) => cells.map((c) => c.getAttribute("title")));
  expect(vmdk).toEqual(starts.map((s) => (BigInt(s) * 8n).toString()));
});

test("a GPT gap of exactly 16 MiB after the EFI partition is named as the hidden Microsoft reserved partition", async ({
  page,
}) => {
  await paste(page, fixture("wmic/gpt-two-disks.txt"));
  await page.getByRole("button", { name: "Use \\\\.\\PhysicalDrive0 in the plan" }).click();
  const note = "probably Microsoft reserved (wmic does not list it)";
  const disk0 = page.locator("table.segments").first();
  const row = disk0.locator("tbody tr.row-gap", { hasText: note });
  await expect(row).toHaveCount(1);
  // 122683392 − (1048576 + 204800 × 512) bytes = 16 MiB, from the wmic fixture's own numbers.
  await expect(row.locator('td[data-label="Sectors"]')).toHaveAttribute(
    "title",
    String((122683392 - (1048576 + 204800 * 512)) / 512),
  );
  await expect(
    page
      .getByRole("listbox", { name: /^Map of / })
      .first()
      .getByRole("option", {
        name: new RegExp(`^Free space.*${note.replace(/[()]/g, "\\$&")}`),
      }),
  ).toHaveCount(1);
});
