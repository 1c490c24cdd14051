/**
 * From the prerendered first screen to the live app without a visible change (docs/startup.md).
 *
 * index.html arrives with the first screen already in `#root` (scripts/prerender-plugin.ts),
 * so the user may have typed or pasted into the listing box before the script runs. In one
 * task — the browser paints nothing in between — the prerendered nodes leave, the app renders
 * in their place, and what the user did carries over: the text (handed to the app as an
 * `input` event, exactly like typing), the caret or selection, the focus and the box's scroll.
 */

/** What the user did to the prerendered listing box. */
export interface TypedState {
  text: string;
  selection: { start: number; end: number; direction: "forward" | "backward" | "none" };
  focused: boolean;
  scroll: { top: number; left: number };
}

const LISTING_BOX = "textarea#listing";

function readTyped(root: HTMLElement): TypedState | null {
  const box = root.querySelector<HTMLTextAreaElement>(LISTING_BOX);
  if (!box) return null;
  return {
    text: box.value,
    selection: {
      start: box.selectionStart,
      end: box.selectionEnd,
      direction: box.selectionDirection ?? "none",
    },
    focused: document.activeElement === box,
    scroll: { top: box.scrollTop, left: box.scrollLeft },
  };
}

function restoreTyped(root: HTMLElement, typed: TypedState): void {
  const box = root.querySelector<HTMLTextAreaElement>(LISTING_BOX);
  if (!box) return;
  if (typed.text !== "") {
    box.value = typed.text;
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }
  const { start, end, direction } = typed.selection;
  box.setSelectionRange(start, end, direction);
  if (typed.focused) box.focus({ preventScroll: true });
  box.scrollTop = typed.scroll.top;
  box.scrollLeft = typed.scroll.left;
}

/**
 * Replaces the prerendered content of `root` with what `mount` renders into it, keeping what
 * the user typed. Works as well on an empty root (the dev server has no prerender).
 */
export function takeOver(root: HTMLElement, mount: (root: HTMLElement) => void): void {
  const typed = readTyped(root);
  root.replaceChildren();
  mount(root);
  if (typed) restoreTyped(root, typed);
}
