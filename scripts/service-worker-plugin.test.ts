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

/** The built worker run in a hand-made worker scope: its listeners, caches and fetches. */
function runWorker(source: string, location: string, serve: (url: string) => Response) {
  const listeners = new Map<string, (event: unknown) => void>();
  const stored = new Map<string, Map<string, Response>>();
  const fetched: { url: string; cache: unknown }[] = [];
  const scope = { location: new URL(location), addEventListener: listeners.set.bind(listeners) };
  const caches = {
    open: (name: string) => {
      const cache = stored.get(name) ?? new Map<string, Response>();
      stored.set(name, cache);
      return Promise.resolve({
        put: (url: string, response: Response) => {
          cache.set(url, response);
          return Promise.resolve();
        },
      });
    },
  };
  const fetch = (url: string, init?: { cache?: string }) => {
    fetched.push({ url, cache: init?.cache });
    return Promise.resolve(serve(url));
  };
  new Function("self", "caches", "fetch", source)(scope, caches, fetch);
  /** Dispatches "install" as a browser would; `addRoutes` absent: a browser without a router. */
  const install = async (addRoutes?: (rules: unknown[]) => Promise<void>) => {
    const waits: Promise<unknown>[] = [];
    listeners.get("install")?.({ addRoutes, waitUntil: (p: Promise<unknown>) => waits.push(p) });
    await Promise.all(waits);
  };
  return { install, stored, fetched };
}

describe("the built worker's install", () => {
  const build = ["index.html", "assets/index-A1.js", "assets/x.css", "sw.js"];
  const base = "https://example.org/tools/(raw):disk/";
  const source = serviceWorkerSource(build);
  const cacheName = cacheOf(source);
  const serve = (url: string) =>
    new Response(`body of ${url}`, {
      headers: {
        "Content-Type": url.endsWith(".js") ? "text/javascript" : "text/html",
        Vary: "Origin",
        ETag: '"e1"',
      },
    });

  it("stores every file under its URL without Vary, and index.html under the folder's URL too", async () => {
    const worker = runWorker(source, `${base}sw.js`, serve);
    await worker.install();
    const cache = worker.stored.get(cacheName);
    expect([...(cache?.keys() ?? [])].sort()).toEqual(
      [`${base}`, `${base}assets/index-A1.js`, `${base}assets/x.css`, `${base}index.html`].sort(),
    );
    for (const [url, response] of cache ?? []) {
      expect(response.headers.get("Vary")).toBeNull();
      expect(response.headers.get("ETag")).toBe('"e1"');
      const file = url === base ? `${base}index.html` : url;
      expect(await response.text()).toBe(`body of ${file}`);
    }
    expect(cache?.get(`${base}assets/index-A1.js`)?.headers.get("Content-Type")).toBe(
      "text/javascript",
    );
    // Revalidated with the server, never a stale copy from the HTTP cache.
    expect(worker.fetched.map((f) => f.cache)).toEqual(["no-cache", "no-cache", "no-cache"]);
  });

  it("routes exactly the cached URLs, with no query, to this build's cache", async () => {
    const worker = runWorker(source, `${base}sw.js`, serve);
    let rules: unknown[] = [];
    await worker.install((r) => {
      rules = r;
      return Promise.resolve();
    });
    // URLPattern syntax: ( ) : are special and must be escaped to match literally.
    const path = "/tools/\\(raw\\)\\:disk/";
    expect(rules).toEqual(
      ["", "assets/index-A1.js", "assets/x.css", "index.html"].map((file) => ({
        condition: {
          urlPattern: {
            protocol: "https",
            hostname: "example.org",
            port: "",
            pathname: `${path}${file}`,
            search: "",
          },
          requestMethod: "GET",
        },
        source: { cacheName },
      })),
    );
  });

  it("still installs where the browser refuses the routes, and fails when a file is missing", async () => {
    const refused = runWorker(source, `${base}sw.js`, serve);
    await refused.install(() => Promise.reject(new TypeError("unsupported condition")));
    expect(refused.stored.get(cacheName)?.size).toBe(4);

    const missing = runWorker(source, `${base}sw.js`, (url) =>
      url.endsWith(".css") ? new Response("", { status: 404 }) : serve(url),
    );
    await expect(missing.install()).rejects.toThrow(/precaching .*x\.css: HTTP 404/);
  });
});
