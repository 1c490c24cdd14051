/**
 * The page's entry: a few hundred bytes that take the prerendered paste box at once, and load
 * the app (Solid, the first screen's components: src/main.tsx) after the first paint, so that
 * its script does not compete with drawing the page (docs/startup.md, "Two stages").
 *
 * Until the app runs, the box keeps what is typed or pasted into it by itself (the app hydrates
 * the same node and reads its text). What the browser would do wrong or forget is caught here
 * and handed to the app when it runs:
 *
 * - a file dropped on the page: the browser would open it in place of the page (and the plan
 *   with it). Its default is prevented everywhere; dropped on the box, the app reads it then.
 * - a click on a button of the first screen ("Try the example", "Copy"): held back, and
 *   clicked again once the app runs.
 * - a file chosen with "Open a listing file…": the picker opens natively; its `change` is
 *   passed on to the app.
 */
import { catchEarlyInput, type EarlyInput } from "./earlyInput.ts";

/** What the entry hands the app: the page's root, and what the user did before the app ran. */
export type StartApp = (root: HTMLElement, early: EarlyInput | null) => void;

/**
 * Calls `task` after the next frame has been painted (at once in a hidden tab, which paints
 * none).
 */
function afterFirstPaint(task: () => void): void {
  if (document.hidden) return void setTimeout(task, 0);
  requestAnimationFrame(() => setTimeout(task, 0));
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

const root = document.getElementById("root");
if (root) {
  const load = (early: EarlyInput | null) =>
    import("./main.tsx").then(
      (app) => app.startApp(root, early),
      (e: unknown) => {
        early?.stop();
        startFailed(root, e);
      },
    );
  if (root.firstElementChild) {
    // The prerendered first screen is on the page: the box is usable now.
    const early = catchEarlyInput(root);
    // The paste box is the page's from here on (scripts/bench-startup.ts, docs/startup.md).
    performance.mark("paste-box-ready");
    afterFirstPaint(() => void load(early));
  } else {
    // An empty root (the dev server has no prerender): the app draws everything.
    void load(null);
  }
}
