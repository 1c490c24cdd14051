import { createSignal } from "solid-js";

/** Copies plain text (digits without grouping, descriptor text) to the clipboard. */
export function CopyButton(props: { text: string; label: string; children?: string }) {
  const [done, setDone] = createSignal(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text);
      setDone(true);
      setTimeout(() => setDone(false), 1500);
    } catch {
      setDone(false);
    }
  };
  return (
    <button type="button" class="quiet small" aria-label={props.label} onClick={() => void copy()}>
      {done() ? "Copied" : (props.children ?? "Copy")}
    </button>
  );
}
