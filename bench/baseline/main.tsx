/**
 * The start-up benchmark's yardstick (scripts/bench-startup.ts, docs/startup.md): the least a
 * Vite + Solid page can be — one component rendering a labelled textarea — built like the app.
 * Its "paste-box-ready" mark is set at the same point as the app's: right after render().
 */
import { render } from "solid-js/web";

function PasteBox() {
  return (
    <main>
      <label for="listing">Partition listing</label>
      <textarea id="listing" rows={7} />
    </main>
  );
}

const root = document.getElementById("root");
if (root) {
  render(() => <PasteBox />, root);
  performance.mark("paste-box-ready");
}
