/**
 * What the page's start (src/boot.ts, src/inlineBoot.ts) and the app (src/main.tsx) agree on,
 * in a module of its own so that the app's script carries no more of the start than this.
 */
import type { EarlyInput } from "./earlyInput.ts";

/** What starts the app on the page's root, with what the user did before it ran. */
export type StartApp = (root: HTMLElement, early: EarlyInput | null) => void;

/**
 * The root's class while the first frame is drawn: the first frame holds the masthead and the
 * paste box with its buttons only, and what lies below them is drawn right after the first
 * paint (src/ui/styles/page.css). scripts/prerender-plugin.ts puts it on the root.
 */
export const FIRST_FRAME_CLASS = "first-frame";

/** The root's attribute that names the app's script, for the inline start (src/inlineBoot.ts). */
export const APP_SCRIPT_ATTRIBUTE = "data-app";

/**
 * Where the inline start waits for the app: the app's script, once loaded, hands its
 * `startApp` to the function found here (a built page's entry keeps no exports).
 */
const WAITING = "rawDiskPlannerWaiting";
type Waiting = (startApp: StartApp) => void;
const slot = globalThis as { [WAITING]?: Waiting };

/** Loads the app's script from `url` and gives its `startApp` (src/inlineBoot.ts). */
export function loadAppScript(url: string): Promise<StartApp> {
  return new Promise((resolve, reject) => {
    slot[WAITING] = resolve;
    import(/* @vite-ignore */ url).then(() => {
      if (slot[WAITING] === resolve) reject(new Error(`${url} did not start the app`));
    }, reject);
  });
}

/** The inline start waiting for the app, if it is (taken once). */
export function takeWaitingStart(): Waiting | undefined {
  const waiting = slot[WAITING];
  Reflect.deleteProperty(slot, WAITING);
  return waiting;
}
