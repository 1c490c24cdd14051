import type { AppStore } from "../app/store.ts";

/**
 * Undo / redo for every plan change, and what the last action said. Without a store (the
 * first screen, before the planner has loaded) it shows what an empty page shows: nothing to
 * undo or redo, so the header does not move when the planner arrives.
 */
export function History(props: { store: AppStore | undefined }) {
  return (
    <div class="history">
      <button
        type="button"
        class="quiet"
        disabled={!props.store?.canUndo()}
        aria-keyshortcuts="Control+Z Meta+Z"
        onClick={() => props.store?.actions.undo()}
      >
        Undo
      </button>
      <button
        type="button"
        class="quiet"
        disabled={!props.store?.canRedo()}
        aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z"
        onClick={() => props.store?.actions.redo()}
      >
        Redo
      </button>
      <p
        class="status"
        classList={{ "status-error": props.store?.status()?.kind === "error" }}
        role="status"
      >
        {props.store?.status()?.text ?? ""}
      </p>
    </div>
  );
}
