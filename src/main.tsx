/**
 * The app's start, loaded by the page's entry (src/boot.ts) after the first paint: adopts the
 * prerendered first screen (or draws it, on the dev server), then hands the app what the user
 * did before it ran.
 */
import { hydrate, render } from "solid-js/web";
import { App } from "./ui/App.tsx";
import { takeOver } from "./takeOver.ts";
import type { StartApp } from "./boot.ts";

export const startApp: StartApp = (root, early) => {
  takeOver(root, {
    hydrate: (el) => hydrate(() => <App />, el),
    render: (el) => render(() => <App />, el),
  });
  if (early) early.replay();
  // Drawn from scratch: the paste box is the page's from here on (scripts/bench-startup.ts,
  // docs/startup.md). With a prerendered first screen the entry said so already.
  else performance.mark("paste-box-ready");
};
