import { hydrate, render } from "solid-js/web";
import { App } from "./ui/App.tsx";
import { takeOver } from "./takeOver.ts";
import "./ui/styles.css";

const root = document.getElementById("root");
if (root) {
  takeOver(root, {
    hydrate: (el) => hydrate(() => <App />, el),
    render: (el) => render(() => <App />, el),
  });
  // The paste box is the app's from here on (scripts/bench-startup.ts, docs/startup.md).
  performance.mark("paste-box-ready");
}
