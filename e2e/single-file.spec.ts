import { expect, test } from "@playwright/test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { descriptors, downloadZip, extentLines, unzipDownload } from "./helpers.ts";

// `npm run build:single` writes one self-contained page for offline machines: it must work
// when opened from disk, and ask nothing of any server.
const SINGLE = join(import.meta.dirname, "..", "dist-single", "index.html");

test("dist-single/index.html works from file:// with no request to any server", async ({
  page,
}, testInfo) => {
  expect(existsSync(SINGLE), "run `npm run build:single` first").toBe(true);
  const requests: string[] = [];
  const problems: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(pathToFileURL(SINGLE).href);
  await page.getByRole("button", { name: "Try the example" }).click();
  await expect(page.getByLabel("Partition listing")).toHaveValue(/Disk #0, Partition #2/);
  await expect(page.getByRole("table").first()).toContainText("125,831,168");

  // Split the worked example's Partition #1 between two new VMs and download the zip.
  await page.getByRole("option", { name: /^Partition 1 \(Disk #0, Partition #1\)/ }).click();
  await page.getByRole("button", { name: "Split", exact: true }).click();
  const { download } = await downloadZip(page);
  const files = await unzipDownload(download, testInfo);
  expect(files.get("plan.json")).toContain('"format": "raw-disk-planner/plan"');
  const vmdks = descriptors(files);
  expect([...vmdks.keys()].sort()).toEqual(["vm1/vm1.vmdk", "vm2/vm2.vmdk"]);
  expect(extentLines(vmdks.get("vm1/vm1.vmdk") ?? "")).toEqual([
    'RW 2048 FLAT "Raw_Sectors_1MiB" 0',
    'RW 62914560 FLAT "\\\\.\\PhysicalDrive0" 125831168',
  ]);
  expect(extentLines(vmdks.get("vm2/vm2.vmdk") ?? "")).toEqual([
    'RW 2048 FLAT "Raw_Sectors_1MiB" 0',
    'RW 62914560 FLAT "\\\\.\\PhysicalDrive0" 188745728',
  ]);

  // A share link made here still opens (its fragment is all it needs).
  await page.getByRole("button", { name: "Copy share link" }).click();
  await expect(page.getByLabel("Share link")).toHaveValue(/^file:\/\/.*#plan=1\./);

  expect(problems).toEqual([]);
  expect(requests.filter((u) => !u.startsWith("file://") && !u.startsWith("blob:"))).toEqual([]);
});
