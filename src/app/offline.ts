/**
 * Offline use: the service worker (sw.js, written by scripts/service-worker-plugin.ts at build
 * time with the list of built assets) caches the whole app on the first visit and serves it
 * from the cache afterwards. A new build installs beside the running one and waits; the page
 * offers a reload, which tells the waiting worker to take over. Only the tab where the user
 * chose to reload reloads: other tabs are told, and keep their page (and half-typed fields)
 * until their user reloads them.
 *
 * Registered only over http(s) (a file:// page has no service worker), with a relative URL so
 * the app works from any sub-path, and only in the production build (the dev server has no
 * sw.js).
 */
export function registerOffline(
  onUpdateReady: (apply: () => void) => void,
  onTakenOverElsewhere: (reload: () => void) => void,
): void {
  if (!import.meta.env.PROD) return;
  if (location.protocol !== "https:" && location.protocol !== "http:") return;
  if (!("serviceWorker" in navigator)) return;
  const container = navigator.serviceWorker;
  const hadController = container.controller !== null;
  let reloading = false;
  /** True once the user of this tab asked for the new version. */
  let asked = false;
  const reload = () => {
    reloading = true;
    location.reload();
  };
  container.addEventListener("controllerchange", () => {
    // The first install takes control of this very page: nothing to reload.
    if (!hadController || reloading) return;
    if (asked) reload();
    else onTakenOverElsewhere(reload);
  });
  const offer = (worker: ServiceWorker) =>
    onUpdateReady(() => {
      asked = true;
      worker.postMessage({ type: "skip-waiting" });
    });
  container.register("./sw.js", { scope: "./" }).then(
    (registration) => {
      if (registration.waiting && hadController) offer(registration.waiting);
      registration.addEventListener("updatefound", () => {
        const worker = registration.installing;
        worker?.addEventListener("statechange", () => {
          if (worker.state === "installed" && container.controller) offer(worker);
        });
      });
    },
    // No service worker (private mode, a server that hides sw.js): the page works online.
    () => undefined,
  );
}
