import { createMemo, For, Show, type JSX } from "solid-js";
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
 * Findings already written out at another place of the page: their severities, where to read
 * them, and their texts as a tooltip, so the same long text is not repeated. Several findings
 * written out at the same place (an error and a warning on one range) make one pointer.
 */
export function FindingPointer(props: { findings: readonly Finding[]; elsewhere: string }) {
  const worst = () => (props.findings.some((f) => f.severity === "error") ? "error" : "warning");
  const marks = () =>
    (["error", "warning"] as const).flatMap((severity) => {
      const first = props.findings.find((f) => f.severity === severity);
      return first ? [first] : [];
    });
  return (
    <li class={`finding finding-${worst()} finding-pointer`}>
      <For each={marks()}>{(f) => <SeverityMark finding={f} />}</For>
      <span class="finding-ref" title={props.findings.map((f) => f.message).join("\n")}>
        {props.findings.length === 1
          ? "Also concerns this"
          : `${props.findings.length} findings also concern this`}
        : see {props.elsewhere}.
      </span>
    </li>
  );
}

/** A list's entries: each finding in full, or the findings written out elsewhere, by place. */
type Entry = { full: Finding } | { elsewhere: string; findings: Finding[] };

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
  const entries = createMemo(() => {
    const out: Entry[] = [];
    const pointers = new Map<string, Finding[]>();
    for (const f of props.findings) {
      const where = elsewhere(f);
      if (where === null) {
        out.push({ full: f });
        continue;
      }
      const group = pointers.get(where);
      if (group) group.push(f);
      else {
        const findings = [f];
        pointers.set(where, findings);
        out.push({ elsewhere: where, findings });
      }
    }
    return out;
  });
  return (
    <Show when={props.findings.length > 0}>
      <ul class="findings" classList={{ compact: props.compact === true }}>
        <For each={entries()}>
          {(entry) =>
            "full" in entry ? (
              <FindingItem finding={entry.full} />
            ) : (
              <FindingPointer findings={entry.findings} elsewhere={entry.elsewhere} />
            )
          }
        </For>
      </ul>
    </Show>
  );
}
