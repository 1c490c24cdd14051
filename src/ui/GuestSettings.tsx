import { createMemo, createUniqueId, For, Show } from "solid-js";
import type { AppStore } from "../app/store.ts";
import {
  type GuestPartitionType,
  type PartitionTable,
  type Placement,
  type PlanVm,
} from "../lib/plan/types.ts";
import {
  guestLayout,
  guestSettings,
  resolveGuestType,
  type GuestProblem,
} from "../lib/guest/layout.ts";
import { guestFixes } from "./guestFixes.ts";
import { GUEST_TYPE_INFO } from "../lib/guest/partitionTypes.ts";
import { GUEST_PARTITION_TYPES } from "../lib/plan/types.ts";
import { vmFieldId } from "./placeIds.ts";

const TABLE_OPTIONS: { value: PartitionTable; label: string }[] = [
  { value: "none", label: "None (blank head)" },
  { value: "mbr", label: "MBR" },
  { value: "gpt", label: "GPT" },
];
const PLACEMENT_OPTIONS: { value: Placement; label: string }[] = [
  { value: "packed", label: "Packed" },
  { value: "identity", label: "Identity (same LBA as on the host)" },
];

// guestLayout's refusals shown next to these controls (the range rows show a range's own).
const TABLE_CODES = new Set([
  "guest-settings-invalid",
  "guest-head-too-small",
  "guest-mbr-too-many-partitions",
  "guest-mbr-too-large",
  "guest-gpt-too-many-partitions",
]);
const PLACEMENT_CODES = new Set([
  "guest-identity-head",
  "guest-identity-order",
  "guest-too-many-extents",
]);

/** Finding codes this component shows itself: the VM card need not list them again. */
export const shownBySettings = (code: string): boolean =>
  TABLE_CODES.has(code) || PLACEMENT_CODES.has(code);

/** A one-click way out of a refusal. */
interface Fix {
  label: string;
  apply: () => void;
}

/**
 * Per VM: the partition table written into the head and where the guest sees each range.
 * A refused choice says why, next to the control, with the fix.
 */
export function GuestSettings(props: { vm: PlanVm; index: number; store: AppStore }) {
  const id = createUniqueId();
  const update = (patch: Parameters<AppStore["actions"]["updateVm"]>[1]) =>
    props.store.actions.updateVm(props.index, patch);
  const settings = () => guestSettings(props.vm);
  const problems = createMemo((): GuestProblem[] => {
    try {
      const r = guestLayout(props.vm, props.store.plan().disks);
      return r.ok ? [] : r.errors;
    } catch {
      return [];
    }
  });
  const fixesFor = (p: GuestProblem): Fix[] =>
    guestFixes(p, props.vm).map((f) => ({ label: f.label, apply: () => update(f.patch) }));
  const tableProblems = () => problems().filter((p) => TABLE_CODES.has(p.code));
  const placementProblems = () => problems().filter((p) => PLACEMENT_CODES.has(p.code));

  return (
    <fieldset class="guest-settings">
      <legend>What the guest finds on its disk</legend>
      <div class="vm-fields">
        <div class="field">
          <label for={vmFieldId(props.index, "partitionTable")}>Partition table in the head</label>
          <select
            id={vmFieldId(props.index, "partitionTable")}
            value={settings().table}
            aria-describedby={`${id}-table-hint ${id}-table-problems`}
            onChange={(e) => update({ partitionTable: e.currentTarget.value as PartitionTable })}
          >
            <For each={TABLE_OPTIONS}>{(o) => <option value={o.value}>{o.label}</option>}</For>
          </select>
          <span class="hint" id={`${id}-table-hint`}>
            With a table, the guest sees one partition per range at once.
          </span>
        </div>
        <div class="field">
          <label for={vmFieldId(props.index, "placement")}>Placement</label>
          <select
            id={vmFieldId(props.index, "placement")}
            value={settings().placement}
            aria-describedby={`${id}-placement-hint ${id}-placement-problems`}
            onChange={(e) => update({ placement: e.currentTarget.value as Placement })}
          >
            <For each={PLACEMENT_OPTIONS}>{(o) => <option value={o.value}>{o.label}</option>}</For>
          </select>
          <span class="hint" id={`${id}-placement-hint`}>
            Identity keeps each range at its host LBA, with zeros between: NTFS and FAT remember
            where they start, and Windows boot entries point at that position.
          </span>
        </div>
      </div>
      <div id={`${id}-table-problems`}>
        <ProblemList problems={tableProblems()} fixesFor={fixesFor} />
      </div>
      <div id={`${id}-placement-problems`}>
        <ProblemList problems={placementProblems()} fixesFor={fixesFor} />
      </div>
    </fieldset>
  );
}

function ProblemList(props: { problems: GuestProblem[]; fixesFor: (p: GuestProblem) => Fix[] }) {
  return (
    <Show when={props.problems.length > 0}>
      <ul class="findings compact guest-problems">
        <For each={props.problems}>
          {(p) => (
            <li class="finding finding-error">
              <span class="finding-icon" aria-hidden="true">
                ✖
              </span>
              <span class="visually-hidden">Refused: </span>
              {p.message}{" "}
              <For each={props.fixesFor(p)}>
                {(fix) => (
                  <button type="button" class="small" onClick={() => fix.apply()}>
                    {fix.label}
                  </button>
                )}
              </For>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}

/** The guest partition type of one range, prefilled from the host partition it came from. */
export function RangeTypeSelect(props: {
  vm: PlanVm;
  index: number;
  range: number;
  store: AppStore;
}) {
  const resolved = createMemo(() => {
    const r = props.vm.ranges[props.range];
    if (!r) return null;
    try {
      return resolveGuestType(
        r,
        props.store.plan().disks.find((d) => d.id === r.disk),
      );
    } catch {
      return null;
    }
  });
  const mbr = () => guestSettings(props.vm).table === "mbr";
  return (
    <select
      aria-label={`Partition type of range ${props.range + 1}`}
      value={resolved()?.type ?? ""}
      onChange={(e) =>
        props.store.actions.setRangeType(
          props.index,
          props.range,
          e.currentTarget.value as GuestPartitionType,
        )
      }
    >
      <For each={GUEST_PARTITION_TYPES}>
        {(t) => (
          <option value={t}>
            {GUEST_TYPE_INFO[t].label}
            {mbr() && GUEST_TYPE_INFO[t].mbr === null ? " (GPT only)" : ""}
          </option>
        )}
      </For>
    </select>
  );
}
