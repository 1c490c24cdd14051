import { For, Show, type JSX } from "solid-js";
import type { Finding } from "../lib/plan/findings.ts";

/** One finding: its severity as an icon and in words for screen readers, then its message. */
export function FindingItem(props: { finding: Finding; children?: JSX.Element }) {
  return (
    <li class={`finding finding-${props.finding.severity}`}>
      <span class="finding-icon" aria-hidden="true">
        {props.finding.severity === "error" ? "✖" : "⚠"}
      </span>
      <span class="visually-hidden">
        {props.finding.severity === "error" ? "Error: " : "Warning: "}
      </span>
      <span class="finding-text">{props.finding.message}</span>
      {props.children}
    </li>
  );
}

/** Findings shown where they occur: next to the VM, range, disk or map piece they concern. */
export function FindingList(props: { findings: readonly Finding[]; compact?: boolean }) {
  return (
    <Show when={props.findings.length > 0}>
      <ul class="findings" classList={{ compact: props.compact === true }}>
        <For each={props.findings}>{(f) => <FindingItem finding={f} />}</For>
      </ul>
    </Show>
  );
}
