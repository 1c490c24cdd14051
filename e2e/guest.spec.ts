/**
 * Guest-ready disks in the planner: a partition table in the head, identity placement, and the
 * zip's head, tail and descriptor agreeing with what the guest view shows.
 */
import { readFileSync } from "node:fs";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import JSZip from "jszip";
import {
  openVmOptions,
  downloadZip,
  expectNoAxeViolations,
  extentLines,
  screenshots,
  WORKED_EXAMPLE,
} from "./helpers.ts";

// axe is injected as an inline script, which the page's Content-Security-Policy forbids.
test.use({ bypassCSP: true });

const DRIVE0 = "\\\\.\\PhysicalDrive0";
const HEAD_SECTORS = 2048n;
// The worked example's Partition #0 and Partition #2, in 512-byte sectors.
const P0 = { start: 1048576n / 512n, sectors: 125829120n };
const P2 = { start: 128850067456n / 512n, sectors: 33554432n };

const vmCard = (page: Page, name: string) => page.getByRole("article", { name, exact: true });
const grouped = (n: bigint) => n.toLocaleString("en-US");

async function openPage(page: Page) {
  await page.goto("./");
  await expect(page.getByText("Loading the planner…")).toHaveCount(0);
}

/** vm1 with Partition #0 and then Partition #2 of the worked example. */
async function vmWithTwoRanges(page: Page) {
  await openPage(page);
  await page.getByLabel("Partition listing").fill(WORKED_EXAMPLE);
  await page.getByRole("option", { name: /^Partition 0 \(Disk #0, Partition #0\)/ }).click();
  await page.getByRole("button", { name: "Assign whole" }).click();
  await page.getByRole("option", { name: /^Partition 2 \(Disk #0, Partition #2\)/ }).click();
  await page.getByRole("combobox", { name: "Give it to" }).first().selectOption({ label: "vm1" });
  await page.getByRole("button", { name: "Assign whole" }).click();
  const vm = vmCard(page, "vm1");
  await expect(vm.getByRole("combobox", { name: "Access of range 2" })).toBeVisible();
  return openVmOptions(vm);
}

/** The zip, downloaded through the shared helper (which acknowledges the plan's warnings). */
async function zipOf(page: Page, testInfo: TestInfo): Promise<JSZip> {
  const { download } = await downloadZip(page);
  const path = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(path);
  return JSZip.loadAsync(readFileSync(path));
}

async function fileText(zip: JSZip, name: string): Promise<string> {
  const file = zip.file(name);
  expect(file, `${name} in the zip`).not.toBeNull();
  return (await file?.async("string")) ?? "";
}

async function fileBytes(zip: JSZip, name: string): Promise<Uint8Array> {
  const file = zip.file(name);
  expect(file, `${name} in the zip`).not.toBeNull();
  return (await file?.async("uint8array")) ?? new Uint8Array();
}

test("GPT in the head: the guest view lists both partitions; the zip has head, tail and a descriptor ending with the tail", async ({
  page,
}, testInfo) => {
  const vm = await vmWithTwoRanges(page);
  const table = vm.getByLabel("Partition table in the head");
  await expect(table).toHaveValue("none");
  await table.selectOption({ label: "GPT" });

  // Independently: head 2048, the first range right after it, the second right after that,
  // then the 33-sector tail.
  const first = HEAD_SECTORS;
  const second = first + P0.sectors;
  const total = second + P2.sectors + 33n;
  const partitions = vm.getByRole("table", { name: /^Partitions vm1 sees/ });
  await expect(partitions.getByRole("row")).toHaveCount(3);
  const row = (n: number) => partitions.getByRole("row").nth(n).getByRole("cell");
  await expect(row(1)).toHaveText([
    "1",
    "NTFS / exFAT (Microsoft basic data)",
    grouped(first),
    grouped(P0.sectors),
    "60 GiB",
    "Range 1",
  ]);
  await expect(row(2)).toHaveText([
    "2",
    "NTFS / exFAT (Microsoft basic data)",
    grouped(second),
    grouped(P2.sectors),
    "16 GiB",
    "Range 2",
  ]);
  await expect(vm).toContainText(`The guest sees a GPT disk of ${grouped(total)} sectors`);
  const bar = vm.getByRole("list", { name: "What vm1 sees, in order" });
  await expect(bar.getByRole("listitem").last()).toContainText(
    `GPT tail file (backup table): 33 sectors`,
  );

  // The per-range type select is prefilled and changes the guest's partition type.
  const type2 = vm.getByRole("combobox", { name: "Partition type of range 2" });
  await expect(type2).toHaveValue("basic-data");
  await type2.selectOption({ label: "Linux filesystem" });
  await expect(row(2).nth(1)).toHaveText("Linux filesystem");

  // The descriptor preview ends with the tail too.
  await vm.getByText("Descriptor of vm1", { exact: true }).click();
  const preview = await vm.getByLabel("Descriptor of vm1").textContent();
  expect(extentLines(preview ?? "").at(-1)).toBe('RW 33 FLAT "Raw_Sectors_GPT_Backup" 0');

  await expectNoAxeViolations(page, "GPT chosen");
  await vm.scrollIntoViewIfNeeded();
  await screenshots(page, testInfo, "guest-gpt");

  const zip = await zipOf(page, testInfo);
  const descriptor = await fileText(zip, "vm1/vm1.vmdk");
  expect(extentLines(descriptor)).toEqual([
    'RW 2048 FLAT "Raw_Sectors_1MiB" 0',
    `RW ${P0.sectors} FLAT "${DRIVE0}" ${P0.start}`,
    `RW ${P2.sectors} FLAT "${DRIVE0}" ${P2.start}`,
    'RW 33 FLAT "Raw_Sectors_GPT_Backup" 0',
  ]);
  const head = await fileBytes(zip, "vm1/Raw_Sectors_1MiB");
  expect(head.length).toBe(2048 * 512);
  expect(new TextDecoder("latin1").decode(head.subarray(512, 520))).toBe("EFI PART");
  // AlternateLBA (offset 32 of the header) is T − 1: the last sector of the tail.
  const header = new DataView(head.buffer, head.byteOffset + 512, 92);
  expect(header.getBigUint64(32, true)).toBe(total - 1n);
  const tail = await fileBytes(zip, "vm1/Raw_Sectors_GPT_Backup");
  expect(tail.length).toBe(33 * 512);
  expect(new TextDecoder("latin1").decode(tail.subarray(32 * 512, 32 * 512 + 8))).toBe("EFI PART");
});

test("identity placement: the guest view shows the zero padding, the descriptor has its ZERO line", async ({
  page,
}, testInfo) => {
  const vm = await vmWithTwoRanges(page);
  const placement = vm.getByLabel("Placement");
  await expect(placement).toHaveValue("packed");
  await placement.selectOption({ label: "Identity (same LBA as on the host)" });

  // Partition #1 (125831168 +125829120) is not in the VM: zeros stand in its place.
  const paddingStart = P0.start + P0.sectors;
  const paddingSectors = P2.start - paddingStart;
  const bar = vm.getByRole("list", { name: "What vm1 sees, in order" });
  await expect(bar.getByRole("listitem")).toHaveCount(4);
  await expect(bar.getByRole("listitem").nth(2)).toContainText(
    `Zero padding (reads zeros, writes are lost): ${paddingSectors} sectors (60 GiB) at guest sector ${paddingStart}`,
  );
  await expect(bar.getByRole("listitem").nth(3)).toContainText(`at guest sector ${P2.start}`);
  await expect(vm).toContainText(
    `The guest sees a disk of ${grouped(P2.start + P2.sectors)} sectors`,
  );

  // A head larger than the first range's start is refused, with the fix next to the control.
  const head = vm.getByLabel("Head size (sectors)");
  await head.fill("4096");
  await head.press("Enter");
  await expect(vm.getByText(/identity placement puts range 1 at LBA 2048/).first()).toBeVisible();
  await expectNoAxeViolations(page, "identity refused");
  await vm.getByRole("button", { name: "Set the head to 2048 sectors" }).click();
  await expect(head).toHaveValue("2048");

  const expected = [
    'RW 2048 FLAT "Raw_Sectors_1MiB" 0',
    `RW ${P0.sectors} FLAT "${DRIVE0}" ${P0.start}`,
    `RW ${paddingSectors} ZERO `,
    `RW ${P2.sectors} FLAT "${DRIVE0}" ${P2.start}`,
  ];
  await vm.getByText("Descriptor of vm1", { exact: true }).click();
  const preview = await vm.getByLabel("Descriptor of vm1").textContent();
  expect(extentLines(preview ?? "")).toEqual(expected);

  const zip = await zipOf(page, testInfo);
  expect(extentLines(await fileText(zip, "vm1/vm1.vmdk"))).toEqual(expected);
});

test("GPT with a head under 34 sectors is refused next to the control, with the fix", async ({
  page,
}) => {
  const vm = await vmWithTwoRanges(page);
  const head = vm.getByLabel("Head size (sectors)");
  await head.fill("16");
  await head.press("Enter");
  await vm.getByLabel("Partition table in the head").selectOption({ label: "GPT" });
  await expect(vm.getByText(/has a head of 16 sectors, but a GPT needs 34/).first()).toBeVisible();
  await expect(vm).toContainText("No guest disk yet");
  await vm.getByRole("button", { name: "Set the head to 2048 sectors" }).click();
  await expect(head).toHaveValue("2048");
  await expect(vm.getByRole("table", { name: /^Partitions vm1 sees/ })).toBeVisible();
});

test("MBR with 5 ranges is refused next to the control, and Use GPT fixes it", async ({ page }) => {
  const vm = await vmWithTwoRanges(page);
  // Partition #1 in 3 parts, all to vm1: 5 ranges.
  await page.getByRole("option", { name: /^Partition 1 \(Disk #0, Partition #1\)/ }).click();
  await page.getByLabel("Parts", { exact: true }).fill("3");
  for (const n of [1, 2, 3]) {
    await page.getByLabel(`Part ${n} to`).selectOption({ label: "vm1" });
  }
  await page.getByRole("button", { name: "Split", exact: true }).click();
  await expect(vm.getByRole("combobox", { name: "Access of range 5" })).toBeVisible();

  const table = vm.getByLabel("Partition table in the head");
  await table.selectOption({ label: "MBR" });
  await expect(
    vm.getByText(/has 5 ranges, but an MBR holds at most 4 partitions/).first(),
  ).toBeVisible();
  await expect(vm).toContainText("No guest disk yet");
  await vm.getByRole("button", { name: "Use GPT" }).click();
  await expect(table).toHaveValue("gpt");
  const partitions = vm.getByRole("table", { name: /^Partitions vm1 sees/ });
  await expect(partitions.getByRole("row")).toHaveCount(6);
});
