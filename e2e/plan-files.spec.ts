import { readFileSync } from "node:fs";
import { expect, test, type Browser, type Download, type Page } from "@playwright/test";
import JSZip from "jszip";
import { downloadZip, WORKED_EXAMPLE } from "./helpers.ts";

// Plan files: Save plan → <plan name>.plan.json; Open plan… takes a plan.json or the app's own zip;
// Import descriptor… turns an existing .vmdk into a VM that keeps its UUID.

const vmCard = (page: Page, name: string) => page.getByRole("article", { name, exact: true });

async function openPage(page: Page) {
  await page.goto("./");
  await expect(page.getByText("Loading the planner…")).toHaveCount(0);
}

async function freshPage(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await openPage(page);
  return { context, page };
}

async function downloadOf(page: Page, button: string): Promise<Download> {
  if (button === "Download zip") return (await downloadZip(page)).download;
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: button }).click(),
  ]);
  return file;
}

async function zipFiles(path: string): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const out = new Map<string, Buffer>();
  for (const entry of Object.values(zip.files)) {
    if (!entry.dir) out.set(entry.name, await entry.async("nodebuffer"));
  }
  return out;
}

const vmdks = (files: Map<string, Buffer>) =>
  new Map([...files].filter(([name]) => name.endsWith(".vmdk")));

/** The original plan: the worked example split in two, saved as plan.json and as a zip. */
async function original(page: Page) {
  await openPage(page);
  await page.getByLabel("Partition listing").fill(WORKED_EXAMPLE);
  await page.getByRole("option", { name: /^Partition 1 \(Disk #0, Partition #1\)/ }).click();
  await page.getByRole("button", { name: "Split", exact: true }).click();
  await expect(vmCard(page, "vm2")).toContainText("188,745,728");
  const planFile = await downloadOf(page, "Save plan");
  const zip = await downloadOf(page, "Download zip");
  // Named after the plan, as its zip is.
  const planName = await page.getByLabel("Plan name").inputValue();
  expect(planName).not.toBe("");
  expect(planFile.suggestedFilename()).toBe(`${planName}.plan.json`);
  expect(zip.suggestedFilename()).toBe(`${planName}.zip`);
  return { planPath: await planFile.path(), zipPath: await zip.path() };
}

test("the app's own plan.json and its own zip open to the same plan, same bytes", async ({
  page,
  browser,
}) => {
  const { planPath, zipPath } = await original(page);
  const expected = await zipFiles(zipPath);
  // plan.json saved by "Save plan" is the zip's plan.json: the ids were assigned once.
  expect(readFileSync(planPath).equals(expected.get("plan.json") ?? Buffer.alloc(0))).toBe(true);

  for (const [what, path] of [
    ["plan.json", planPath],
    ["zip", zipPath],
  ] as const) {
    const { context, page: other } = await freshPage(browser);
    await other.getByLabel("Open plan…").setInputFiles({
      name: what === "zip" ? "plan.zip" : "plan.json",
      mimeType: what === "zip" ? "application/zip" : "application/json",
      buffer: readFileSync(path),
    });
    await expect(other.getByRole("status").filter({ hasText: "Opened plan" })).toBeVisible();
    await expect(vmCard(other, "vm2")).toContainText("188,745,728");
    const rebuilt = await zipFiles(await (await downloadOf(other, "Download zip")).path());
    expect([...rebuilt.keys()]).toEqual([...expected.keys()]);
    for (const [name, bytes] of expected) {
      expect(rebuilt.get(name)?.equals(bytes), `${what}: ${name} is byte-identical`).toBe(true);
    }
    await context.close();
  }
});

test("a plan file with mistakes lists them with their JSON paths; the plan stays", async ({
  page,
}) => {
  await openPage(page);
  await page.getByRole("button", { name: "Try the example" }).click();
  const bad = {
    format: "raw-disk-planner/plan",
    version: 1,
    name: "bad",
    disks: [],
    vms: [{ name: 7, adapterType: "scsi-ish", uuid: null, head: {}, ranges: [] }],
  };
  await page.getByLabel("Open plan…").setInputFiles({
    name: "bad.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(bad)),
  });
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("bad.json cannot be opened");
  await expect(alert).toContainText("vms[0].name");
  await expect(alert).toContainText("vms[0].adapterType");
  await expect(page.getByLabel("Partition listing")).toHaveValue(/Partition #2/);

  await page.getByLabel("Open plan…").setInputFiles({
    name: "other.zip",
    mimeType: "application/zip",
    buffer: await new JSZip().file("README.txt", "hello").generateAsync({ type: "nodebuffer" }),
  });
  await expect(page.getByRole("alert")).toContainText("The zip has no plan.json");
});

test("importing a descriptor shows its extents and keeps its UUID", async ({ page, browser }) => {
  const { zipPath } = await original(page);
  const descriptor = vmdks(await zipFiles(zipPath)).get("vm2/vm2.vmdk");
  if (!descriptor) throw new Error("no vm2.vmdk in the zip");
  const uuid = /ddb\.uuid\.image="([0-9a-f-]{36})"/.exec(descriptor.toString("utf8"))?.[1];
  expect(uuid).toMatch(/^[0-9a-f-]{36}$/);

  const { context, page: other } = await freshPage(browser);
  await other.getByLabel("Import descriptor…").setInputFiles({
    name: "vm2.vmdk",
    mimeType: "application/octet-stream",
    buffer: descriptor,
  });
  const imported = other.getByRole("region", { name: /Imported vm2\.vmdk as vm2/ });
  await expect(imported).toContainText(`UUID kept: ${uuid}`);
  const rows = imported.getByRole("row");
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toContainText("Raw_Sectors_1MiB");
  await expect(rows.nth(2)).toContainText("62914560");
  await expect(rows.nth(2)).toContainText("\\\\.\\PhysicalDrive0");
  await expect(rows.nth(2)).toContainText("188745728");
  await expect(vmCard(other, "vm2")).toBeVisible();

  // Regenerated, the descriptor is the very same file VirtualBox knows.
  const rebuilt = vmdks(await zipFiles(await (await downloadOf(other, "Download zip")).path()));
  expect(rebuilt.get("vm2/vm2.vmdk")?.equals(descriptor)).toBe(true);

  // A broken descriptor: the reader's error with its line number.
  const broken = descriptor.toString("utf8").replace("RW 62914560 FLAT", "RW 62914560 FLATX");
  await other.getByLabel("Import descriptor…").setInputFiles({
    name: "broken.vmdk",
    mimeType: "application/octet-stream",
    buffer: Buffer.from(broken),
  });
  await expect(other.getByRole("alert")).toContainText("broken.vmdk cannot be imported");
  await expect(other.getByRole("alert")).toContainText(/line \d+: /);
  await context.close();
});
