import { For, Show } from "solid-js";
import type { Finding } from "../lib/plan/findings.ts";

/** Findings shown where they occur: next to the VM, range, disk or map piece they concern. */
export function FindingList(props: { findings: readonly Finding[]; compact?: boolean }) {
  return (
    <Show when={props.findings.length > 0}>
      <ul class="findings" classList={{ compact: props.compact === true }}>
        <For each={props.findings}>
          {(f) => (
            <li class={`finding finding-${f.severity}`}>
              <span class="finding-icon" aria-hidden="true">
                {f.severity === "error" ? "✖" : "⚠"}
              </span>
              <span class="visually-hidden">
                {f.severity === "error" ? "Error: " : "Warning: "}
              </span>
              {f.message}
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
