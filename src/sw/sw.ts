/**
 * The service worker (built to dist/sw.js by scripts/service-worker-plugin.ts, which defines
 * CACHE and ASSETS for each build): it precaches every file of the build, so the app works
 * offline after one visit (src/app/offline.ts registers it).
 *
 *   install  → cache all of ASSETS under "raw-disk-planner-<hash of the list>", and tell the
 *              browser's own router to answer them from that cache (see "Static routes")
 *   activate → drop the caches of older builds (only when the page says "reload")
 *   fetch    → our own files from the cache first; a navigation to the app's folder gets
 *              the cached index.html
 *
 * Every URL is relative to sw.js, so the build works from any sub-path. A new build has new
 * file names, hence a new list and a new sw.js: the browser installs it beside the running
 * one, and it waits until the page tells it to take over ("skip-waiting").
 *
 * Static routes (docs/startup.md): where the browser supports them (Chromium's
 * `InstallEvent.addRoutes`), a load of the app asks the cache directly and need not start this
 * worker at all; the fetch handler serves the same files where it does not.
 */
export {};

/** This build's cache name, "raw-disk-planner-" and a hash of ASSETS (defined by the plugin). */
declare const CACHE: string;
/** Every file of the build but sw.js, relative to it (defined by the plugin). */
declare const ASSETS: readonly string[];
/** What every cache of this app is named after (defined by the plugin). */
declare const CACHE_PREFIX: string;
declare const self: ServiceWorkerGlobalScope;

const INDEX = new URL("./index.html", self.location.href).href;
const SCOPE = new URL("./", self.location.href).href;

/** One rule of the browser's router: requests that match are answered from a cache. */
interface RouterRule {
  condition: {
    urlPattern: Record<"protocol" | "hostname" | "port" | "pathname" | "search", string>;
    requestMethod: "GET";
  };
  source: { cacheName: string };
}
/** `addRoutes` is Chromium's (123+) and not in the WebWorker types yet. */
type RoutingInstallEvent = ExtendableEvent & { addRoutes?: (rules: RouterRule[]) => Promise<void> };

/**
 * Every file of the build under its absolute URL, and index.html also under the folder's URL:
 * that is what a navigation to the app asks for, and the browser's router looks up exactly
 * what is asked. Each file is stored without its Vary header: servers send "Vary: Origin"
 * (or "Accept-Encoding"), module scripts are requested with an Origin header that precaching
 * did not send, and a lookup that honours Vary, as the router's does, would then miss them.
 * `no-cache` revalidates with the server, so a stale index.html never pairs with new files.
 */
async function precache(): Promise<void> {
  const cache = await caches.open(CACHE);
  await Promise.all(
    ASSETS.map(async (file) => {
      const url = new URL(file, self.location.href).href;
      const response = await fetch(url, { cache: "no-cache" });
      if (!response.ok) throw new Error(`precaching ${url}: HTTP ${response.status}`);
      const body = await response.arrayBuffer();
      const headers = new Headers(response.headers);
      headers.delete("Vary");
      const { status, statusText } = response;
      const stored = () => new Response(body, { status, statusText, headers });
      await cache.put(url, stored());
      if (url === INDEX) await cache.put(SCOPE, stored());
    }),
  );
}

/** `text` matched literally in a URL pattern (its special characters escaped). */
const literally = (text: string): string => text.replace(/[\\:*?+(){}]/g, "\\$&");

/**
 * The router's rules: a GET of exactly one of the cached URLs (no query) is answered from this
 * build's cache, without starting the worker. Anything else, a query string included, goes to
 * the fetch handler. Each build's rules name its own cache, so a waiting new build cannot
 * serve its files to a page of the running one.
 */
function staticRoutes(): RouterRule[] {
  const urls = [...new Set([SCOPE, ...ASSETS.map((f) => new URL(f, self.location.href).href)])];
  return urls.map((href) => {
    const url = new URL(href);
    return {
      condition: {
        urlPattern: {
          protocol: literally(url.protocol.slice(0, -1)),
          hostname: literally(url.hostname),
          port: literally(url.port),
          pathname: literally(url.pathname),
          search: "",
        },
        requestMethod: "GET",
      },
      source: { cacheName: CACHE },
    };
  });
}

self.addEventListener("install", (event: RoutingInstallEvent) => {
  // A browser that refuses the rules still has the fetch handler: precaching decides.
  const routed = event.addRoutes?.(staticRoutes()).catch(() => undefined);
  event.waitUntil(Promise.all([precache(), routed]));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith(CACHE_PREFIX) && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  const data: unknown = event.data;
  if (typeof data === "object" && data !== null && "type" in data && data.type === "skip-waiting")
    void self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const page = url.origin + url.pathname;
  const key = request.mode === "navigate" && (page === SCOPE || page === INDEX) ? INDEX : request;
  event.respondWith(
    caches
      .open(CACHE)
      // Precaching dropped the servers' Vary headers (see precache); ignoreVary says the same
      // for the lookup: a module script's Origin header must not make it miss.
      .then((cache) => cache.match(key, { ignoreSearch: true, ignoreVary: true }))
      .then((hit) => hit ?? fetch(request)),
  );
});
