import { createSignal } from "solid-js";
import { copyText } from "../app/clipboard.ts";

/** Copies plain text (digits without grouping, descriptor text) to the clipboard. */
export function CopyButton(props: { text: string; label: string; children?: string }) {
  const [done, setDone] = createSignal(false);
  const copy = async () => {
    if (await copyText(props.text)) {
      setDone(true);
      setTimeout(() => setDone(false), 1500);
    }
  };
  return (
    <button type="button" class="quiet small" aria-label={props.label} onClick={() => void copy()}>
      {done() ? "Copied" : (props.children ?? "Copy")}
    </button>
  );
}
