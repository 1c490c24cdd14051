import { createEffect, type JSX } from "solid-js";

/**
 * Asks before something (a share link, a plan file) replaces different work of the user's.
 * Open while `open()` is true; Escape keeps the user's plan.
 */
export function ReplaceDialog(props: {
  id: string;
  open: () => boolean;
  title: string;
  children: JSX.Element;
  acceptLabel: string;
  keepLabel?: string;
  onAccept: () => void;
  onKeep: () => void;
}) {
  let dialog: HTMLDialogElement | undefined;
  createEffect(() => {
    const open = props.open();
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  });
  return (
    <dialog
      ref={dialog}
      class="share-dialog"
      aria-labelledby={`${props.id}-title`}
      aria-describedby={`${props.id}-text`}
      onCancel={(e) => {
        e.preventDefault();
        props.onKeep();
      }}
    >
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <p id={`${props.id}-text`}>{props.children}</p>
      <div class="row">
        <button type="button" class="primary" onClick={() => props.onAccept()}>
          {props.acceptLabel}
        </button>
        <button type="button" onClick={() => props.onKeep()}>
          {props.keepLabel ?? "Keep my plan"}
        </button>
      </div>
    </dialog>
  );
}
