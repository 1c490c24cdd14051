/**
 * The first screen in index.html itself (docs/startup.md): `vite build` renders the page's
 * shell — header, warning, the listing step, the placeholders of steps 2–4 — to HTML with
 * Solid's server renderer and puts it in `<div id="root">`, and puts the entry stylesheet
 * inline in a `<style>`. The browser can paint the page as soon as the HTML arrives; the
 * entry script then hydrates the markup: the live app adopts these very nodes (src/takeOver.ts).
 * Both sides compile Solid as hydratable (vite.config.ts), so the markup carries the keys
 * (`data-hk`) and comment markers hydration walks by.
 *
 * The HTML comes from the same components the app renders (src/prerender.tsx), loaded through
 * Vite's module runner with Solid compiled for the server, so the two cannot drift apart.
 */
import { fileURLToPath } from "node:url";
import { createHash } from "node:crypto";
import { build, runnerImport, type Plugin, type Rolldown } from "vite";
import solid from "vite-plugin-solid";

import { literalPattern } from "../src/lib/listing/text.ts";
import { APP_SCRIPT_ATTRIBUTE, FIRST_FRAME_CLASS } from "../src/startHandoff.ts";

const PRERENDER_MODULE = fileURLToPath(new URL("../src/prerender.tsx", import.meta.url));
const INLINE_START_MODULE = fileURLToPath(new URL("../src/inlineBoot.ts", import.meta.url));
export const ROOT_ELEMENT = '<div id="root"></div>';

/** Puts the rendered first screen into the page's empty root element. */
export function insertFirstScreen(page: string, firstScreen: string): string {
  if (!page.includes(ROOT_ELEMENT)) throw new Error(`prerender: no ${ROOT_ELEMENT} in index.html`);
  return page.replace(
    ROOT_ELEMENT,
    () => `<div id="root" class="${FIRST_FRAME_CLASS}">${firstScreen}</div>`,
  );
}

/**
 * Replaces the page's `<link rel="stylesheet">` of `fileName` with the stylesheet itself, and
 * leaves the link in place, disabled: a disabled stylesheet link is never fetched, but it tells
 * Vite's loader of lazy chunks that the page has this stylesheet. The app's chunk (src/main.tsx)
 * is loaded by the entry with `import()`, and Vite counts the entry's stylesheet among the
 * dependencies of what the app imports later (the planner): without the link it would ask for
 * the file, which is no longer in the build. A build without lazy chunks (the single file)
 * needs no marker: `marker: false`. Returns null when the page does not link it.
 */
export function inlineStylesheet(
  page: string,
  fileName: string,
  css: string,
  marker = true,
): string | null {
  const tag = new RegExp(
    `<link\\b[^>]*rel="stylesheet"[^>]*href="([^"]*${literalPattern(fileName)})"[^>]*>`,
  );
  const href = tag.exec(page)?.[1];
  if (href === undefined) return null;
  const safe = css.replace(/<\/style/gi, "<\\/style");
  return page.replace(
    tag,
    () =>
      `<style>${safe}</style>${marker ? `<link rel="stylesheet" href="${href}" disabled>` : ""}`,
  );
}

/** The first screen's HTML, rendered by src/prerender.tsx on the server side of Solid. */
export async function renderFirstScreen(): Promise<string> {
  const { module } = await runnerImport<{ renderFirstScreen: () => string }>(PRERENDER_MODULE, {
    configFile: false,
    logLevel: "warn",
    // Server output, without hydration keys: the page is replaced, not hydrated.
    plugins: [solid({ ssr: true, solid: { hydratable: true } })],
  });
  return module.renderFirstScreen();
}

/**
 * The inline start (src/inlineBoot.ts with what it imports), built on its own into one script
 * without imports: it must not share a module with the app, which would then load it a second
 * time as a file.
 */
export async function buildInlineStart(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: "warn",
    publicDir: false,
    build: {
      write: false,
      target: "es2022",
      minify: true,
      lib: { entry: INLINE_START_MODULE, formats: ["iife"], name: "rawDiskPlannerStart" },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunks = outputs.flatMap((o) => o.output).filter((f) => f.type === "chunk");
  const [chunk] = chunks;
  if (!chunk || chunks.length !== 1)
    throw new Error("prerender: the inline start is not one script");
  return chunk.code.trim();
}

/**
 * Replaces the page's module script (the app) with the inline start: the root names the app's
 * script for it to load after the first paint, and the page's Content-Security-Policy allows
 * this one inline script by its SHA-256 hash. The app's own preload links go too: the start
 * loads the app, later.
 */
export function inlineStart(
  page: string,
  app: { fileName: string; imports: readonly string[] },
  startCode: string,
): string {
  const scriptTag = new RegExp(
    `<script type="module"[^>]*\\ssrc="\\./${literalPattern(app.fileName)}"[^>]*></script>\\s*`,
  );
  if (!scriptTag.test(page)) throw new Error(`prerender: no script tag for ${app.fileName}`);
  const root = `<div id="root" class="${FIRST_FRAME_CLASS}">`;
  if (!page.includes(root)) throw new Error("prerender: no prerendered root for the inline start");
  // Vite writes the policy's quotes as &#39;.
  const csp =
    /(<meta http-equiv="Content-Security-Policy" content="[^"]*script-src (&#39;|')self\2)/;
  if (!csp.test(page)) throw new Error("prerender: no script-src 'self' in the page's policy");
  const code = startCode.replace(/<\/script/gi, "<\\/script");
  const hash = createHash("sha256").update(code).digest("base64");
  let result = page
    .replace(scriptTag, "")
    .replace(
      root,
      () =>
        `<div id="root" class="${FIRST_FRAME_CLASS}" ${APP_SCRIPT_ATTRIBUTE}="./${app.fileName}">`,
    )
    .replace(csp, (_, head: string, quote: string) => `${head} ${quote}sha256-${hash}${quote}`)
    .replace("</body>", () => `<script type="module">${code}</script>\n  </body>`);
  for (const dep of app.imports) {
    result = result.replace(
      new RegExp(`<link rel="modulepreload"[^>]*href="\\./${literalPattern(dep)}"[^>]*>\\s*`),
      "",
    );
  }
  return result;
}

/** `lazyChunks: false` for a build that has none (the single file). */
export function prerender({ lazyChunks = true } = {}): Plugin {
  return {
    name: "raw-disk-planner:prerender",
    apply: "build",
    enforce: "post",
    transformIndexHtml: {
      order: "pre",
      handler: async (html) => insertFirstScreen(html, await renderFirstScreen()),
    },
    // Before the service worker's list is made and before the single-file build inlines the
    // rest: the stylesheets index.html links become part of it and leave the build.
    async generateBundle(_options, bundle) {
      const html = Object.values(bundle).find((f) => f.fileName === "index.html");
      if (!html || html.type !== "asset") throw new Error("prerender: no index.html");
      let page = String(html.source);
      // The single file keeps its one script, which starts the app the same way (src/main.tsx).
      if (lazyChunks) {
        const app = Object.values(bundle).find((f) => f.type === "chunk" && f.isEntry);
        if (!app || app.type !== "chunk") throw new Error("prerender: no entry chunk");
        page = inlineStart(page, app, await buildInlineStart());
      }
      for (const [name, file] of Object.entries(bundle)) {
        if (file.type !== "asset" || !file.fileName.endsWith(".css")) continue;
        const inlined = inlineStylesheet(page, file.fileName, String(file.source), lazyChunks);
        if (inlined === null) continue;
        page = inlined;
        Reflect.deleteProperty(bundle, name);
      }
      html.source = page;
    },
  };
}
