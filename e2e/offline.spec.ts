import { expect, test, type Page } from "@playwright/test";
import { descriptors, downloadZip, extentLines, unzipDownload, WORKED_EXAMPLE } from "./helpers.ts";

// After one visit the service worker has every built file: the app loads, plans and builds
// its zip (the zip writer's chunks included) with no network at all.

async function waitForPlanner(page: Page) {
  await expect(page.getByText("Loading the planner…")).toHaveCount(0);
}

/** Loads the app and waits until its service worker (installed, every file cached) controls it. */
async function visitUntilCached(page: Page) {
  await page.goto("./");
  await waitForPlanner(page);
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), {
      timeout: 15_000,
    })
    .toBe(true);
}

test("after one visit the app works offline and downloads a zip", async ({
  page,
  context,
}, testInfo) => {
  await visitUntilCached(page);
  const cached = await page.evaluate(async () => {
    const keys = await caches.keys();
    const cache = await caches.open(keys[0] ?? "");
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  expect(cached).toContain("/index.html");
  expect(cached.some((p) => /^\/assets\/zip-.*\.js$/.test(p))).toBe(true);

  await context.setOffline(true);
  const failed: string[] = [];
  page.on("requestfailed", (r) => failed.push(r.url()));
  await page.reload();
  await waitForPlanner(page);
  await page.getByLabel("Partition listing").fill(WORKED_EXAMPLE);
  await page.getByRole("option", { name: /^Partition 1 \(Disk #0, Partition #1\)/ }).click();
  await page.getByRole("button", { name: "Assign whole" }).click();
  const { download } = await downloadZip(page);
  const files = descriptors(await unzipDownload(download, testInfo));
  expect(extentLines(files.get("vm1/vm1.vmdk") ?? "")).toEqual([
    'RW 2048 FLAT "Raw_Sectors_1MiB" 0',
    'RW 125829120 FLAT "\\\\.\\PhysicalDrive0" 125831168',
  ]);
  expect(failed).toEqual([]);
  await context.setOffline(false);
});

test("a later load is answered from the cache by the browser's own router", async ({ page }) => {
  await visitUntilCached(page);
  await page.reload();
  await waitForPlanner(page);
  // Chromium's resource timing says which rule answered each request ("cache": a static
  // route; "fetch-event": the worker's fetch handler; empty: no route matched).
  const sources = await page.evaluate(() =>
    [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")]
      .filter((e) => e.name.includes("/assets/") || e.entryType === "navigation")
      .map((e) => {
        const path = new URL(e.name).pathname;
        const source = (e as PerformanceResourceTiming & { workerMatchedSourceType?: string })
          .workerMatchedSourceType;
        return `${path.replace(/-[\w-]{8}\./, ".")} ${source ?? "?"}`;
      }),
  );
  expect(sources).toContain("/ cache");
  expect(sources).toContain("/assets/main.js cache");
  expect(sources).toContain("/assets/planner.js cache");
  expect(sources.filter((s) => !s.endsWith(" cache"))).toEqual([]);
});
