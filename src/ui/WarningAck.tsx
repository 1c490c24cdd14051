import { createUniqueId, For, onMount } from "solid-js";
import { compactFinding, type Finding } from "../lib/plan/findings.ts";

/**
 * The last step before a plan with warnings is downloaded: every warning again, one line each
 * (in full in place and in the review above), and an explicit "Download anyway". Shown in place, not as a modal, so the review above stays
 * readable. The review never offers it while an error exists: errors cannot be acknowledged.
 *
 *   ⚠ Download with 1 warning?
 *     • P1 is split — the host must never mount it …
 *     [Download anyway]  [Cancel]
 */
export function WarningAck(props: {
  warnings: readonly Finding[];
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const headingId = createUniqueId();
  let panel: HTMLDivElement | undefined;
  // The panel appears where the user was looking (the button) and takes the focus, so a
  // keyboard or screen-reader user reads the warnings before reaching "Download anyway".
  onMount(() => panel?.focus());
  const n = () => props.warnings.length;
  return (
    <div
      ref={panel}
      class="warning-ack"
      role="group"
      aria-labelledby={headingId}
      tabindex="-1"
      onKeyDown={(e) => {
        if (e.key === "Escape") props.onCancel();
      }}
    >
      <h3 id={headingId}>
        <span aria-hidden="true">⚠ </span>
        Download with {n() === 1 ? "1 warning" : `${n()} warnings`}?
      </h3>
      <p>
        The plan can be used, but read {n() === 1 ? "this" : "these"} first (in full in the review
        above):
      </p>
      <ul class="findings">
        <For each={props.warnings}>
          {(f) => (
            <li class="finding finding-warning">
              <span class="finding-text" title={f.message}>
                {compactFinding(f.message)}
              </span>
            </li>
          )}
        </For>
      </ul>
      <div class="row">
        <button type="button" class="primary" onClick={() => props.onConfirm()}>
          Download anyway
        </button>
        <button type="button" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </div>
  );
}
