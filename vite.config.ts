import { defineConfig, type Plugin } from "vite";
import solid from "vite-plugin-solid";
import { singleFile } from "./scripts/single-file-plugin.ts";
import { serviceWorker } from "./scripts/service-worker-plugin.ts";
import { prerender } from "./scripts/prerender-plugin.ts";

/**
 * The page talks to no one: the Content-Security-Policy allows only its own files.
 * `connect-src 'self'` is for a service worker's fetches of our own assets; there is no
 * other network use. Styles allow inline `style` attributes (set by components for widths
 * and colours). The only inline script is the page's start, allowed by its SHA-256 hash,
 * which the build adds to `script-src` (scripts/prerender-plugin.ts); nothing else runs inline.
 * Added to the production build only: Vite's dev server injects its own client.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

function contentSecurityPolicy(): Plugin {
  return {
    name: "raw-disk-planner:csp",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler: () => [
        {
          tag: "meta",
          attrs: { "http-equiv": "Content-Security-Policy", content: CONTENT_SECURITY_POLICY },
          injectTo: "head-prepend",
        },
      ],
    },
  };
}

/**
 * With code splitting off (the single-file build), Vite leaves its module-preload placeholder
 * in every `import(…)` it wraps, and the page stops at "__VITE_PRELOAD__ is not defined".
 * In one file there is nothing to preload: the placeholder becomes "no dependencies".
 */
function noPreloadPlaceholder(): Plugin {
  return {
    name: "raw-disk-planner:no-preload-placeholder",
    apply: "build",
    renderChunk: (code) =>
      code.includes("__VITE_PRELOAD__") ? code.replaceAll("__VITE_PRELOAD__", "void 0") : null,
  };
}

export default defineConfig(({ mode }) => {
  // `vite build --mode single` (npm run build:single): one self-contained HTML file.
  const single = mode === "single";
  return {
    // Relative asset URLs: the build runs from any sub-path, any static host, or a file share.
    base: "./",
    plugins: [
      // Hydratable: the app adopts the prerendered first screen instead of rebuilding it
      // (src/takeOver.ts, docs/startup.md).
      solid({ solid: { hydratable: true } }),
      contentSecurityPolicy(),
      // The first screen in index.html, its stylesheet inline (before the plugins below list
      // or inline the build's files).
      prerender({ lazyChunks: !single }),
      // The single file runs from file://, where there are no service workers.
      ...(single ? [noPreloadPlaceholder(), singleFile()] : [serviceWorker()]),
    ],
    build: {
      target: "es2022",
      sourcemap: false,
      // No polyfill for <link rel="modulepreload"> in the entry (about 0.4 KB of the first
      // screen's budget): a browser without it only loads the planner's files one by one.
      modulePreload: { polyfill: false },
      ...(single
        ? {
            outDir: "dist-single",
            assetsInlineLimit: Number.MAX_SAFE_INTEGER,
            cssCodeSplit: false,
            modulePreload: false,
            rolldownOptions: { output: { codeSplitting: false } },
          }
        : // The app's script keeps its name (main-<hash>.js) now that the page's inline start
          // loads it (scripts/prerender-plugin.ts).
          { rolldownOptions: { output: { entryFileNames: "assets/main-[hash].js" } } }),
    },
    preview: { port: 4173, strictPort: true },
  };
});
