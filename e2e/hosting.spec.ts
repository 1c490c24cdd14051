import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize, sep } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { descriptors, downloadZip, extentLines, unzipDownload } from "./helpers.ts";

// The build is a folder of static files: copied under any path of any plain server it works
// there, service worker and all.

const DIST = join(import.meta.dirname, "..", "dist");
const SUB_PATH = "/tools/raw-disk/";
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
};

let root = "";
let server: Server;
let origin = "";

test.beforeAll(async () => {
  expect(existsSync(join(DIST, "index.html")), "run `npm run build` first").toBe(true);
  root = mkdtempSync(join(tmpdir(), "raw-disk-host-"));
  cpSync(DIST, join(root, "tools", "raw-disk"), { recursive: true });
  // A plain static server: files under root, a folder serves its index.html, nothing else.
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

async function waitForPlanner(page: Page) {
  await expect(page.getByText("Loading the planner…")).toHaveCount(0);
}

test("the build works from /tools/raw-disk/ of a plain static server", async ({
  page,
}, testInfo) => {
  const outside: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(`${origin}${SUB_PATH}`)) outside.push(r.url());
  });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${origin}${SUB_PATH}`);
  await waitForPlanner(page);
  await page.getByRole("button", { name: "Try the example" }).click();
  await page.getByRole("option", { name: /^Partition 1 \(Disk #0, Partition #1\)/ }).click();
  await page.getByRole("button", { name: "Assign whole" }).click();
  const { download } = await downloadZip(page);
  const files = descriptors(await unzipDownload(download, testInfo));
  expect(extentLines(files.get("vm1/vm1.vmdk") ?? "")).toEqual([
    'RW 2048 FLAT "Raw_Sectors_1MiB" 0',
    'RW 125829120 FLAT "\\\\.\\PhysicalDrive0" 125831168',
  ]);
  expect(outside).toEqual([]);
  expect(errors).toEqual([]);
});

test("a new build is picked up on a later load, after a notice", async ({ page }) => {
  await page.goto(`${origin}${SUB_PATH}`);
  await waitForPlanner(page);
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? ""))
    .toBe(`${origin}${SUB_PATH}sw.js`);

  // "Deploy" a new version: a different sw.js (a new build always has one).
  const sw = join(root, "tools", "raw-disk", "sw.js");
  writeFileSync(sw, `${readFileSync(sw, "utf8")}\n// next build\n`);
  await page.reload();
  await waitForPlanner(page);
  const notice = page.getByRole("status").filter({ hasText: "A new version is ready" });
  await expect(notice).toBeVisible({ timeout: 15_000 });
  await Promise.all([
    page.waitForEvent("load"),
    notice.getByRole("button", { name: "Reload" }).click(),
  ]);
  await waitForPlanner(page);
  await expect(page.getByText("A new version is ready")).toHaveCount(0);
});
