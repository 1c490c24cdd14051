import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import {
  initialAssetUrls,
  measureInitialLoad,
  startedAppUrl,
  staticImports,
} from "./check-size.ts";

describe("initialAssetUrls", () => {
  it("finds module scripts, modulepreloads and stylesheets, not icons or disabled links", () => {
    const html = `<head>
      <script type="module" crossorigin src="./assets/index-a.js"></script>
      <link rel="modulepreload" crossorigin href="./assets/shared-b.js">
      <link rel="stylesheet" crossorigin href="./assets/index-c.css">
      <style>a{}</style><link rel="stylesheet" href="./assets/inlined-d.css" disabled>
      <link rel="icon" href="./favicon.svg">
    </head>`;
    expect(initialAssetUrls(html)).toEqual([
      "./assets/index-a.js",
      "./assets/shared-b.js",
      "./assets/index-c.css",
    ]);
  });
});

describe("staticImports", () => {
  it("follows static imports and re-exports but not dynamic import()", () => {
    const js = `import{a as b}from"./x.js";import"./y.js";export{c}from"./z.js";const m=()=>import("./zip.js");`;
    expect(staticImports(js)).toEqual(["./x.js", "./y.js", "./z.js"]);
  });
});

/** Reads the given files only: any other read fails the test. */
const readerOf = (files: Record<string, string>) => (p: string) => {
  const text = files[p];
  if (text === undefined) throw new Error(`unexpected read ${p}`);
  return Buffer.from(text);
};

describe("measureInitialLoad", () => {
  it("counts the page itself and each initial file once, and leaves lazy chunks out", () => {
    const dist = "/dist";
    const files: Record<string, string> = {
      [join(dist, "index.html")]:
        '<script type="module" src="./assets/main.js"></script><link rel="stylesheet" href="./assets/main.css">',
      [join(dist, "assets/main.js")]:
        'import"./shared.js";const a=()=>import("./app.js");' + "x".repeat(500),
      [join(dist, "assets/shared.js")]: 'import"./main.js";export const s=1;',
      [join(dist, "assets/main.css")]: "body{margin:0}",
      // What the entry itself imports later (the app adopting the first screen) counts; what
      // that imports later (the planner, the zip writer) does not.
      [join(dist, "assets/app.js")]: 'import"./shared.js";const z=()=>import("./zip.js");',
      [join(dist, "assets/zip.js")]: "never read",
    };
    const read = readerOf(files);
    const counted = measureInitialLoad(dist, read);
    expect(counted.map((f) => f.path)).toEqual([
      "index.html",
      "assets/main.js",
      "assets/shared.js",
      "assets/app.js",
      "assets/main.css",
    ]);
    const main = files[join(dist, "assets/main.js")] ?? "";
    expect(counted[1]?.rawBytes).toBe(main.length);
    expect(counted[1]?.gzipBytes).toBe(gzipSync(Buffer.from(main)).length);
    const page = files[join(dist, "index.html")] ?? "";
    expect(counted[0]?.gzipBytes).toBe(gzipSync(Buffer.from(page)).length);
  });

  it("counts the app the page's inline start loads, not what the app loads later", () => {
    const dist = "/dist";
    const files: Record<string, string> = {
      [join(dist, "index.html")]:
        '<div id="root" class="first-frame" data-app="./assets/main-a.js"><main></main></div>' +
        '<script type="module">start()</script>',
      [join(dist, "assets/main-a.js")]: 'import"./solid.js";const p=()=>import("./planner.js");',
      [join(dist, "assets/solid.js")]: "export const s=1;",
      [join(dist, "assets/planner.js")]: "never read",
    };
    const read = readerOf(files);
    expect(startedAppUrl(files[join(dist, "index.html")] ?? "")).toBe("./assets/main-a.js");
    expect(measureInitialLoad(dist, read).map((f) => f.path)).toEqual([
      "index.html",
      "assets/main-a.js",
      "assets/solid.js",
    ]);
  });
});
