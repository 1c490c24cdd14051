/**
 * Start-up benchmark (`npm run bench:startup`; what is measured and why: docs/startup.md).
 *
 * Serves two production builds with `vite preview` — the app (dist/) and the baseline page
 * (dist-baseline/, bench/baseline/: one Solid component rendering a labelled textarea) — and
 * loads each in turn, alternating which goes first, in one Chromium session:
 *
 *   first visit   a new browser context each time: empty HTTP cache, no service worker
 *   repeat visit  the same context loaded again, a second after the first page was closed:
 *                 the app through its service worker (once it controls the page), the
 *                 baseline from the HTTP cache
 *
 * Each visit records, from the navigation's start, when the paste box was usable: the
 * textarea labelled "Partition listing" in the page, enabled and editable, and the page's own
 * script done with it (its "paste-box-ready" mark). Prints the medians and the ratio
 * app ÷ baseline for each kind of visit.
 *
 *   npx tsx scripts/bench-startup.ts [--runs 15] [--batches 1] [--json] [--app DIST] [--settle MS]
 *
 * `--app DIST` measures another build of the app (an older version, say) instead of dist/;
 * `--settle MS`: how long a repeat visit waits after closing the first page (SETTLE_MS).
 * With more than one batch, a last line per kind of visit gives the median of the batches'
 * ratios, their range, and how many were over the goal (scripts/startupStats.ts).
 */
import { join, resolve } from "node:path";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { preview, type PreviewServer } from "vite";
import { CHROMIUM_PATH, chromiumArgs } from "./chromium.ts";
import {
  acrossBatches,
  RATIO_GOAL,
  repeatOverFirst,
  summarise,
  type Page2,
  type Samples,
  type StartupReport,
  type StartupTimes,
} from "./startupStats.ts";

const ROOT = join(fileURLToPath(import.meta.url), "..", "..");
export const READY_MARK = "paste-box-ready";
const LABEL = "Partition listing";

/**
 * Runs in the page before any of its own scripts: watches the DOM for the paste box and the
 * page's ready mark, and keeps the times for `window.__startup()`. Plain JavaScript source,
 * sent as it is (a compiled function could carry the compiler's helpers, which the page lacks).
 *
 * "The end of the next frame" is when a message posted from a requestAnimationFrame callback
 * arrives: after that frame's style, layout and paint on the main thread. The screen shows the
 * frame a little later; first-contentful-paint is that presentation time for the first frame
 * with content, so no time reported here is earlier than it.
 */
const PROBE = `(() => {
  const label = ${JSON.stringify(LABEL)};
  const mark = ${JSON.stringify(READY_MARK)};
  const found = { visible: null, ready: null, marked: false, shift: 0 };
  const isPasteBox = (el) =>
    el.isConnected && !el.disabled && !el.readOnly &&
    [...el.labels].some((l) => l.textContent.trim() === label);
  const afterNextFrame = (record) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => record(performance.now());
      channel.port2.postMessage(null);
    });
  const look = () => {
    if (![...document.getElementsByTagName("textarea")].some(isPasteBox)) return;
    if (found.visible === null) {
      found.visible = 0;
      afterNextFrame((t) => (found.visible = t));
    }
    if (found.marked && found.ready === null) {
      found.ready = 0;
      afterNextFrame((t) => (found.ready = t));
    }
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true });
  const markFn = performance.mark.bind(performance);
  performance.mark = (name, options) => {
    const entry = markFn(name, options);
    if (name === mark) {
      found.marked = true;
      look();
    }
    return entry;
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) found.shift += e.value;
  }).observe({ type: "layout-shift", buffered: true });
  window.__startup = () => {
    const paint = performance.getEntriesByName("first-contentful-paint")[0];
    if (!found.visible || !found.ready || !paint) return null;
    return {
      visible: Math.max(found.visible, paint.startTime),
      ready: Math.max(found.ready, paint.startTime),
      firstPaint: paint.startTime,
      htmlReceived: performance.getEntriesByType("navigation")[0].responseEnd,
      scriptReceived: performance.getEntriesByType("resource").find((r) => /\\.m?js$/.test(new URL(r.name).pathname))?.responseEnd ?? NaN,
      marked: performance.getEntriesByName(mark)[0].startTime,
      layoutShift: found.shift,
    };
  };
})();`;

async function measure(page: Page, url: string): Promise<StartupTimes> {
  await page.goto(url, { waitUntil: "load" });
  const handle = await page.waitForFunction(
    () => (window as unknown as { __startup: () => StartupTimes | null }).__startup(),
    undefined,
    { polling: 50, timeout: 30_000 },
  );
  const times = (await handle.jsonValue()) as StartupTimes;
  // Usable means usable: the box takes the focus and typed text.
  const box = page.getByLabel(LABEL, { exact: true });
  await box.focus();
  await page.keyboard.type("x");
  const value = await box.inputValue();
  if (!value.endsWith("x")) throw new Error(`${url}: the paste box did not take typed text`);
  return times;
}

async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.addInitScript({ content: PROBE });
  return context;
}

async function firstVisit(browser: Browser, url: string): Promise<StartupTimes> {
  const context = await newContext(browser);
  try {
    return await measure(await context.newPage(), url);
  } finally {
    await context.close();
  }
}

/**
 * How long a repeat visit waits between closing the first page and loading the page again.
 * A real repeat visit comes minutes or days later. Loaded at once, the measured page shares
 * the two cores with the closed page's teardown: a trace of the app's repeat visit showed the
 * closed page's renderer busy for 28 ms of the measured load, 24 of them detaching its frame
 * (the bare baseline page has almost nothing to tear down). `--settle 0` measures it that way.
 */
export const SETTLE_MS = 1000;

/**
 * Loads the page once, waits for its service worker (if it has one) to control it, closes it,
 * waits `settleMs`, then loads it again.
 */
async function repeatVisit(browser: Browser, url: string, settleMs: number): Promise<StartupTimes> {
  const context = await newContext(browser);
  try {
    const warm = await context.newPage();
    await warm.goto(url, { waitUntil: "load" });
    await warm.evaluate(async () => {
      if (!("serviceWorker" in navigator)) return;
      // The app registers its worker once the planner has loaded; give it time to.
      const registered = await Promise.race([
        navigator.serviceWorker.ready.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000)),
      ]);
      if (registered && !navigator.serviceWorker.controller)
        await new Promise((resolve) =>
          navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }),
        );
    });
    await warm.close();
    if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));
    const page = await context.newPage();
    const times = await measure(page, url);
    const viaWorker = await page.evaluate(() => navigator.serviceWorker?.controller !== null);
    return { ...times, viaWorker };
  } finally {
    await context.close();
  }
}

/**
 * Starts both servers, runs `runs` alternating pairs of each kind of visit, stops them.
 * `appDist` is the app's build (another one than dist/ to compare versions).
 */
export async function benchStartup(
  runs: number,
  appDist = join(ROOT, "dist"),
  settleMs = SETTLE_MS,
): Promise<StartupReport> {
  const baselineDist = join(ROOT, "dist-baseline");
  for (const dir of [appDist, baselineDist]) {
    if (!existsSync(join(dir, "index.html")))
      throw new Error(
        `${dir}/index.html is missing: run \`npm run bench:startup\` (it builds both)`,
      );
  }
  const servers: PreviewServer[] = [];
  const serve = async (config: string, port: number, outDir: string) => {
    const server = await preview({
      configFile: join(ROOT, config),
      logLevel: "warn",
      build: { outDir },
      preview: { host: "127.0.0.1", port, strictPort: false },
    });
    servers.push(server);
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error(`no URL for ${config}`);
    return url;
  };
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs() });
  try {
    const urls: Record<Page2, string> = {
      app: await serve("vite.config.ts", 4190, appDist),
      baseline: await serve("bench/baseline/vite.config.ts", 4191, baselineDist),
    };
    const samples: Samples = {
      first: { app: [], baseline: [] },
      repeat: { app: [], baseline: [] },
    };
    // One untimed load of each warms Chromium's own caches (code, fonts) for both alike.
    await firstVisit(browser, urls.app);
    await firstVisit(browser, urls.baseline);
    for (let i = 0; i < runs; i++) {
      const order: Page2[] = i % 2 ? ["app", "baseline"] : ["baseline", "app"];
      for (const which of order) samples.first[which].push(await firstVisit(browser, urls[which]));
      for (const which of order)
        samples.repeat[which].push(await repeatVisit(browser, urls[which], settleMs));
    }
    const notViaWorker = samples.repeat.app.filter(
      (t) => !(t as { viaWorker?: boolean }).viaWorker,
    );
    if (notViaWorker.length)
      console.error(
        `${notViaWorker.length} repeat visits of the app were not served by its worker`,
      );
    return summarise(samples, runs);
  } finally {
    await browser.close();
    for (const s of servers) await s.close();
  }
}

function print(report: StartupReport, batch: number): void {
  // "—": not yet received when the box was usable (the app's script comes after the paint).
  const cell = (n: number) => (Number.isNaN(n) ? "—" : n.toFixed(1)).padStart(9);
  const columns = ["html", "script", "mark", "1st paint", "visible", "READY", "shift"];
  console.log(`batch ${batch}: medians of ${report.runs} alternating runs, ms from navigation`);
  console.log(`                  ${columns.map((c) => c.padStart(9)).join("")}`);
  for (const visit of ["first", "repeat"] as const) {
    for (const which of ["baseline", "app"] as const) {
      const t = report.medians[visit][which];
      const values = [t.htmlReceived, t.scriptReceived, t.marked, t.firstPaint, t.visible, t.ready];
      console.log(
        `  ${visit.padEnd(6)} ${which.padEnd(8)} ${values.map(cell).join("")}` +
          `${t.layoutShift.toFixed(3).padStart(9)}`,
      );
    }
  }
  for (const visit of ["first", "repeat"] as const) {
    console.log(
      `  ${visit} visit: app ÷ baseline = ${report.ratio[visit].toFixed(2)}× (ready), ` +
        `${report.paintRatio[visit].toFixed(2)}× (first paint)`,
    );
  }
  console.log(
    `  app: repeat visit ÷ first visit = ${report.appRepeatOverFirst.toFixed(2)}× (ready)`,
  );
}

/** The figure over all batches: each batch is one measurement of the ratio. */
function printSpread(reports: readonly StartupReport[]): void {
  const spread = acrossBatches(reports);
  console.log(`all ${reports.length} batches (goal: at most ${RATIO_GOAL}×):`);
  for (const visit of ["first", "repeat"] as const) {
    const s = spread[visit];
    console.log(
      `  ${visit} visit: median ${s.median.toFixed(2)}×, ` +
        `${s.lowest.toFixed(2)}–${s.highest.toFixed(2)}×, ` +
        `${s.overGoal} of ${s.batches} over the goal`,
    );
  }
  const own = repeatOverFirst(reports);
  console.log(
    `  app, repeat visit ÷ first visit: median ${own.median.toFixed(2)}×, ` +
      `${own.lowest.toFixed(2)}–${own.highest.toFixed(2)}×`,
  );
}

async function main(args: string[]): Promise<void> {
  const option = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const runs = option("--runs", 15);
  const settleMs = option("--settle", SETTLE_MS);
  const batches = option("--batches", 1);
  const appIndex = args.indexOf("--app");
  const appDist = appIndex >= 0 ? resolve(args[appIndex + 1] ?? "dist") : undefined;
  const reports: StartupReport[] = [];
  for (let b = 1; b <= batches; b++) {
    const report = await benchStartup(runs, appDist, settleMs);
    reports.push(report);
    if (!args.includes("--json")) print(report, b);
  }
  if (args.includes("--json")) console.log(JSON.stringify(reports, null, 2));
  else if (reports.length > 1) printSpread(reports);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main(process.argv.slice(2));
}
