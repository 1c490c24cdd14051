import { expect, test, type Page } from "@playwright/test";
import { downloadButton, downloadZip, unzipDownload } from "./helpers.ts";
import { descriptorText } from "../src/lib/vmdk/plans.testkit.ts";

// One disk under two names (docs/device-identity.md): /dev/sda and its /dev/disk/by-id link,
// written RW by two VMs over the same sectors, must block the download until the user says
// they are different disks (undoable), and a descriptor naming the link asks which disk it is.

const BY_ID = "/dev/disk/by-id/ata-Samsung_SSD_860_EVO_500GB_S3Z1NB0K123456A";

const vm = (name: string, disk: string, start: number) => ({
  name,
  adapterType: "ide",
  uuid: null,
  head: { file: "Raw_Sectors_1MiB", sectors: 2048 },
  ranges: [{ disk, startSector: String(start), sectors: "4096", access: "RW" }],
});
const disk = (id: string, device: string) => ({
  id,
  device,
  logicalSectorSize: 512,
  sizeBytes: null,
  partitions: [],
});
const planJson = (disks: object[], vms: object[]) =>
  JSON.stringify({ format: "raw-disk-planner/plan", version: 1, name: "aliases", disks, vms });

async function openPlan(page: Page, json: string) {
  await page.goto("./");
  await expect(page.getByText("Loading the planner…")).toHaveCount(0);
  await page.getByLabel("Open plan…").setInputFiles({
    name: "aliases.json",
    mimeType: "application/json",
    buffer: Buffer.from(json),
  });
}

const review = (page: Page) => page.getByRole("region", { name: "Review and download" });
const reviewErrors = (page: Page) => review(page).locator(".findings.summary .finding-error");

test("a possibly-same pair blocks the download until declared different disks", async ({
  page,
}, testInfo) => {
  await openPlan(
    page,
    planJson(
      [disk("d0", "/dev/sda"), disk("d1", BY_ID)],
      [vm("web", "d0", 2048), vm("db", "d1", 4096)],
    ),
  );
  const error = reviewErrors(page).filter({ hasText: "if these two paths name one disk" });
  await expect(error).toHaveCount(1);
  await expect(error).toContainText('"/dev/sda"');
  await expect(error).toContainText(BY_ID);
  await expect(error).toContainText("share 2048 sectors from sector 4096");
  await expect(downloadButton(page)).toBeDisabled();

  await error.getByRole("button", { name: "These are different disks" }).click();
  await expect(reviewErrors(page)).toHaveCount(0);
  await expect(downloadButton(page)).toBeEnabled();

  // Undone like any other plan edit, and redone.
  await page.getByRole("button", { name: "Undo" }).first().click();
  await expect(
    reviewErrors(page).filter({ hasText: "if these two paths name one disk" }),
  ).toHaveCount(1);
  await page.getByRole("button", { name: "Redo" }).first().click();
  await expect(reviewErrors(page)).toHaveCount(0);

  // The declaration travels in the zip's plan.json.
  const { download } = await downloadZip(page);
  const files = await unzipDownload(download, testInfo);
  const saved = JSON.parse(files.get("plan.json") ?? "{}") as { distinctDevices?: unknown };
  expect(saved.distinctDevices).toEqual([["/dev/sda", BY_ID]]);
});

test("one disk spelled /dev/sda and /dev//sda is one disk: an overlap error", async ({ page }) => {
  await openPlan(
    page,
    planJson(
      [disk("d0", "/dev/sda"), disk("d1", "/dev//sda")],
      [vm("web", "d0", 2048), vm("db", "d1", 4096)],
    ),
  );
  await expect(reviewErrors(page).filter({ hasText: "at least one is writable" })).toHaveCount(1);
  await expect(review(page).getByRole("button", { name: "These are different disks" })).toHaveCount(
    0,
  );
});

const descriptor = (path: string) =>
  descriptorText(['RW 2048 FLAT "Raw_Sectors_1MiB" 0', `RW 4096 FLAT "${path}" 4096`]);

for (const [answer, errors] of [
  ["/dev/sda (disk d0)", 1],
  ["another disk (not listed)", 0],
] as const) {
  test(`importing a descriptor on the by-id link asks which disk it is: ${answer}`, async ({
    page,
  }) => {
    await openPlan(page, planJson([disk("d0", "/dev/sda")], [vm("web", "d0", 2048)]));
    await page.getByLabel("Import descriptor…").setInputFiles({
      name: "db.vmdk",
      mimeType: "application/octet-stream",
      buffer: Buffer.from(descriptor(BY_ID)),
    });
    const question = page.getByRole("form", { name: "Which disk does db.vmdk use?" });
    await expect(question).toBeVisible();
    await question.getByLabel(`${BY_ID} is`).selectOption({ label: answer });
    await question.getByRole("button", { name: "Import" }).click();
    await expect(question).toHaveCount(0);
    await expect(page.getByRole("region", { name: /Imported db\.vmdk as db/ })).toBeVisible();
    await expect(reviewErrors(page).filter({ hasText: "at least one is writable" })).toHaveCount(
      errors,
    );
  });
}
