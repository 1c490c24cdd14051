/**
 * The page's start in two stages (docs/startup.md, "Two stages"): the prerendered paste box is
 * the page's at once, and the app (Solid, the first screen's components: src/main.tsx) runs
 * only after the first paint, so that its script does not compete with drawing the page.
 *
 * In the built page this runs from a small script inline in index.html (src/inlineBoot.ts,
 * put there by scripts/prerender-plugin.ts), which needs no file to be fetched first; the
 * single-file build runs it from the app's own script (src/main.tsx).
 *
 * Until the app runs, the box keeps what is typed or pasted into it by itself (the app hydrates
 * the same node and reads its text). What the browser would do wrong or forget is caught
 * (src/earlyInput.ts) and handed to the app when it runs:
 *
 * - a file dropped on the page: the browser would open it in place of the page (and the plan
 *   with it). Its default is prevented everywhere; dropped on the box, the app reads it then.
 * - a click on a button of the first screen ("Try the example", "Copy"): held back, and
 *   clicked again once the app runs.
 * - a file chosen with "Open a listing file…": the picker opens natively; its `change` is
 *   passed on to the app.
 */
import { catchEarlyInput } from "./earlyInput.ts";
import { FIRST_FRAME_CLASS, type StartApp } from "./startHandoff.ts";

/** How long to wait for a first paint the browser does not report (no Paint Timing). */
const PAINT_WAIT_MS = 500;

/**
 * Calls `task` once the first frame with content is on the screen: when the browser reports
 * its first contentful paint (the frame has been drawn, not only prepared). At once in a
 * hidden tab, which paints nothing.
 */
export function afterFirstPaint(task: () => void): void {
  if (document.hidden) return void setTimeout(task, 0);
  let done = false;
  let observer: PerformanceObserver | undefined;
  const run = () => {
    if (done) return;
    done = true;
    observer?.disconnect();
    task();
  };
  try {
    observer = new PerformanceObserver((list) => {
      if (list.getEntries().some((e) => e.name === "first-contentful-paint")) setTimeout(run, 0);
    });
    observer.observe({ type: "paint", buffered: true });
  } catch {
    observer = undefined;
  }
  requestAnimationFrame(() => setTimeout(run, observer ? PAINT_WAIT_MS : 0));
}

function startFailed(root: HTMLElement, error: unknown): void {
  const note = document.createElement("p");
  note.setAttribute("role", "alert");
  note.className = "message message-error boot-error";
  note.textContent =
    `The page could not start (${error instanceof Error ? error.message : String(error)}). ` +
    "Nothing was lost: reload the page to try again.";
  root.prepend(note);
}

/**
 * Takes the prerendered first screen in `root` at once, then, after the first paint, draws the
 * rest of it and starts the app that `loadApp` gives. If that fails the page says so and keeps
 * what was typed.
 */
export function bootPrerendered(root: HTMLElement, loadApp: () => Promise<StartApp>): void {
  const early = catchEarlyInput(root);
  // The paste box is the page's from here on (scripts/bench-startup.ts, docs/startup.md).
  performance.mark("paste-box-ready");
  afterFirstPaint(() => {
    root.classList.remove(FIRST_FRAME_CLASS);
    loadApp().then(
      (startApp) => startApp(root, early),
      (e: unknown) => {
        early.stop();
        startFailed(root, e);
      },
    );
  });
}
