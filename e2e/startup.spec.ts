import { expect, test, type Page, type Route } from "@playwright/test";
import { WORKED_EXAMPLE } from "./helpers.ts";

// The first screen is in index.html (scripts/prerender-plugin.ts); the app's script hydrates it
// (src/takeOver.ts) and loads the planner after the first paint (docs/startup.md).

// The app's script, which the page's inline start (src/inlineBoot.ts) loads after the first paint.
const APP_SCRIPT = /\/assets\/main-[\w-]+\.js$/;
const pasteBox = (page: Page) => page.getByLabel("Partition listing", { exact: true });
const planToolsReady = (page: Page) =>
  expect(page.getByText("Open plan…", { exact: true })).toBeVisible();

/** Holds the app's script back until `release()`: the page shows only what index.html holds. */
async function holdAppScript(page: Page): Promise<() => void> {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(APP_SCRIPT, async (route: Route) => {
    await released;
    await route.continue();
  });
  return release;
}

test("the first screen paints from index.html alone, styled, before the app's script runs", async ({
  page,
}) => {
  await page.route(APP_SCRIPT, (route) => route.abort());
  await page.goto("./");
  await expect(page.getByRole("heading", { level: 1, name: "Raw Disk Planner" })).toBeVisible();
  const banner = page.getByRole("note");
  await expect(banner).toContainText("Raw disk access can destroy data if a range is wrong.");
  // The stylesheet is inline: the warning has its colours without any request for CSS.
  await expect(banner).not.toHaveCSS("background-color", "rgba(0, 0, 0, 0)");
  await expect(pasteBox(page)).toBeEditable();
  await expect(page.getByRole("button", { name: "Try the example" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Disks" })).toContainText("Loading the planner…");
});

for (const width of [1280, 360]) {
  test(`at ${width} px the app takes over without moving the paste box and keeps what was typed`, async ({
    page,
  }) => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(m.text());
    });
    await page.setViewportSize({ width, height: 800 });
    const release = await holdAppScript(page);
    await page.goto("./", { waitUntil: "commit" });
    const box = pasteBox(page);
    await expect(box).toBeEditable();

    // Typed and half-selected before the app exists.
    await box.click();
    await page.keyboard.insertText(WORKED_EXAMPLE);
    const before = await box.boundingBox();
    await box.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(10, 21, "backward"));
    await expect(page.getByText("Open plan…", { exact: true })).toHaveCount(0);
    // Tag the prerendered nodes: hydration adopts them, a re-render would replace them.
    await page.evaluate(() => {
      for (const el of document.querySelectorAll("#root textarea, #root h1, #root footer"))
        el.setAttribute("data-prerendered", "");
    });

    release();
    await planToolsReady(page);
    expect(await page.locator("[data-prerendered]").count()).toBe(3);
    expect(errors).toEqual([]);
    await expect(box).toHaveValue(WORKED_EXAMPLE);
    await expect(box).toBeFocused();
    expect(
      await box.evaluate((el: HTMLTextAreaElement) => [
        el.selectionStart,
        el.selectionEnd,
        el.selectionDirection,
      ]),
    ).toEqual([10, 21, "backward"]);
    // The app has the text, not just the box: it read the listing.
    await expect(page.getByRole("table").first()).toContainText("125,831,168");
    // Where the user sees it: the box stayed in its place on the screen while the app and the
    // planner arrived (the plan tools may add a row above it; the browser's scroll anchoring
    // keeps the box where it was, to the whole pixel it scrolls by).
    const after = await box.boundingBox();
    for (const key of ["x", "y", "width", "height"] as const)
      expect(Math.abs((after?.[key] ?? NaN) - (before?.[key] ?? NaN)), key).toBeLessThan(1);
  });
}

/** How far down the page the listing step's heading and the paste box are. */
const listingPlaces = (page: Page) =>
  page.evaluate(() => {
    const top = (selector: string) => document.querySelector(selector)?.getBoundingClientRect().top;
    return { heading: top("#step-listing"), box: top("textarea#listing") };
  });

for (const width of [1280, 360]) {
  test(`at ${width} px the empty first screen keeps its place when the planner arrives and when a plan begins`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 800 });
    const release = await holdAppScript(page);
    await page.goto("./", { waitUntil: "commit" });
    await expect(pasteBox(page)).toBeEditable();
    const prerendered = await listingPlaces(page);
    release();
    await planToolsReady(page);
    await expect(pasteBox(page)).toHaveValue("");
    expect(await listingPlaces(page)).toEqual(prerendered);
    // The first listing makes a plan, and the plan tools show "Copy share link" and "Save
    // plan" in the places they kept: the box does not move while the user pastes.
    await pasteBox(page).fill(WORKED_EXAMPLE);
    await expect(page.getByRole("button", { name: "Save plan" })).toBeVisible();
    expect(await listingPlaces(page)).toEqual(prerendered);
  });
}

test("the first screen uses at most two font weights and no web fonts", async ({ page }) => {
  await page.route(APP_SCRIPT, (route) => route.abort());
  const fontRequests: string[] = [];
  page.on("request", (r) => {
    if (r.resourceType() === "font") fontRequests.push(r.url());
  });
  await page.goto("./");
  await expect(pasteBox(page)).toBeEditable();
  const variants = await page.evaluate(() => {
    const seen = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || !n.textContent?.trim() || el.closest("noscript")) continue;
      const s = getComputedStyle(el);
      seen.add(`${s.fontWeight} ${s.fontStyle}`);
    }
    // The listing box's font shows too, even while empty.
    const box = getComputedStyle(document.querySelector("textarea") as Element);
    seen.add(`${box.fontWeight} ${box.fontStyle}`);
    return [...seen].sort();
  });
  test.info().annotations.push({ type: "font variants", description: variants.join(", ") });
  expect(new Set(variants.map((v) => v.split(" ")[0])).size).toBeLessThanOrEqual(2);
  expect(fontRequests).toEqual([]);
});

/**
 * Records, when the browser reports the first contentful paint (the frame is on the screen),
 * what that frame drew. Runs before the page's own scripts, so its observer is called first.
 */
const RECORD_FIRST_FRAME = `(() => {
  new PerformanceObserver((list, observer) => {
    if (!list.getEntries().some((e) => e.name === "first-contentful-paint")) return;
    observer.disconnect();
    const shown = (el) => !!el && el.getClientRects().length > 0;
    const strikes = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || !n.textContent.trim() || !shown(el) || el.closest("noscript")) continue;
      const s = getComputedStyle(el);
      if (s.visibility !== "visible") continue;
      strikes.add(s.fontFamily + " " + s.fontSize + " " + s.fontWeight);
    }
    const box = document.getElementById("listing");
    window.__firstFrame = {
      box: shown(box) ? box.getBoundingClientRect().toJSON() : null,
      buttons: ["Try the example", "Open a listing file…"].filter((name) =>
        [...document.querySelectorAll("button, .file-button")].some(
          (b) => b.textContent.trim() === name && shown(b),
        ),
      ),
      commands: shown(document.querySelector(".listing-help")),
      steps: [...document.querySelectorAll("main > section")].filter(shown).length,
      footer: shown(document.querySelector("footer")),
      strikes: [...strikes],
    };
  }).observe({ type: "paint", buffered: true });
})();`;

test("the first frame draws the masthead and the paste box; the rest follows right after it, and nothing moves", async ({
  page,
}) => {
  await page.addInitScript({ content: RECORD_FIRST_FRAME });
  await page.goto("./");
  const first = await page.waitForFunction(
    () => (window as { __firstFrame?: unknown }).__firstFrame,
  );
  const frame = (await first.jsonValue()) as {
    box: { x: number; y: number; width: number; height: number } | null;
    buttons: string[];
    commands: boolean;
    steps: number;
    footer: boolean;
    strikes: string[];
  };
  test.info().annotations.push({ type: "first frame", description: JSON.stringify(frame) });
  expect(frame.box).not.toBeNull();
  expect(frame.buttons).toEqual(["Try the example", "Open a listing file…"]);
  expect({ commands: frame.commands, steps: frame.steps, footer: frame.footer }).toEqual({
    commands: false,
    steps: 1,
    footer: false,
  });
  // Every font size and weight is a font lookup before the first paint (docs/startup.md).
  expect(frame.strikes.length).toBeLessThanOrEqual(4);

  // Right after: the commands, the other steps and the footer, below and beside the box.
  await expect(page.getByText("Which command prints a listing?")).toBeVisible();
  await expect(page.getByRole("region", { name: "Review and download" })).toBeVisible();
  await expect(page.locator("footer")).toBeVisible();
  const box = await pasteBox(page).boundingBox();
  for (const key of ["x", "y", "width", "height"] as const)
    expect(Math.abs((box?.[key] ?? NaN) - (frame.box?.[key] ?? NaN)), key).toBeLessThan(1);
  const shift = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let sum = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) sum += (e as unknown as { value: number }).value;
        }).observe({ type: "layout-shift", buffered: true });
        setTimeout(() => resolve(sum), 100);
      }),
  );
  expect(shift).toBe(0);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the whole first screen still shows, a moment later", async ({ page }) => {
    await page.goto("./");
    await expect(pasteBox(page)).toBeEditable();
    // Without the start nobody takes the class off: the style's own fallback shows the rest.
    await expect(page.getByText("Which command prints a listing?")).toBeVisible();
    await expect(page.getByText("sudo fdisk -l", { exact: true })).toBeVisible();
    await expect(page.getByRole("region", { name: "Disks" })).toContainText("Loading the planner…");
  });
});

// Timings here and in `npm run bench:startup` assume that the browser does nothing but the
// page: headless Chromium would otherwise load the address bar's drop-down pages in every new
// context, about 1.4 s of CPU each (scripts/chromium.ts).
test("Chromium runs no hidden browser pages beside the page under test", async ({
  browser,
  page,
}) => {
  await page.goto("./");
  await expect(page.getByLabel("Partition listing")).toBeVisible();
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = await cdp.send("Target.getTargets");
  await cdp.detach();
  expect(targetInfos.filter((t) => t.url.startsWith("chrome:")).map((t) => t.url)).toEqual([]);
});

// Two stages (src/boot.ts): the inline start takes the box at once and loads the app after the
// first paint. What the user does in between is handed to the app when it runs.

/** Holds the app back until `release()`; the entry runs. Resolves once the entry took the box. */
async function holdApp(page: Page): Promise<() => void> {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(APP_SCRIPT, async (route: Route) => {
    await released;
    await route.continue();
  });
  await page.goto("./", { waitUntil: "commit" });
  await page.waitForFunction(() => performance.getEntriesByName("paste-box-ready").length > 0);
  return release;
}

test("a click on 'Try the example' before the app runs is acted on once it does", async ({
  page,
}) => {
  const release = await holdApp(page);
  await page.getByRole("button", { name: "Try the example" }).click();
  await expect(pasteBox(page)).toHaveValue("");
  release();
  await expect(pasteBox(page)).toHaveValue(WORKED_EXAMPLE);
  await expect(page.getByRole("table").first()).toContainText("125,831,168");
});

test("a file dropped before the app runs stays on the page and is read once the app does", async ({
  page,
}) => {
  const release = await holdApp(page);
  const dropped = await page.evaluate((text) => {
    const drop = (target: Element) => {
      const dataTransfer = new DataTransfer();
      dataTransfer.items.add(new File([text], "listing.txt", { type: "text/plain" }));
      const event = new DragEvent("drop", { bubbles: true, cancelable: true, dataTransfer });
      target.dispatchEvent(event);
      // Not prevented, the browser would open the file in place of the page.
      return event.defaultPrevented;
    };
    return {
      outside: drop(document.querySelector("footer") as Element),
      onBox: drop(document.getElementById("listing") as Element),
    };
  }, WORKED_EXAMPLE);
  expect(dropped).toEqual({ outside: true, onBox: true });
  await expect(pasteBox(page)).toHaveValue("");
  release();
  await expect(pasteBox(page)).toHaveValue(WORKED_EXAMPLE);
  await expect(page.getByRole("table").first()).toContainText("125,831,168");
  // Once the app runs, a file dropped beside the box still leaves the page in place.
  const later = await page.evaluate(() => {
    const dataTransfer = new DataTransfer();
    dataTransfer.items.add(new File(["x"], "other.txt", { type: "text/plain" }));
    const event = new DragEvent("drop", { bubbles: true, cancelable: true, dataTransfer });
    document.querySelector("footer")?.dispatchEvent(event);
    return event.defaultPrevented;
  });
  expect(later).toBe(true);
  await expect(pasteBox(page)).toHaveValue(WORKED_EXAMPLE);
});

test("a listing file chosen before the app runs is read once it does", async ({ page }) => {
  const release = await holdApp(page);
  await page.locator('input[type="file"]').setInputFiles({
    name: "listing.txt",
    mimeType: "text/plain",
    buffer: Buffer.from(WORKED_EXAMPLE),
  });
  release();
  await expect(pasteBox(page)).toHaveValue(WORKED_EXAMPLE);
  await expect(page.getByRole("table").first()).toContainText("125,831,168");
});

test("when the app cannot be loaded the page says so and keeps what was typed", async ({
  page,
}) => {
  await page.route(APP_SCRIPT, (route) => route.abort());
  await page.goto("./");
  await pasteBox(page).fill("typed before");
  await expect(page.getByRole("alert")).toContainText("The page could not start");
  await expect(page.getByRole("alert")).toContainText("reload the page");
  await expect(pasteBox(page)).toHaveValue("typed before");
});
