/**
 * The Trust promises of docs/product.md, checked on the production build (dist/, served by
 * `vite preview`) with its Content-Security-Policy in force (no bypassCSP here):
 *   - no request leaves the page, by the built files and by what a full flow asks for;
 *   - a plan with warnings is downloaded only after the warnings are acknowledged, and a plan
 *     with errors is never offered an acknowledgement.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { expect, test, type Page, type Request } from "@playwright/test";
import { compactFinding } from "../src/lib/plan/findings.ts";
import {
  descriptors,
  downloadButton,
  downloadZip,
  reviewWarnings,
  unzipDownload,
  warningAcknowledgement,
  WORKED_EXAMPLE,
} from "./helpers.ts";
import { staticImports } from "../scripts/check-size.ts";

const DIST = join(import.meta.dirname, "..", "dist");

/**
 * The only absolute URLs allowed in the built files, each exactly. None is ever fetched:
 *   - MathML's XML namespace: solid-js/web passes it to document.createElementNS when it
 *     builds <math> templates; a namespace is a name, not an address.
 *   - three links inside error messages of bundled libraries (rolldown's CommonJS `require`
 *     shim, uuid's "no crypto.getRandomValues", JSZip's "not a zip"): text for a developer,
 *     shown only if that error is thrown.
 * A new URL in the bundle fails this test until someone looks at it and adds it here.
 */
const HARMLESS_URLS = new Set([
  "http://www.w3.org/1998/Math/MathML",
  "https://rolldown.rs/in-depth/bundling-cjs#require-external-modules",
  "https://github.com/uuidjs/uuid#getrandomvalues-not-supported",
  "https://stuk.github.io/jszip/documentation/howto/read_zip.html",
]);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** An attribute value as the browser reads it (Vite writes `'` as `&#39;`). */
const decodeEntities = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCharCode(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

test("the built page: a Content-Security-Policy that allows no other origin, no inline script but the start (by its hash), no foreign URL in any file", () => {
  const html = readFileSync(join(DIST, "index.html"), "utf8");

  const metas = [...html.matchAll(/<meta\b[^>]*>/gi)]
    .map((m) => m[0])
    .filter((tag) => /http-equiv\s*=\s*["']?Content-Security-Policy/i.test(tag));
  expect(metas, "exactly one CSP meta").toHaveLength(1);
  // Before anything that loads: a policy only governs what comes after it.
  expect(html.indexOf(metas[0] ?? "")).toBeLessThan(html.search(/<(script|link)\b/i));
  const content = decodeEntities(/\scontent\s*=\s*"([^"]*)"/i.exec(metas[0] ?? "")?.[1] ?? "");
  const policy = new Map(
    content
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name ?? "", sources]),
  );
  expect(["'self'", "'none'"]).toContain(policy.get("connect-src")?.join(" "));
  expect(policy.get("default-src")).toEqual(["'self'"]);
  // The page's own files, and the one inline script (the start, src/inlineBoot.ts) by its
  // hash: nothing else may run inline.
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  const inline = scripts.filter(([, attrs = ""]) => !/\ssrc\s*=/.test(attrs));
  expect(inline, "exactly one inline script").toHaveLength(1);
  const startHash = createHash("sha256")
    .update(inline[0]?.[2] ?? "")
    .digest("base64");
  expect(policy.get("script-src")).toEqual(["'self'", `'sha256-${startHash}'`]);
  expect(policy.get("object-src")).toEqual(["'none'"]);
  expect(policy.get("form-action")).toEqual(["'none'"]);
  // No directive names another origin or a wildcard: only keywords and the page's own
  // in-memory schemes (data: for the empty favicon, blob: for the zip being saved).
  for (const [name, sources] of policy) {
    for (const source of sources) {
      expect(
        ["'self'", "'none'", "data:", "blob:"].includes(source) ||
          (name === "style-src" && source === "'unsafe-inline'") ||
          (name === "script-src" && source === `'sha256-${startHash}'`),
        `${name} ${source}`,
      ).toBe(true);
    }
  }

  // Every other script is a file of the page's own (relative src, no body); the start loads
  // the app's from the page's own folder; no inline handlers.
  for (const [, attrs = "", body = ""] of scripts.filter((m) => !inline.includes(m))) {
    expect(attrs).toMatch(/\ssrc\s*=\s*"\.\/assets\/[^"/]+\.js"/);
    expect(body.trim()).toBe("");
  }
  expect(html).toMatch(/<div id="root"[^>]*\sdata-app="\.\/assets\/main-[\w-]+\.js"/);
  expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/javascript:/i);

  // No file of the build names another origin, except the exact harmless URLs above.
  const found = new Map<string, string[]>();
  for (const path of filesUnder(DIST)) {
    const text = readFileSync(path, "latin1");
    for (const m of text.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'`<>()\\]*/gi)) {
      const url = m[0].replace(/[.,;:]+$/, "");
      if (HARMLESS_URLS.has(url)) continue;
      found.set(url, [...(found.get(url) ?? []), relative(DIST, path)]);
    }
  }
  expect(Object.fromEntries(found), "URLs of other origins in dist/").toEqual({});
});

interface Seen {
  url: string;
  afterLoad: boolean;
  fromServiceWorker: boolean;
}

/** The origin a URL would reach: blob: URLs carry the page's origin inside them. */
const originOf = (url: string) => new URL(url.startsWith("blob:") ? url.slice(5) : url).origin;

test("a full flow (load, paste, split, download, share link) sends no request anywhere but the page's own files", async ({
  page,
  context,
  baseURL,
}, testInfo) => {
  const origin = new URL(baseURL ?? "").origin;
  const seen: Seen[] = [];
  let afterLoad = false;
  // The context sees the page's requests and a service worker's (Chromium reports both).
  context.on("request", (r: Request) =>
    seen.push({ url: r.url(), afterLoad, fromServiceWorker: r.serviceWorker() !== null }),
  );
  // A request the CSP blocks fires no request event: record the blocked attempts too.
  await context.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });

  // ── the first load: the page, its first-screen assets, the planner chunk, a service
  //    worker and what it caches, if the build has one ──
  await page.goto("./");
  await expect(page.getByText("Loading the planner…")).toHaveCount(0);
  await page.waitForLoadState("networkidle");
  const hasWorker = await page.evaluate(async () => {
    if (!("serviceWorker" in navigator)) return false;
    const registration = await navigator.serviceWorker.getRegistration();
    if (!registration) return false;
    await navigator.serviceWorker.ready;
    return true;
  });
  if (hasWorker) await page.waitForLoadState("networkidle");
  afterLoad = true;

  // ── the work ──
  await page.getByLabel("Partition listing").fill(WORKED_EXAMPLE);
  await page.getByRole("option", { name: /^Partition 1 \(Disk #0, Partition #1\)/ }).click();
  await page.getByRole("button", { name: "Split", exact: true }).click();
  await expect(page.getByRole("article", { name: "vm2", exact: true })).toContainText(
    "188,745,728",
  );
  const { download } = await downloadZip(page);
  const files = descriptors(await unzipDownload(download, testInfo));
  expect([...files.keys()].sort()).toEqual(["vm1/vm1.vmdk", "vm2/vm2.vmdk"]);

  // "Copy share link" is being added by another part of the work; when it is there, the link
  // must be made in the page (the plan goes in the fragment, which no browser sends).
  const share = page.getByRole("button", { name: "Copy share link" });
  if ((await share.count()) > 0) {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await share.click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toMatch(/#plan=/);
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(new URL(link).origin).toBe(origin);
  }
  await page.waitForLoadState("networkidle");

  // ── what went out ──
  const violations = await page.evaluate(
    () => (window as unknown as { cspViolations: string[] }).cspViolations,
  );
  expect(violations, "requests the CSP had to block").toEqual([]);

  // Every request, first load included, goes to the page's own origin. data: (the empty
  // favicon) and blob: (the zip handed to the browser) never touch the network; a blob: URL
  // still names the page's origin, and must.
  const foreign = seen.filter((s) => !s.url.startsWith("data:") && originOf(s.url) !== origin);
  expect(foreign, "requests to other origins").toEqual([]);

  // After the first load, the page fetches only the zip writer when the user downloads: the
  // chunk of src/lib/zip/zip.ts (split out of the first screen and the planner on purpose, see
  // src/app/download.ts) and the chunks it imports statically (JSZip), minus any the page
  // already had (modules are fetched once). Read from the build, so no name is guessed.
  // The blob: URL of the zip itself is memory, not network, and names the page's origin.
  const zipChunk = readdirSync(join(DIST, "assets")).filter((f) => /^zip-[\w-]+\.js$/.test(f));
  expect(zipChunk, "one zip chunk in the build").toHaveLength(1);
  const zipClosure = new Set<string>();
  const visit = (path: string) => {
    if (zipClosure.has(path)) return;
    zipClosure.add(path);
    for (const dep of staticImports(readFileSync(path, "utf8"))) visit(join(dirname(path), dep));
  };
  visit(join(DIST, "assets", zipChunk[0] ?? ""));
  const urlOf = (path: string) => new URL(relative(DIST, path), `${origin}/`).href;
  const pageHadFirst = new Set(
    seen.filter((s) => !s.afterLoad && !s.fromServiceWorker).map((s) => s.url),
  );
  const expectedLater = [...zipClosure].map(urlOf).filter((u) => !pageHadFirst.has(u));
  const later = seen.filter((s) => s.afterLoad && !s.url.startsWith("blob:"));
  // Nothing else, from the page or from a service worker (which may fetch those same files
  // if its cache lacks them)…
  expect(
    later.filter((s) => !expectedLater.includes(s.url)),
    "requests after the first load, other than the zip writer's chunks",
  ).toEqual([]);
  // …and the page did fetch them, each once: the recording saw the download happen.
  expect(
    later
      .filter((s) => !s.fromServiceWorker)
      .map((s) => s.url)
      .sort(),
  ).toEqual(expectedLater.sort());
  // Sanity: the recording works (the first load was seen, by the page).
  expect(seen.some((s) => !s.afterLoad && s.url === `${origin}/`)).toBe(true);
});

const p1 = (page: Page) =>
  page.getByRole("option", { name: /^Partition 1 \(Disk #0, Partition #1\)/ });

async function openWithExample(page: Page) {
  await page.goto("./");
  await expect(page.getByText("Loading the planner…")).toHaveCount(0);
  await page.getByLabel("Partition listing").fill(WORKED_EXAMPLE);
}

test("a plan with a warning downloads only after the warning is acknowledged", async ({
  page,
}, testInfo) => {
  const zipRequests: string[] = [];
  page.on("request", (r) => {
    if (/\/assets\/zip-[\w-]+\.js$/.test(r.url())) zipRequests.push(r.url());
  });
  let downloads = 0;
  page.on("download", () => downloads++);
  await openWithExample(page);
  await p1(page).click();
  await page.getByRole("button", { name: "Split", exact: true }).click();
  const warnings = await reviewWarnings(page);
  // The split partition, and the disk's size that the listing does not give.
  expect(warnings).toHaveLength(2);
  expect(warnings.filter((w) => /must never mount this partition/.test(w))).toHaveLength(1);
  await expect(downloadButton(page)).toHaveAccessibleDescription(/confirm the 2 warnings first/);

  // Asked, not downloaded: the zip writer is not even loaded while the question is open.
  await downloadButton(page).click();
  const ack = warningAcknowledgement(page);
  await expect(ack).toBeFocused();
  await expect(ack).toHaveAccessibleName("Download with 2 warnings?");
  await expect(ack.locator(".finding-text")).toHaveText(warnings.map(compactFinding));
  await page.waitForTimeout(1000);
  expect(downloads).toBe(0);
  expect(zipRequests).toEqual([]);

  // Cancel (or Escape) answers no; the focus goes back to the button.
  await ack.getByRole("button", { name: "Cancel" }).click();
  await expect(ack).toHaveCount(0);
  await expect(downloadButton(page)).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(ack).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(ack).toHaveCount(0);
  expect(downloads).toBe(0);

  // A change to the plan withdraws the question: its warnings may no longer be these.
  await downloadButton(page).click();
  await expect(ack).toBeVisible();
  await page.getByLabel("Plan name").fill("acknowledged");
  await page.getByLabel("Plan name").press("Enter");
  await expect(ack).toHaveCount(0);

  // Acknowledged: the zip comes.
  const { download, acknowledged } = await downloadZip(page);
  expect(acknowledged).toEqual(warnings.map(compactFinding));
  expect(download.suggestedFilename()).toBe("acknowledged.zip");
  expect([...descriptors(await unzipDownload(download, testInfo)).keys()].sort()).toEqual([
    "vm1/vm1.vmdk",
    "vm2/vm2.vmdk",
  ]);
  expect(downloads).toBe(1);
});

test("a plan with an error offers no acknowledgement, and an error withdraws an open one", async ({
  page,
}) => {
  await openWithExample(page);
  await p1(page).click();
  await page.getByRole("button", { name: "Split", exact: true }).click();
  await downloadButton(page).click();
  const ack = warningAcknowledgement(page);
  await expect(ack).toBeVisible();

  // Give all of P1 to a third VM: it overlaps both halves, writable → errors.
  await p1(page).click();
  await page
    .getByRole("combobox", { name: "Give it to" })
    .first()
    .selectOption({ label: "New VM" });
  await page.getByRole("button", { name: "Assign whole" }).click();
  await expect(page.getByRole("article", { name: "vm3", exact: true })).toBeVisible();
  await expect(ack).toHaveCount(0);
  await expect(downloadButton(page)).toBeDisabled();
  await expect(downloadButton(page)).toHaveAccessibleDescription(/blocked until the \d+ errors/);
  await expect(page.getByRole("button", { name: "Download anyway" })).toHaveCount(0);
  expect((await reviewWarnings(page)).length).toBeGreaterThan(0); // warnings too, still no way
  // Even a click event sent to the disabled button asks nothing and downloads nothing.
  let downloads = 0;
  page.on("download", () => downloads++);
  await downloadButton(page).dispatchEvent("click");
  await page.waitForTimeout(500);
  await expect(ack).toHaveCount(0);
  expect(downloads).toBe(0);
});
