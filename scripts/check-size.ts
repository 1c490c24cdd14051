/**
 * First-screen budget: the gzip size of everything the first screen needs before the user does
 * anything — dist/index.html itself (with the prerendered first screen and its inline CSS, and
 * any inline script), then the JS and CSS it loads: its module scripts, their static imports
 * (followed transitively), modulepreloads and stylesheets, and what the entry script itself
 * loads with `import(…)` (the app that adopts the first screen, src/main.tsx, which
 * src/boot.ts loads after the first paint). Chunks reached by `import(…)` from those do not
 * count: the planner loads once the app runs, the zip writer when the user clicks
 * "Download zip".
 *
 *   npx vite build && npx tsx scripts/check-size.ts [distDir] [budgetKiB]
 *
 * Prints every counted file and fails (exit 1) above the budget.
 */
import { readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export const DEFAULT_BUDGET_BYTES = 20 * 1024;

export interface CountedFile {
  path: string;
  rawBytes: number;
  gzipBytes: number;
}

/** Asset URLs the HTML loads up front: module scripts, modulepreloads, stylesheets. */
export function initialAssetUrls(html: string): string[] {
  const urls: string[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const attr = (name: string) =>
      new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i")
        .exec(tag)
        ?.slice(1)
        .find((v) => v !== undefined);
    if (/^<script/i.test(tag)) {
      const src = attr("src");
      if (src) urls.push(src);
    } else {
      const rel = (attr("rel") ?? "").toLowerCase();
      const href = attr("href");
      // A disabled stylesheet link is never fetched (the prerender leaves one for the
      // stylesheet it inlined: scripts/prerender-plugin.ts).
      if (/\sdisabled(?:[\s=>/]|$)/i.test(tag)) continue;
      if (href && (rel === "stylesheet" || rel === "modulepreload")) urls.push(href);
    }
  }
  return urls;
}

/**
 * The app's script that the page's inline start loads after the first paint (the root's
 * `data-app`, src/inlineBoot.ts): part of the first screen all the same.
 */
export function startedAppUrl(html: string): string | null {
  return /<div\b[^>]*\sid="root"[^>]*\sdata-app="([^"]+)"/i.exec(html)?.[1] ?? null;
}

/** Static imports of an ES module (`import x from "./a.js"`, `import "./b.js"`), not `import(…)`. */
export function staticImports(js: string): string[] {
  const found: string[] = [];
  const pattern = /\bimport\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']/g;
  for (const m of js.matchAll(pattern)) if (m[1]) found.push(m[1]);
  // `export … from "./x.js"` loads x too.
  for (const m of js.matchAll(/\bexport\s*[\w$*{}\s,]*?\s*from\s*["']([^"']+)["']/g)) {
    if (m[1]) found.push(m[1]);
  }
  return found;
}

/** What an ES module loads with `import("./x.js")`, a literal path only. */
export function dynamicImports(js: string): string[] {
  const found: string[] = [];
  for (const m of js.matchAll(/\bimport\(\s*["'`]([^"'`$]+)["'`]\s*\)/g))
    if (m[1]) found.push(m[1]);
  return found;
}

/** Every file the first screen loads, resolved inside distDir, each counted once. */
export function measureInitialLoad(
  distDir: string,
  read: (path: string) => Buffer = (p) => readFileSync(p),
): CountedFile[] {
  const seen = new Set<string>();
  const counted: CountedFile[] = [];
  const visit = (url: string, fromDir: string, isEntry = false) => {
    if (/^(?:[a-z]+:)?\/\//i.test(url) || url.startsWith("data:")) return;
    const clean = url.split(/[?#]/)[0] ?? url;
    const path = normalize(clean.startsWith("/") ? join(distDir, clean) : join(fromDir, clean));
    if (seen.has(path)) return;
    seen.add(path);
    const data = read(path);
    counted.push({
      path: relative(distDir, path),
      rawBytes: data.length,
      gzipBytes: gzipSync(data).length,
    });
    if (path.endsWith(".js")) {
      const js = data.toString("utf8");
      for (const dep of staticImports(js)) visit(dep, dirname(path));
      if (isEntry) for (const dep of dynamicImports(js)) visit(dep, dirname(path));
    }
  };
  const htmlPath = join(distDir, "index.html");
  const htmlData = read(htmlPath);
  seen.add(htmlPath);
  counted.push({
    path: "index.html",
    rawBytes: htmlData.length,
    gzipBytes: gzipSync(htmlData).length,
  });
  const html = htmlData.toString("utf8");
  for (const url of initialAssetUrls(html)) {
    const clean = url.split(/[?#]/)[0] ?? "";
    if (/\.(m?js|css)$/i.test(clean)) visit(url, distDir, /\.m?js$/i.test(clean));
  }
  // What the app loads with import() (the planner) comes later and is not counted.
  const app = startedAppUrl(html);
  if (app) visit(app, distDir);
  return counted;
}

function main(args: string[]): number {
  const distDir = args[0] ?? join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
  const budget = args[1] ? Number(args[1]) * 1024 : DEFAULT_BUDGET_BYTES;
  const files = measureInitialLoad(distDir);
  let total = 0;
  for (const f of files) {
    total += f.gzipBytes;
    console.log(`${f.path.padEnd(44)} ${String(f.rawBytes).padStart(8)} B  gzip ${f.gzipBytes} B`);
  }
  const verdict = total <= budget ? "within" : "OVER";
  console.log(
    `first screen: ${files.length} files, ${total} B gzip (${(total / 1024).toFixed(1)} KiB), ` +
      `${verdict} the budget of ${budget} B (${budget / 1024} KiB)`,
  );
  if (!files.some((f) => f.path.endsWith(".js"))) {
    console.error("no script found for index.html: is dist/ built?");
    return 1;
  }
  return total <= budget ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  process.exitCode = main(process.argv.slice(2));
}
