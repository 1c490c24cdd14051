/**
 * From the prerendered first screen to the live app without a visible change (docs/startup.md).
 *
 * index.html arrives with the first screen already in `#root` (scripts/prerender-plugin.ts),
 * so the user may have typed or pasted into the listing box before the script runs. The app
 * hydrates that markup: it adopts the very nodes on the screen instead of building new ones,
 * so the box keeps its text, caret, selection, focus and scroll by itself, and the page needs
 * no new layout. What was typed then reaches the app as an `input` event, exactly like typing.
 */

/** What the user did to the prerendered listing box. */
export interface TypedState {
  text: string;
  selection: { start: number; end: number; direction: "forward" | "backward" | "none" };
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
  };
}

/** Hands what was typed to the app; puts the text back first if hydrating changed it. */
function handOver(root: HTMLElement, typed: TypedState): void {
  const box = root.querySelector<HTMLTextAreaElement>(LISTING_BOX);
  if (!box || typed.text === "") return;
  if (box.value !== typed.text) {
    // Setting the value moves the caret: put the user's selection back too.
    box.value = typed.text;
    const { start, end, direction } = typed.selection;
    box.setSelectionRange(start, end, direction);
  }
  box.dispatchEvent(new Event("input", { bubbles: true }));
}

/** What Solid's `hydrate` reads from the page: events to replay and the server's data. */
interface HydrationGlobals {
  events: unknown[];
  completed: WeakSet<Element>;
  r: Record<string, unknown>;
}
declare global {
  var _$HY: HydrationGlobals | undefined;
}

/**
 * Starts the app in `root`: hydrates the prerendered first screen when `root` holds one, and
 * renders from scratch when it is empty (the dev server has no prerender).
 *
 * Solid's hydration reads `_$HY`, which its server renderer normally defines in an inline
 * script that also records clicks made before the app runs. The page's Content-Security-Policy
 * runs no inline script, and the first screen has nothing to click before the app runs that
 * needs replaying (the box keeps what is typed by itself), so the entry defines it here.
 */
export function takeOver(
  root: HTMLElement,
  mount: { hydrate: (root: HTMLElement) => void; render: (root: HTMLElement) => void },
): void {
  if (!root.firstElementChild) {
    mount.render(root);
    return;
  }
  const typed = readTyped(root);
  globalThis._$HY = { events: [], completed: new WeakSet(), r: {} };
  mount.hydrate(root);
  if (typed) handOver(root, typed);
}
