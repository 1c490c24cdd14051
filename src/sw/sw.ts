/**
 * The service worker (built to dist/sw.js by scripts/service-worker-plugin.ts, which defines
 * CACHE and ASSETS for each build): it precaches every file of the build, so the app works
 * offline after one visit (src/app/offline.ts registers it).
 *
 *   install  → cache all of ASSETS under "raw-disk-planner-<hash of the list>"
 *   activate → drop the caches of older builds (only when the page says "reload")
 *   fetch    → our own files from the cache first; a navigation to the app's folder gets
 *              the cached index.html
 *
 * Every URL is relative to sw.js, so the build works from any sub-path. A new build has new
 * file names, hence a new list and a new sw.js: the browser installs it beside the running
 * one, and it waits until the page tells it to take over ("skip-waiting").
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

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([...ASSETS])));
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
      // ignoreVary: servers send "Vary: Origin", and module scripts are fetched with an
      // Origin header that the precaching request did not have.
      .then((cache) => cache.match(key, { ignoreSearch: true, ignoreVary: true }))
      .then((hit) => hit ?? fetch(request)),
  );
});
