import { describe, expect, it } from "vitest";
import { CACHE_PREFIX, serviceWorkerSource } from "./service-worker-plugin.ts";

const assetsOf = (source: string): string[] =>
  JSON.parse(/const ASSETS = (\[[^\]]*\]);/.exec(source)?.[1] ?? "null") as string[];
const cacheOf = (source: string): string =>
  JSON.parse(/const CACHE = ("[^"]*");/.exec(source)?.[1] ?? "null") as string;

describe("serviceWorkerSource", () => {
  const build = ["index.html", "assets/zip-B2.js", "assets/index-A1.js", "sw.js", "assets/x.css"];

  it("precaches every built file but itself, relative to sw.js, sorted", () => {
    expect(assetsOf(serviceWorkerSource(build))).toEqual([
      "./assets/index-A1.js",
      "./assets/x.css",
      "./assets/zip-B2.js",
      "./index.html",
    ]);
  });

  it("names its cache after the file list: a new build gets a new cache (and a new sw.js)", () => {
    const a = cacheOf(serviceWorkerSource(build));
    expect(a).toMatch(new RegExp(`^${CACHE_PREFIX}[0-9a-f]{16}$`));
    expect(cacheOf(serviceWorkerSource([...build].reverse()))).toBe(a);
    expect(cacheOf(serviceWorkerSource([...build, "assets/zip-C3.js"]))).not.toBe(a);
  });

  it("is plain script that parses", () => {
    expect(() => new Function(serviceWorkerSource(build))).not.toThrow();
  });
});

describe("the worker comes from src/sw/sw.ts", () => {
  it("keeps its handlers and loses its types", () => {
    const source = serviceWorkerSource(["index.html"]);
    for (const event of ["install", "activate", "message", "fetch"]) {
      expect(source).toContain(`self.addEventListener("${event}"`);
    }
    expect(source).not.toMatch(/declare const|: string|export \{\}/);
  });
});
