import { writeFileSync } from "node:fs";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { packShareFragment } from "../src/lib/share/link.ts";

// Issue 15, acceptance 2: a plan at every limit of docs/plan-format.md (64 disks of 256
// partitions, 256 VMs, 4096 ranges on one VM) opens from a file and from a link, and the page
// shows it and answers a click within a bounded main-thread time (Long Tasks API).

const GIB = 1024n ** 3n;
const MIB = 1024n ** 2n;

/**
 * The plan as docs/plan-format.md writes it, built here from the format, not by the app. Short
 * names keep it within the format's 2 MiB of text.
 */
function planAtTheLimits(): string {
  const disks = Array.from({ length: 64 }, (_, d) => ({
    id: `d${d}`,
    device: `/dev/nvme${d}n1`,
    logicalSectorSize: 512,
    sizeBytes: (1024n * GIB).toString(),
    tableType: "gpt",
    partitions: Array.from({ length: 256 }, (_, p) => ({
      number: p + 1,
      label: "",
      startByte: (MIB + BigInt(p) * GIB).toString(),
      sizeBytes: GIB.toString(),
    })),
  }));
  // The big VM: 4096 ranges of 1 MiB in the free space behind the partitions of disk d0.
  const freeStart = (MIB + 256n * GIB) / 512n;
  const big = {
    name: "big",
    adapterType: "ide",
    uuid: null,
    head: { file: "Raw_Sectors_1MiB", sectors: 2048 },
    ranges: Array.from({ length: 4096 }, (_, i) => ({
      disk: "d0",
      startSector: (freeStart + BigInt(i) * 2048n).toString(),
      sectors: "2048",
      access: "RW",
    })),
  };
  // 255 more VMs, each one whole partition of disks d1… (255 = 63 disks × 4 + 3).
  const others = Array.from({ length: 255 }, (_, i) => {
    const disk = 1 + (i % 63);
    const part = Math.floor(i / 63);
    return {
      name: `vm${i + 1}`,
      adapterType: "ide",
      uuid: null,
      head: { file: "Raw_Sectors_1MiB", sectors: 2048 },
      ranges: [
        {
          disk: `d${disk}`,
          startSector: ((MIB + BigInt(part) * GIB) / 512n).toString(),
          sectors: (GIB / 512n).toString(),
          access: "RW",
        },
      ],
    };
  });
  return JSON.stringify({
    format: "raw-disk-planner/plan",
    version: 1,
    name: "at-every-limit",
    disks,
    vms: [big, ...others],
  });
}

/** Long tasks from now on, summed in the page. */
async function startCountingLongTasks(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push(e.duration);
    }).observe({ type: "longtask" });
  });
}
const longTasks = (page: Page) =>
  page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);

/** Waits until one of the page's "Showing …" lines starts with `text`, looked up cheaply. */
async function waitForShowing(page: Page, text: string) {
  await page.waitForFunction(
    (t) => [...document.querySelectorAll(".show-more")].some((e) => e.textContent?.startsWith(t)),
    text,
    { polling: 100, timeout: 60_000 },
  );
}

/**
 * The main-thread time of opening the plan: until it shows, its safety check has answered, a
 * click on "Add a VM" has been answered, and the autosave after it has run. The page is probed
 * with cheap DOM look-ups meanwhile: Playwright's role and text queries walk the whole page
 * and would count as the page's own long tasks.
 */
async function opensAndAnswers(page: Page): Promise<number[]> {
  await waitForShowing(page, "Showing 16 of 256 VMs.");
  // The big plan is checked in a worker; its findings arrive when it answers.
  await page.waitForFunction(
    () =>
      document.querySelector("article.vm") !== null &&
      [...document.querySelectorAll(".summary-counts")].some(
        (e) => !(e as HTMLElement).hidden && /\d+ errors?/.test(e.textContent ?? ""),
      ),
    undefined,
    { polling: 100, timeout: 60_000 },
  );
  const addVm = page.locator('section[aria-labelledby="step-vms"] > .step-body > .row > button');
  await expect(addVm).toHaveText("Add a VM");
  await addVm.click();
  await waitForShowing(page, "Showing 17 of 257 VMs.");
  // Autosave writes 400 ms after a change: its work counts too.
  await page.waitForTimeout(1000);
  return longTasks(page);
}

/** What the page shows once opened (and "Add a VM" clicked): checked after the measurement. */
async function showsIt(page: Page) {
  await expect(page.getByRole("article", { name: "big", exact: true })).toBeVisible();
  await expect(page.getByText(/^Showing 17 of 257 VMs\./)).toBeVisible();
  await expect(page.getByText(/^Showing 25 of 4,096 ranges of big\./)).toBeVisible();
  await expect(page.getByText(/^Showing 4 of 64 disks\./)).toBeVisible();
  await expect(page.locator("article.vm.selected")).toBeVisible();
  // Every finding reached the page: the 4,096 ranges are too many for one VM (an error), and
  // each of the 64 /dev/nvme… paths may change between boots, and the VM just added has no
  // range yet (65 warnings).
  await expect(page.getByText(/^✖ 1 error$/)).toBeVisible();
  await expect(page.getByText(/^⚠ 65 warnings$/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Download zip" })).toBeDisabled();
  // The map of a disk of 256 partitions draws at most 64 pieces (docs/big-plans.md); a run of
  // neighbours selects its first piece, which is then drawn alone.
  const map = page.getByRole("listbox", { name: /^Map of \/dev\/nvme1n1:/ });
  const options = map.getByRole("option");
  expect(await options.count()).toBeLessThanOrEqual(64);
  const run = map.getByRole("option", { name: /^\d+ pieces drawn as one, / }).first();
  const firstOfRun = /^\d+ pieces drawn as one, (.+?) to /.exec(
    (await run.getAttribute("aria-label")) ?? "",
  )?.[1];
  expect(firstOfRun).toBeTruthy();
  await run.click();
  const selected = map.locator('[role="option"][aria-selected="true"]');
  await expect(selected).toHaveCount(1);
  expect(await selected.getAttribute("aria-label")).toContain(`${firstOfRun}: start`);
  await expect(selected).toBeFocused();
}

/**
 * The page's main-thread CPU time from now on, in ms (Chromium's ThreadTime metric, counted
 * from Performance.enable). Long tasks are wall time and stretch when other work shares the
 * machine; CPU time does not.
 */
async function countMainThreadCpu(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  return async () => {
    const { metrics } = await cdp.send("Performance.getMetrics");
    return (metrics.find((m) => m.name === "ThreadTime")?.value ?? NaN) * 1000;
  };
}

function report(testInfo: TestInfo, how: string, t: number[], cpuMs: number) {
  const total = t.reduce((a, b) => a + b, 0);
  const description =
    `${Math.round(total)} ms in ${t.length} long tasks (${t.map(Math.round).join(", ")} ms);` +
    ` ${Math.round(cpuMs)} ms of main-thread CPU`;
  testInfo.annotations.push({ type: "main-thread long tasks", description });
  console.log(`big plan opened from ${how}: ${description}`);
  return total;
}

test.describe.configure({ timeout: 180_000 });

test("a plan at every limit opens from a file, shows, and answers a click", async ({
  page,
}, testInfo) => {
  // A file on disk, as the file picker gives it: Playwright hands the browser its path. (Given
  // as a buffer, the 1.6 MB would be decoded into a File by Playwright's script in the page, a
  // long task of a few hundred milliseconds that no user's file picker costs.)
  const file = testInfo.outputPath("at-every-limit.plan.json");
  writeFileSync(file, planAtTheLimits());
  await page.goto("./");
  await expect(page.getByText("Loading the planner…")).toHaveCount(0);
  await startCountingLongTasks(page);
  const cpu = await countMainThreadCpu(page);
  await page.getByLabel("Open plan…").setInputFiles(file);
  const tasks = await opensAndAnswers(page);
  const total = report(testInfo, "a file", tasks, await cpu());
  await showsIt(page);
  // The goal is 1 s on this machine (reported above: 0.4–0.8 s when quiet); the bound leaves
  // room for a busy CI host and still fails a page that draws or reads a big plan in one piece
  // (7.7 s once, and about 2 s before the work of docs/big-plans.md).
  expect(total).toBeLessThan(5_000);
});

test("a plan at every limit opens from a share link, shows, and answers a click", async ({
  page,
}, testInfo) => {
  const fragment = await packShareFragment(planAtTheLimits());
  testInfo.annotations.push({ type: "link", description: `${fragment.length} characters` });
  // Counted from the start: the link is read while the page starts.
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push(e.duration);
    }).observe({ type: "longtask", buffered: true });
  });
  const cpu = await countMainThreadCpu(page);
  await page.goto(`./${fragment}`);
  const tasks = await opensAndAnswers(page);
  const total = report(testInfo, "a link", tasks, await cpu());
  await showsIt(page);
  expect(total).toBeLessThan(5_000);
});
