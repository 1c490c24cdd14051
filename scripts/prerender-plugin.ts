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
import { runnerImport, type Plugin } from "vite";
import solid from "vite-plugin-solid";

const PRERENDER_MODULE = fileURLToPath(new URL("../src/prerender.tsx", import.meta.url));
export const ROOT_ELEMENT = '<div id="root"></div>';

/** Puts the rendered first screen into the page's empty root element. */
export function insertFirstScreen(page: string, firstScreen: string): string {
  if (!page.includes(ROOT_ELEMENT)) throw new Error(`prerender: no ${ROOT_ELEMENT} in index.html`);
  return page.replace(ROOT_ELEMENT, () => `<div id="root">${firstScreen}</div>`);
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
  const escaped = fileName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const tag = new RegExp(`<link\\b[^>]*rel="stylesheet"[^>]*href="([^"]*${escaped})"[^>]*>`);
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
    generateBundle(_options, bundle) {
      const html = Object.values(bundle).find((f) => f.fileName === "index.html");
      if (!html || html.type !== "asset") throw new Error("prerender: no index.html");
      let page = String(html.source);
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
