import { render } from "solid-js/web";
import { App } from "./ui/App.tsx";
import "./ui/styles.css";

const root = document.getElementById("root");
if (root) {
  render(() => <App />, root);
  // The paste box is ours from here on (scripts/bench-startup.ts, docs/startup.md).
  performance.mark("paste-box-ready");
}
