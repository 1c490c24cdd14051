import { For, Show, type JSX } from "solid-js";
import type { Finding } from "../lib/plan/findings.ts";
import { isPrimaryPlace, primaryVmPlace, type VmPlace } from "./findingPlaces.ts";

/** A finding's severity: an icon for the eye, a word for screen readers. */
function SeverityMark(props: { finding: Finding }) {
  return (
    <>
      <span class="finding-icon" aria-hidden="true">
        {props.finding.severity === "error" ? "✖" : "⚠"}
      </span>
      <span class="visually-hidden">
        {props.finding.severity === "error" ? "Error: " : "Warning: "}
      </span>
    </>
  );
}

/** One finding: its severity as an icon and in words for screen readers, then its message. */
export function FindingItem(props: { finding: Finding; children?: JSX.Element }) {
  return (
    <li class={`finding finding-${props.finding.severity}`}>
      <SeverityMark finding={props.finding} />
      <span class="finding-text">{props.finding.message}</span>
      {props.children}
    </li>
  );
}

/** Where a finding is written out in full, as the user reads it ("range 1 of vm1"). */
export function placeLabel(vms: readonly { name: string }[], place: VmPlace): string {
  const name = vms[place.vm]?.name ?? `VM ${place.vm + 1}`;
  return place.range === undefined ? name : `range ${place.range + 1} of ${name}`;
}

/**
 * A finding already written out at another place of the page: its severity, its first
 * sentence and where to read the rest, so the same long text is not repeated.
 */
export function FindingPointer(props: { finding: Finding; elsewhere: string }) {
  return (
    <li class={`finding finding-${props.finding.severity} finding-pointer`}>
      <SeverityMark finding={props.finding} />
      <span class="finding-ref" title={props.finding.message}>
        Also concerns this: see {props.elsewhere}.
      </span>
    </li>
  );
}

/** Findings shown where they occur: next to the VM, range, disk or map piece they concern. */
export function FindingList(props: {
  findings: readonly Finding[];
  compact?: boolean;
  /** Where this list sits, and the plan's VMs: a finding written out at another VM place
   * shows here as a pointer to it. */
  place?: { at: VmPlace; vms: readonly { name: string }[] };
}) {
  const elsewhere = (f: Finding): string | null => {
    const at = props.place;
    if (!at || isPrimaryPlace(f, at.at)) return null;
    const primary = primaryVmPlace(f);
    return primary ? placeLabel(at.vms, primary) : null;
  };
  return (
    <Show when={props.findings.length > 0}>
      <ul class="findings" classList={{ compact: props.compact === true }}>
        <For each={props.findings}>
          {(f) => (
            <Show when={elsewhere(f)} fallback={<FindingItem finding={f} />}>
              {(where) => <FindingPointer finding={f} elsewhere={where()} />}
            </Show>
          )}
        </For>
      </ul>
    </Show>
  );
}
