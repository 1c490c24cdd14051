/**
 * What the user does to the prerendered first screen before the app runs (src/boot.ts), kept
 * for the app to act on once it does. Typing and pasting need nothing: the box keeps its text
 * and the app reads it when it adopts the box (src/takeOver.ts).
 */

import { hasFiles } from "./fileDrag.ts";

export interface EarlyInput {
  /** Stops catching: the app's own handlers take over from here. */
  stop(): void;
  /** Stops catching, then hands the app what was held back, in the order it happened. */
  replay(): void;
}

type Held =
  | { kind: "click"; target: HTMLElement }
  | { kind: "change"; target: HTMLInputElement }
  | { kind: "drop"; target: Element; files: File[] };

/** The listing box (the only element of the first screen that takes a dropped file). */
const isListingBox = (el: Element | null): el is HTMLTextAreaElement =>
  el instanceof HTMLTextAreaElement && el.id === "listing";

/**
 * Starts catching, in the capture phase of `document`, the clicks on `root`'s buttons, the
 * changes of its file inputs and files dropped anywhere (the browser would open a file dropped
 * outside the box in place of the page).
 */
export function catchEarlyInput(root: HTMLElement): EarlyInput {
  const held: Held[] = [];
  let replaying = false;
  const onClick = (e: MouseEvent) => {
    if (replaying || !(e.target instanceof Element)) return;
    const button = e.target.closest("button");
    if (!button || !root.contains(button) || button.disabled) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    held.push({ kind: "click", target: button });
  };
  const onChange = (e: Event) => {
    const input = e.target;
    if (replaying || !(input instanceof HTMLInputElement) || input.type !== "file") return;
    if (!root.contains(input)) return;
    e.stopImmediatePropagation();
    held.push({ kind: "change", target: input });
  };
  const onDragOver = (e: DragEvent) => {
    // Without this a file dropped outside the box would be opened in place of the page.
    if (hasFiles(e)) e.preventDefault();
  };
  const onDrop = (e: DragEvent) => {
    if (replaying || !hasFiles(e)) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    const target = e.target instanceof Element ? e.target : null;
    if (isListingBox(target)) {
      held.push({ kind: "drop", target, files: [...(e.dataTransfer?.files ?? [])] });
    }
  };
  const listeners = [
    ["click", onClick],
    ["change", onChange],
    ["dragover", onDragOver],
    ["drop", onDrop],
  ] as const;
  for (const [type, listener] of listeners) {
    document.addEventListener(type, listener as EventListener, true);
  }
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    for (const [type, listener] of listeners) {
      document.removeEventListener(type, listener as EventListener, true);
    }
  };
  return {
    stop,
    replay() {
      stop();
      replaying = true;
      for (const h of held.splice(0)) {
        if (!h.target.isConnected) continue;
        if (h.kind === "click") h.target.click();
        else if (h.kind === "change")
          h.target.dispatchEvent(new Event("change", { bubbles: true }));
        else {
          const dataTransfer = new DataTransfer();
          for (const file of h.files) dataTransfer.items.add(file);
          h.target.dispatchEvent(
            new DragEvent("drop", { bubbles: true, cancelable: true, dataTransfer }),
          );
        }
      }
      replaying = false;
    },
  };
}
