import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import {
  openVmOptions,
  descriptors,
  downloadButton,
  downloadZip,
  warningAcknowledgement,
  expectNoAxeViolations,
  extentLines,
  screenshots,
  unzipDownload,
  WORKED_EXAMPLE,
} from "./helpers.ts";

// axe is injected as an inline script, which the page's Content-Security-Policy forbids.
test.use({ bypassCSP: true });

const FIXTURES = join(import.meta.dirname, "..", "test-fixtures");
const HEAD = 'RW 2048 FLAT "Raw_Sectors_1MiB" 0';
const DRIVE0 = "\\\\.\\PhysicalDrive0";

const listing = (page: Page) => page.getByLabel("Partition listing");
const vmCard = (page: Page, name: string) => page.getByRole("article", { name, exact: true });

async function openPage(page: Page) {
  await page.goto("./");
  await expect(page.getByText("Loading the planner…")).toHaveCount(0);
}

async function download(page: Page) {
  return (await downloadZip(page)).download;
}

/** Presses Tab until `target` has the focus, as a keyboard user would. */
async function tabTo(page: Page, target: Locator, max = 80) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

test("the worked example: split Partition #1 between two new VMs, download, download again", async ({
  page,
}, testInfo) => {
  await openPage(page);
  await listing(page).fill(WORKED_EXAMPLE);
  await page.getByRole("option", { name: /^Partition 1 \(Disk #0, Partition #1\)/ }).click();
  await page.getByRole("button", { name: "Split", exact: true }).click();

  await expect(vmCard(page, "vm1")).toContainText("62,916,608");
  await expect(vmCard(page, "vm2")).toContainText("188,745,728");
  await page.getByLabel("Plan name").fill("worked-example");
  await page.getByLabel("Plan name").press("Enter");

  const first = await download(page);
  expect(first.suggestedFilename()).toBe("worked-example.zip");
  const files = descriptors(await unzipDownload(first, testInfo));
  expect([...files.keys()].sort()).toEqual(["vm1/vm1.vmdk", "vm2/vm2.vmdk"]);
  expect(extentLines(files.get("vm1/vm1.vmdk") ?? "")).toEqual([
    HEAD,
    `RW 62914560 FLAT "${DRIVE0}" 125831168`,
  ]);
  expect(extentLines(files.get("vm2/vm2.vmdk") ?? "")).toEqual([
    HEAD,
    `RW 62914560 FLAT "${DRIVE0}" 188745728`,
  ]);

  // The built plan (UUIDs filled) was kept: the second zip has the same descriptors, and its
  // warnings, confirmed once and unchanged, are not asked about again.
  await expect(page.locator(".download-reason")).toContainText("Its warnings are confirmed.");
  const second = await downloadZip(page);
  expect(second.acknowledged).toEqual([]);
  const again = descriptors(await unzipDownload(second.download, testInfo));
  expect(again).toEqual(files);

  // Renaming a VM changes the split warning's text: it is asked about again.
  const name = vmCard(page, "vm2").getByLabel("Name", { exact: true });
  await name.fill("db");
  await name.press("Enter");
  await expect(page.locator(".download-reason")).toContainText("asked to confirm the warning");
  const third = await downloadZip(page);
  expect(third.acknowledged.length).toBeGreaterThan(0);
});

test("fdisk listing of several disks: the second disk, one VM with a gap and a partition", async ({
  page,
}, testInfo) => {
  const text = readFileSync(join(FIXTURES, "fdisk", "multi-disk.fdisk.txt"), "utf8");
  await openPage(page);
  await listing(page).fill(text);
  await expect(page.getByText("Detected:")).toContainText("3 disks");
  await page.getByRole("button", { name: "Use usbstick.img in the plan" }).click();

  const disk = page.getByRole("article", { name: "usbstick.img" });
  const device = disk.getByLabel("Device path");
  await device.fill("/dev/disk/by-id/usb-Stick_4GB");
  await device.press("Enter");
  const stick = page.getByRole("article", { name: "/dev/disk/by-id/usb-Stick_4GB" });

  await stick.getByRole("option", { name: /^Free space/ }).click();
  await stick.getByRole("button", { name: "Assign whole" }).click();
  await stick.getByRole("option", { name: /^Partition 1 \(usbstick\.img1\)/ }).click();
  await stick.getByRole("combobox", { name: "Give it to" }).first().selectOption({ label: "vm1" });
  await stick.getByRole("button", { name: "Assign whole" }).click();

  // 2048 (head) + 4190208 (the free space after the extended partition) + 2097152 (img1)
  await expect(vmCard(page, "vm1")).toContainText("The guest sees a disk of 6,289,408 sectors");

  const files = descriptors(await unzipDownload(await download(page), testInfo));
  expect(extentLines(files.get("vm1/vm1.vmdk") ?? "")).toEqual([
    HEAD,
    'RW 4190208 FLAT "/dev/disk/by-id/usb-Stick_4GB" 4198400',
    'RW 2097152 FLAT "/dev/disk/by-id/usb-Stick_4GB" 1050624',
  ]);
});

test("overlapping ranges: the error shows at both, blocks the download with the reason, and fixing one range unblocks it", async ({
  page,
}, testInfo) => {
  await openPage(page);
  await listing(page).fill(WORKED_EXAMPLE);
  const p1 = page.getByRole("option", { name: /^Partition 1 \(Disk #0, Partition #1\)/ });
  await p1.click();
  await page.getByRole("button", { name: "Assign whole" }).click();
  await p1.click();
  await page.getByRole("button", { name: "Assign whole" }).click();

  // In full at the first VM; the second points at it rather than repeating the text.
  await expect(
    vmCard(page, "vm1").getByRole("listitem").filter({ hasText: "Error:" }),
  ).toContainText("at least one is writable");
  await expect(
    vmCard(page, "vm2").getByRole("listitem").filter({ hasText: "Error:" }),
  ).toContainText("see range 1 of vm1");
  await expect(downloadButton(page)).toBeDisabled();
  await expect(downloadButton(page)).toHaveAccessibleDescription(/blocked until the error/);
  // The summary links to what a finding concerns: selects it, scrolls to it, focuses it.
  const summary = page.getByRole("region", { name: "Review and download" });
  await summary.getByRole("button", { name: "Show range 1 of vm2" }).first().click();
  await expect(page.locator("#vm-1-range-0")).toBeFocused();
  await expect(page.locator("#vm-1-range-0")).toHaveClass(/selected/);
  await expectNoAxeViolations(page, "error");
  await screenshots(page, testInfo, "error");

  await vmCard(page, "vm2").getByRole("button", { name: "Remove range 1" }).click();
  await page.getByRole("option", { name: /^Partition 2 \(Disk #0, Partition #2\)/ }).click();
  await page.getByRole("combobox", { name: "Give it to" }).first().selectOption({ label: "vm2" });
  await page.getByRole("button", { name: "Assign whole" }).click();
  await expect(vmCard(page, "vm2").getByRole("listitem").filter({ hasText: "Error:" })).toHaveCount(
    0,
  );
  await expect(downloadButton(page)).toBeEnabled();
});

test("the whole flow by keyboard alone: from Try the example to a downloaded split zip in at most 20 key presses", async ({
  page,
}, testInfo) => {
  // Every key the page receives is counted, including those the download helper presses.
  await page.addInitScript(() => {
    const w = window as unknown as { keyPresses: number };
    w.keyPresses = 0;
    window.addEventListener("keydown", (e) => void (e.repeat || w.keyPresses++), true);
  });
  await openPage(page);
  await tabTo(page, page.getByRole("button", { name: "Try the example" }));
  const tabsToStart = await page.evaluate(
    () => (window as unknown as { keyPresses: number }).keyPresses,
  );
  await page.keyboard.press("Enter");

  // The example's disk map takes the focus; arrows move along it, Enter opens the actions.
  const map = page.getByRole("listbox", { name: /^Map of / });
  await expect(map.getByRole("option").first()).toBeFocused();
  await page.keyboard.press("ArrowRight"); // P0
  await page.keyboard.press("ArrowRight"); // P1
  await expect(map.getByRole("option", { selected: true })).toHaveAccessibleName(
    /^Partition 1 \(Disk #0, Partition #1\)/,
  );
  await page.keyboard.press("Enter"); // to the actions
  await tabTo(page, page.getByRole("spinbutton", { name: "Parts" }));
  await page.keyboard.press("Enter"); // submits the split with its defaults: two new VMs
  await expect(vmCard(page, "vm2")).toBeVisible();
  await expect(
    page.getByRole("status").filter({ hasText: "Split between vm1 and vm2." }),
  ).toBeVisible();

  const toReview = page.getByRole("button", { name: "Review and download" });
  await expect(toReview).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(downloadButton(page)).toBeFocused();
  const { download: file } = await downloadZip(page, { keyboard: true });
  const presses =
    (await page.evaluate(() => (window as unknown as { keyPresses: number }).keyPresses)) -
    tabsToStart;
  testInfo.annotations.push({
    type: "key presses",
    description: `${presses} from Try the example to the download (${tabsToStart} Tabs to reach it)`,
  });
  expect(presses).toBeLessThanOrEqual(20);
  const files = descriptors(await unzipDownload(file, testInfo));
  expect(extentLines(files.get("vm2/vm2.vmdk") ?? "")).toEqual([
    HEAD,
    `RW 62914560 FLAT "${DRIVE0}" 188745728`,
  ]);
});

test("undo and redo from the keyboard after a split", async ({ page }) => {
  await openPage(page);
  await page.getByRole("button", { name: "Try the example" }).click();
  await page.getByRole("option", { name: /^Partition 1 \(Disk #0, Partition #1\)/ }).click();
  await page.getByRole("button", { name: "Split", exact: true }).click();
  await expect(vmCard(page, "vm2")).toBeVisible();
  // The focus is on a button, not in a text field: Ctrl+Z undoes the split, Ctrl+Shift+Z redoes it.
  await page.keyboard.press("Control+z");
  await expect(vmCard(page, "vm1")).toHaveCount(0);
  await page.keyboard.press("Control+Shift+z");
  await expect(vmCard(page, "vm2")).toBeVisible();
});

test("axe finds nothing in the empty and planned states; screenshots at 360 and 1280 px, light and dark", async ({
  page,
}, testInfo) => {
  await openPage(page);
  await expectNoAxeViolations(page, "empty");
  await screenshots(page, testInfo, "empty");

  await page.getByRole("button", { name: "Try the example" }).click();
  await page.getByRole("option", { name: /^Partition 1 \(Disk #0, Partition #1\)/ }).click();
  await page.getByRole("button", { name: "Split", exact: true }).click();
  await page.getByText("Descriptor of vm1", { exact: true }).click();
  await expect(page.getByText("RW 62914560 FLAT")).toBeVisible();
  await expectNoAxeViolations(page, "planned");
  await screenshots(page, testInfo, "planned");

  await downloadButton(page).click();
  await expect(warningAcknowledgement(page)).toBeFocused();
  await expectNoAxeViolations(page, "asking to acknowledge the warnings");
  await screenshots(page, testInfo, "acknowledge");
});

test("a paste with no partition table names the supported formats and keeps the text", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await openPage(page);
  const junk =
    "PS C:\\> Get-Volume\nDriveLetter FileSystemLabel Size\nC           Windows         237 GB";
  await page.evaluate((text) => navigator.clipboard.writeText(text), junk);
  await listing(page).focus();
  await page.keyboard.press("Control+v");
  await expect(listing(page)).toHaveValue(junk);
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("wmic partition get");
  await expect(alert).toContainText("fdisk -l");
  await expect(listing(page)).toHaveValue(junk);
});

test("editing a VM: rename, colour, head file, order and access; remove and undo; the copied descriptor is the zip's", async ({
  page,
  context,
}, testInfo) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await openPage(page);
  await listing(page).fill(WORKED_EXAMPLE);
  await page.getByRole("option", { name: /^Partition 1 \(Disk #0, Partition #1\)/ }).click();
  await page.getByRole("button", { name: "Assign whole" }).click();
  await page.getByRole("option", { name: /^Partition 0 \(Disk #0, Partition #0\)/ }).click();
  await page.getByRole("combobox", { name: "Give it to" }).first().selectOption({ label: "vm1" });
  await page.getByRole("button", { name: "Assign whole" }).click();

  const name = vmCard(page, "vm1").getByLabel("Name", { exact: true });
  await name.fill("web");
  await name.press("Enter");
  const web = await openVmOptions(vmCard(page, "web"));
  await web.getByLabel("Head file").fill("Head_1MiB");
  await web.getByLabel("Head file").press("Enter");
  await web.getByRole("button", { name: "Move range 2 up" }).click();
  await web.getByRole("combobox", { name: "Access of range 2" }).selectOption("RDONLY");
  await web.getByLabel("Colour").selectOption({ label: "D · Vermilion" });
  await expect(web).toHaveClass(/vm-c3/);
  await expect(web).toContainText("The guest sees a disk of 251,660,288 sectors");

  await web.getByText("Descriptor of web", { exact: true }).click();
  await web.getByRole("button", { name: "Copy the descriptor of web" }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(extentLines(copied)).toEqual([
    'RW 2048 FLAT "Head_1MiB" 0',
    `RW 125829120 FLAT "${DRIVE0}" 2048`,
    `RDONLY 125829120 FLAT "${DRIVE0}" 125831168`,
  ]);

  await web.getByRole("button", { name: "Remove web" }).click();
  await expect(vmCard(page, "web")).toHaveCount(0);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(vmCard(page, "web")).toBeVisible();

  const files = descriptors(await unzipDownload(await download(page), testInfo));
  expect(files.get("web/web.vmdk")).toBe(copied);
});

test("a listing saved by wmic (UTF-16 with a BOM) can be opened or dropped", async ({ page }) => {
  const path = join(FIXTURES, "wmic", "worked-example.utf16le-bom-crlf.txt");
  await openPage(page);
  await page.getByLabel("Open a listing file…").setInputFiles(path);
  await expect(listing(page)).toHaveValue(/Disk #0, Partition #1\s+125829120\s+64425558016/);
  await expect(
    page.getByRole("option", { name: /^Partition 2 \(Disk #0, Partition #2\)/ }),
  ).toBeVisible();

  await listing(page).fill("");
  const bytes = [...readFileSync(path)];
  const dataTransfer = await page.evaluateHandle((data) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(data)], "partitions.txt", { type: "text/plain" }));
    return dt;
  }, bytes);
  await listing(page).dispatchEvent("drop", { dataTransfer });
  await expect(listing(page)).toHaveValue(/Disk #0, Partition #2\s+33554432\s+128850067456/);
});
