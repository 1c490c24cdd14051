/**
 * Issue 15, acceptance 3: big pastes do not freeze the page. A 10,000-line listing pasted into
 * the box is parsed off the main thread: no long task over 200 ms beyond the browser's own
 * textarea paste, a button answers a click while the listing is read, and the table shows the
 * right partitions a page at a time. A listing file over the limit (docs/big-listings.md) is
 * refused before a byte of it is read.
 */
import { truncateSync, writeFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations, openPlanner } from "./helpers.ts";

// axe is added to the page as a script: the page's own policy would refuse it.
test.use({ bypassCSP: true });

/** Partitions in the generated listing: with its 9 header lines, 10,000 lines. */
const PARTITIONS = 9_991;
const HEADER_LINES = 9;
/** Every partition is 1 MiB (2048 sectors of 512 bytes), side by side from sector 2048. */
const PARTITION_SECTORS = 2048;
const startOf = (n: number) => 2048 + (n - 1) * PARTITION_SECTORS;

/**
 * `fdisk -l` of one GPT disk with `partitions` partitions, laid out as fdisk 2.38 prints it
 * (header lines, then right-aligned columns). The disk ends one MiB after the last partition.
 * `part` names partition n (`/dev/sdb` → `/dev/sdb1`, `/dev/nvme0n1` → `/dev/nvme0n1p1`).
 */
function fdiskDisk(device: string, partitions: number, part = (n: number) => `${device}${n}`) {
  const sectors = startOf(partitions + 1) + 2048;
  const bytes = sectors * 512;
  const rows = Array.from({ length: partitions }, (_, i) => {
    const start = startOf(i + 1);
    const end = start + PARTITION_SECTORS - 1;
    return [
      part(i + 1).padEnd(13),
      String(start).padStart(9),
      String(end).padStart(9),
      String(PARTITION_SECTORS).padStart(8),
      "  1M Linux filesystem",
    ].join(" ");
  });
  const header = [
    `Disk ${device}: ${(bytes / 2 ** 30).toFixed(2)} GiB, ${bytes} bytes, ${sectors} sectors`,
    "Disk model: Big Test Disk   ",
    "Units: sectors of 1 * 512 = 512 bytes",
    "Sector size (logical/physical): 512 bytes / 4096 bytes",
    "I/O size (minimum/optimal): 4096 bytes / 4096 bytes",
    "Disklabel type: gpt",
    "Disk identifier: 0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9",
    "",
    "Device            Start       End  Sectors Size Type",
  ];
  expect(header).toHaveLength(HEADER_LINES);
  return [...header, ...rows].join("\n") + "\n";
}

/** The big paste: /dev/sdb with `PARTITIONS` partitions, 10,000 lines. */
const fdiskListing = () => fdiskDisk("/dev/sdb", PARTITIONS);

/** Starts recording long tasks (Long Tasks API) in the page, into `window.longTasks`. */
async function recordLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const tasks: { start: number; duration: number }[] = [];
    Object.assign(window, { longTasks: tasks });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask" });
  });
}

const longTasks = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { longTasks: { start: number; duration: number }[] }).longTasks,
  );

/** What the page saw after the paste's input event, by `performance.now()`. */
interface Seen {
  clicks: number[];
  /** When "Reading the listing…" appeared, and what it said. */
  reading: { at: number; text: string }[];
  /** When the parsed listing appeared. */
  parsed: number[];
}

/** What one paste cost and showed, in ms from the paste's input event. */
interface PasteFigures {
  ownPaste: number;
  longest: number;
  clicked: number;
  shown: number;
}

/**
 * Pastes `text` into a freshly opened planner as the browser does (the value, laid out, then
 * the input event) and clicks a button while it is read. Checks what must hold every time (the
 * status shows, the click is handled before the listing appears); returns the timings.
 */
async function pasteAndMeasure(page: Page, text: string): Promise<PasteFigures> {
  await openPlanner(page);
  await recordLongTasks(page);

  // The browser's own paste: the text goes into the box and is laid out, with no input event.
  const pasted = await page.evaluate(async (value) => {
    const box = document.getElementById("listing") as HTMLTextAreaElement;
    box.focus();
    box.value = value;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await new Promise((r) => setTimeout(r, 100));
    return performance.now();
  }, text);

  // Then the input event the paste fires, and a click on a button while the listing is read.
  const copy = page.getByRole("button", { name: "Copy the Linux command" });
  await copy.scrollIntoViewIfNeeded();
  const target = await copy.boundingBox();
  if (!target) throw new Error("the copy button has no box");
  await page.evaluate(() => {
    const seen: Seen = { clicks: [], reading: [], parsed: [] };
    Object.assign(window, { seen });
    document.addEventListener("click", () => seen.clicks.push(performance.now()), {
      capture: true,
    });
    new MutationObserver(() => {
      const status = document.querySelector(".listing-input [role=status]");
      if (seen.reading.length === 0 && status) {
        seen.reading.push({ at: performance.now(), text: status.textContent ?? "" });
      }
      if (seen.parsed.length === 0 && document.querySelector(".parsed .detected")) {
        seen.parsed.push(performance.now());
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
    const area = document.getElementById("listing") as HTMLTextAreaElement;
    area.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
  });
  await page.mouse.click(target.x + target.width / 2, target.y + target.height / 2);
  await expect(copy).toHaveText("Copied");
  await expect(page.locator(".parsed .detected")).toContainText("1 disk", { timeout: 30_000 });
  // Autosave writes the listing 400 ms later: that is part of the paste's cost too.
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem("raw-disk-planner/state")?.length ?? 0))
    .toBeGreaterThan(text.length);

  const seen = await page.evaluate(() => (window as unknown as { seen: Seen }).seen);
  const all = await longTasks(page);
  const [clicked, shown, reading] = [seen.clicks[0], seen.parsed[0], seen.reading[0]];
  if (clicked === undefined || shown === undefined || reading === undefined) {
    throw new Error(`the page did not see it all: ${JSON.stringify(seen)}`);
  }
  expect(reading.text).toContain("Reading the listing (10,000 lines)");
  expect(reading.at, "the status showed before the listing").toBeLessThan(shown);
  expect(clicked, "the click was handled while the listing was read").toBeLessThan(shown);
  return {
    ownPaste: Math.max(0, ...all.filter((t) => t.start < pasted).map((t) => t.duration)),
    longest: Math.max(0, ...all.filter((t) => t.start >= pasted).map((t) => t.duration)),
    clicked: clicked - pasted,
    shown: shown - pasted,
  };
}

test("a 10,000-line paste is read off the main thread, stays clickable and shows the right partitions", async ({
  page,
  context,
}, testInfo) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const text = fdiskListing();
  expect(text.split("\n")).toHaveLength(HEADER_LINES + PARTITIONS + 1);

  // Long tasks are wall time: on a machine busy with other work one may stretch past the bound.
  // A second paste into a fresh page (storage cleared) tells a busy machine from a slow page.
  const attempts: PasteFigures[] = [];
  for (let attempt = 0; attempt < 2 && !attempts.some((a) => a.longest <= 200); attempt++) {
    if (attempt > 0) await page.evaluate(() => localStorage.clear());
    const figures = await pasteAndMeasure(page, text);
    attempts.push(figures);
    const measured =
      `browser's own paste ${figures.ownPaste.toFixed(0)} ms; after it: longest task ` +
      `${figures.longest.toFixed(0)} ms, click handled at ${figures.clicked.toFixed(0)} ms, ` +
      `listing shown at ${figures.shown.toFixed(0)} ms`;
    testInfo.annotations.push({ type: "measured", description: measured });
    console.log(measured);
  }
  const longest = Math.min(...attempts.map((a) => a.longest));
  expect(longest, "no long task over 200 ms beyond the browser's own paste").toBeLessThanOrEqual(
    200,
  );
  await expect(page.getByRole("status").filter({ hasText: "Reading the listing" })).toHaveCount(0);

  // The partitions, a page at a time: the first, then the last page with the last partition.
  const disk = page.locator(".parsed-disk").first();
  await expect(disk.locator("summary")).toContainText(`${PARTITIONS} partitions`);
  await disk.locator("summary").click();
  const rows = disk.getByRole("table").locator("tbody tr");
  await expect(rows).toHaveCount(100);
  await expect(rows.first()).toContainText(groupDigits(startOf(1)));
  const pages = disk.getByRole("navigation", { name: "Pages of the partitions of /dev/sdb" });
  await expect(pages).toContainText("Partitions 1–100 of 9,991");
  await pages.getByRole("button", { name: "Last" }).click();
  await expect(pages).toContainText("Partitions 9,901–9,991 of 9,991");
  await expect(rows).toHaveCount(91);
  const lastRow = rows.last();
  await expect(lastRow.locator("td").first()).toHaveText(String(PARTITIONS));
  await expect(lastRow.locator("td[data-label=Start]")).toHaveText(
    groupDigits(startOf(PARTITIONS)),
  );
  await expect(lastRow.locator("td[data-label=Sectors]")).toHaveText(
    groupDigits(PARTITION_SECTORS),
  );
  await expect(page.getByLabel("Partition listing")).toHaveValue(text);
  await expectNoAxeViolations(page, "a 10,000-line listing, its last page of partitions");
});

/** 20461568 → "20,461,568", as the page groups digits. */
const groupDigits = (n: number) => n.toLocaleString("en-US");

test("a 60 MB listing file and a 60 MB plan file are refused with the limit, before any of it is read", async ({
  page,
}, testInfo) => {
  // Every way a page can read a file's bytes, counted.
  await page.addInitScript(() => {
    const reads: string[] = [];
    Object.assign(window, { fileReads: reads });
    const count = (proto: object, name: string) => {
      const original = Reflect.get(proto, name) as (...args: unknown[]) => unknown;
      Reflect.set(proto, name, function (this: unknown, ...args: unknown[]) {
        reads.push(name);
        return original.apply(this, args);
      });
    };
    for (const name of ["arrayBuffer", "text", "stream", "slice", "bytes"]) {
      if (name in Blob.prototype) count(Blob.prototype, name);
    }
    for (const name of ["readAsArrayBuffer", "readAsText", "readAsDataURL", "readAsBinaryString"]) {
      count(FileReader.prototype, name);
    }
  });
  await openPlanner(page);
  const listing = page.getByLabel("Partition listing");
  await listing.fill("what I typed\n");

  /** A 60 MB file (sparse: its first bytes, then zeros) given to the file input for `accept`. */
  const giveHugeFile = async (name: string, start: string, accept: string) => {
    const path = testInfo.outputPath(name);
    writeFileSync(path, start);
    truncateSync(path, 60 * 1024 * 1024);
    await page.locator(`input[type=file][accept*="${accept}"]`).setInputFiles(path);
  };
  const reads = () => page.evaluate(() => (window as unknown as { fileReads: string[] }).fileReads);

  await giveHugeFile("huge-listing.txt", "Disk /dev/sda: 60 MiB\n", ".txt");

  const alert = page.getByRole("alert").filter({ hasText: "huge-listing.txt" });
  await expect(alert).toContainText("huge-listing.txt is not opened: it has 62,914,560 bytes");
  await expect(alert).toContainText("at most 4,194,304 (4 MiB)");
  await expect(alert).toContainText("Nothing was read from it");
  expect(await reads()).toEqual([]);
  await expect(listing).toHaveValue("what I typed\n");

  // "Open plan…" refuses a file far bigger than a plan or the app's zip the same way.
  await giveHugeFile("plan.json", "{", ".json");
  const planAlert = page.getByRole("alert").filter({ hasText: "plan.json cannot be opened" });
  await expect(planAlert).toContainText("It has 62914560 bytes");
  await expect(planAlert).toContainText("at most 32 MiB");
  expect(await reads()).toEqual([]);

  // The spy sees reads: a small listing file is read, and its text fills the box.
  const small = testInfo.outputPath("small-listing.txt");
  writeFileSync(small, fdiskDisk("/dev/sdb", 3));
  await page.locator('input[type=file][accept*=".txt"]').setInputFiles(small);
  await expect(listing).toHaveValue(/\/dev\/sdb3 /);
  await expect(alert).toHaveCount(0);
  expect(await reads()).toContain("arrayBuffer");
});

test("a listing of 50 disks opens the first pages that fit in 400 rows; the rest open on a click", async ({
  page,
}) => {
  await openPlanner(page);
  // fdisk -l of a machine with 50 NVMe disks of 20 partitions each, one after the other.
  const devices = Array.from({ length: 50 }, (_, d) => `/dev/nvme${d}n1`);
  const text = devices.map((dev) => fdiskDisk(dev, 20, (n) => `${dev}p${n}`)).join("\n");
  await page.getByLabel("Partition listing").fill(text);
  await expect(page.locator(".parsed .detected")).toContainText("50 disks", { timeout: 30_000 });
  const disks = page.locator(".parsed-disk");
  await expect(disks).toHaveCount(50);
  // 20 rows each: the first 20 disks are open and drawn, the other 30 only summarised.
  await expect(page.locator(".parsed-disk[open]")).toHaveCount(20);
  await expect(page.locator(".parsed-disk table")).toHaveCount(20);
  const last = disks.last();
  await expect(last.locator("summary")).toContainText("/dev/nvme49n1");
  await expect(last.locator("summary")).toContainText("20 partitions");
  await last.locator("summary").click();
  const rows = last.getByRole("table").locator("tbody tr");
  await expect(rows).toHaveCount(20);
  await expect(rows.last().locator("td[data-label=Start]")).toHaveText(groupDigits(startOf(20)));
  await expect(last.getByRole("button", { name: "Use /dev/nvme49n1 in the plan" })).toBeVisible();
});

test.describe("with the planner's script held back", () => {
  // The service worker would answer from its cache, past the route that holds the script back.
  test.use({ serviceWorkers: "block" });

  test("a big paste made before the planner has loaded is read and kept, over the saved listing", async ({
    page,
  }) => {
    // A listing saved by an earlier visit, which the planner loads at start.
    await openPlanner(page);
    await page.getByRole("button", { name: "Try the example" }).click();
    await expect(page.locator(".parsed .detected")).toContainText("1 disk");
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem("raw-disk-planner/state") ?? ""))
      .toContain("Disk #0, Partition #2");

    // The next visit: the planner's script arrives late, and the user pastes meanwhile.
    await page.route(/planner-[\w-]+\.js$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await page.reload();
    await expect(page.getByText("Loading the planner…").first()).toBeVisible();
    const text = fdiskListing();
    await page.evaluate((value) => {
      const box = document.getElementById("listing") as HTMLTextAreaElement;
      box.value = value;
      box.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
    }, text);
    await expect(page.getByRole("status").filter({ hasText: "Reading the listing" })).toBeVisible();
    await expect(page.locator(".parsed-disk summary")).toContainText(`${PARTITIONS} partitions`, {
      timeout: 30_000,
    });
    await expect(page.getByLabel("Partition listing")).toHaveValue(text);
  });
});
