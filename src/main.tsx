/**
 * The app's start: adopts the prerendered first screen (or draws it, on the dev server), then
 * hands the app what the user did before it ran.
 *
 * The built page loads this after the first paint, from its inline start (src/inlineBoot.ts),
 * which is then handed `startApp`. Run directly (the dev server, the single-file build), it starts
 * the app itself: the two stages of src/boot.ts around a prerendered first screen, at once on
 * an empty root.
 */
import { hydrate, render } from "solid-js/web";
import { App } from "./ui/App.tsx";
import { takeOver } from "./takeOver.ts";
import { takeWaitingStart, type StartApp } from "./startHandoff.ts";

const startApp: StartApp = (root, early) => {
  takeOver(root, {
    hydrate: (el) => hydrate(() => <App />, el),
    render: (el) => render(() => <App />, el),
  });
  if (early) early.replay();
  // Drawn from scratch: the paste box is the page's from here on (scripts/bench-startup.ts,
  // docs/startup.md). With a prerendered first screen the start said so already.
  else performance.mark("paste-box-ready");
};

const waiting = takeWaitingStart();
const root = document.getElementById("root");
if (waiting) waiting(startApp);
// src/boot.ts is in the page's inline start already: the app's script loads it only here.
else if (root?.firstElementChild)
  void import("./boot.ts").then(({ bootPrerendered }) =>
    bootPrerendered(root, () => Promise.resolve(startApp)),
  );
else if (root) startApp(root, null);
