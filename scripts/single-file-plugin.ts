/**
 * `npm run build:single` → dist-single/index.html: the whole app in one file that works when
 * opened from disk (file://), for carrying the tool to an offline machine.
 *
 * The module script and the stylesheet are inlined. Inline script needs its own
 * Content-Security-Policy: the script is allowed by its SHA-256 hash, nothing else may run,
 * and no network request of any kind is allowed (there is no server behind file://).
 */
import { createHash } from "node:crypto";
import type { Plugin } from "vite";
import { literalPattern } from "../src/lib/listing/text.ts";

export const SINGLE_FILE_CSP = (scriptHash: string) =>
  [
    "default-src 'none'",
    `script-src 'sha256-${scriptHash}'`,
    "style-src 'unsafe-inline'",
    "img-src data: blob:",
    "connect-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");

export function singleFile(): Plugin {
  return {
    name: "raw-disk-planner:single-file",
    apply: "build",
    enforce: "post",
    generateBundle(_options, bundle) {
      const html = Object.values(bundle).find((f) => f.fileName === "index.html");
      if (!html || html.type !== "asset") throw new Error("single-file build: no index.html");
      let page = String(html.source);
      for (const [name, file] of Object.entries(bundle)) {
        if (file.type === "chunk" && file.isEntry) {
          const code = file.code.replace(/<\/script/gi, "<\\/script");
          const tag = new RegExp(
            `<script[^>]*src="[^"]*${literalPattern(file.fileName)}"[^>]*></script>`,
          );
          if (!tag.test(page))
            throw new Error(`single-file build: no script tag for ${file.fileName}`);
          const hash = createHash("sha256").update(code).digest("base64");
          page = page
            .replace(tag, () => `<script type="module">${code}</script>`)
            .replace(
              /<meta http-equiv="Content-Security-Policy"[^>]*>/,
              () =>
                `<meta http-equiv="Content-Security-Policy" content="${SINGLE_FILE_CSP(hash)}">`,
            );
          Reflect.deleteProperty(bundle, name);
        } else if (file.type === "chunk") {
          throw new Error(`single-file build: unexpected extra chunk ${file.fileName}`);
        } else if (file.fileName.endsWith(".css")) {
          const tag = new RegExp(`<link[^>]*href="[^"]*${literalPattern(file.fileName)}"[^>]*>`);
          const css = String(file.source).replace(/<\/style/gi, "<\\/style");
          page = page.replace(tag, () => `<style>${css}</style>`);
          Reflect.deleteProperty(bundle, name);
        }
      }
      // A worker's script (src/ui/listingReader.ts) is of no use in one file: from file:// no
      // worker starts, so that build never names it and reads big listings on the page.
      for (const [name, file] of Object.entries(bundle)) {
        if (file.type !== "asset" || !file.fileName.endsWith(".js")) continue;
        const base = file.fileName.split("/").pop() ?? file.fileName;
        if (page.includes(base)) {
          throw new Error(`single-file build: the page still loads ${file.fileName}`);
        }
        Reflect.deleteProperty(bundle, name);
      }
      if (!page.includes("Content-Security-Policy")) {
        throw new Error("single-file build: the Content-Security-Policy meta is missing");
      }
      html.source = page;
    },
  };
}
