import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./helpers.ts";
import { LISTING_COMMANDS, POWERSHELL_COMMAND } from "../src/lib/listing/commands.ts";

// The listing step names the one best command per system, each with a copy button, and reads
// what those commands print (docs/listings.md).

test.use({ bypassCSP: true, permissions: ["clipboard-read", "clipboard-write"] });

test("each suggested command can be copied, and PowerShell's output plans exactly", async ({
  page,
}) => {
  await page.goto("./");
  await expect(page.getByText("Loading the planner…")).toHaveCount(0);
  for (const c of LISTING_COMMANDS) {
    await expect(page.getByText(c.command, { exact: true })).toBeVisible();
  }
  await page
    .getByRole("button", { name: `Copy the ${LISTING_COMMANDS[0]?.system} command` })
    .click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(POWERSHELL_COMMAND);
  await expectNoAxeViolations(page, "listing help");

  const listing = readFileSync("test-fixtures/get-partition/format-list-with-get-disk.txt", "utf8");
  await page.getByLabel("Partition listing").fill(listing);
  await expect(page.getByText("Detected:")).toContainText("PowerShell Get-Partition");
  const disk = page.locator(".parsed-disk").first();
  await expect(disk.locator("summary")).toContainText("\\\\.\\PhysicalDrive1");
  await expect(disk.locator("summary")).toContainText("465.76 GiB");
  await expect(disk.locator("summary")).not.toContainText("inexact");
  await expect(page.getByRole("option", { name: /start 2048, 204800 sectors/ })).toBeVisible();
});
