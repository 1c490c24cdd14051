import { createMemo, createUniqueId, For, Show } from "solid-js";
import type { AppStore } from "../app/store.ts";
import { ADAPTER_TYPES, type PlanVm } from "../lib/plan/types.ts";
import { findingsForVm } from "../lib/check/places.ts";
import { parseDecimal } from "../lib/units.ts";
import { FindingList } from "./FindingList.tsx";
import { GuestView } from "./GuestView.tsx";
import { GuestSettings, shownBySettings } from "./GuestSettings.tsx";
import { TargetChoice } from "./TargetChoice.tsx";
import { DescriptorPreview } from "./DescriptorPreview.tsx";
import { VmChip } from "./VmChip.tsx";
import { vmFieldId, vmId } from "./placeIds.ts";
import { colorIndex, PALETTE } from "../app/palette.ts";
import { sectorsHuman } from "./format.ts";
import { createSyncedField, Field } from "./Field.tsx";
import type { FieldResult } from "./sizeField.ts";
import { RangeTable } from "./RangeTable.tsx";

/** One VM: its name, colour, head, ranges, what the guest sees, and its descriptor. */
export function VmCard(props: { vm: PlanVm; index: number; store: AppStore }) {
  const id = createUniqueId();
  const actions = () => props.store.actions;
  const selected = () => {
    const s = props.store.selection();
    return (s?.kind === "vm" || s?.kind === "range") && s.vm === props.index;
  };
  // The guest settings show their refusals next to their controls, with the fix.
  const vmFindings = createMemo(() =>
    findingsForVm(props.store.findings(), props.index).filter((f) => !shownBySettings(f.code)),
  );
  const optionsNeedAttention = createMemo(() =>
    findingsForVm(props.store.findings(), props.index).some(
      (f) => shownBySettings(f.code) || (f.severity === "error" && f.targets.some((t) => t.field)),
    ),
  );
  const disksUsed = createMemo(() => {
    const ids = [...new Set(props.vm.ranges.map((r) => r.disk))];
    return ids.flatMap((d) => props.store.plan().disks.filter((x) => x.id === d));
  });

  return (
    <article
      class={`vm vm-c${colorIndex(props.vm.color, props.index)}`}
      classList={{ selected: selected() }}
      id={vmId(props.index)}
      tabindex="-1"
      aria-labelledby={`${id}-name`}
    >
      <header class="vm-head">
        <VmChip vm={props.vm} index={props.index} />
        <h3 id={`${id}-name`}>{props.vm.name}</h3>
        <button
          type="button"
          class="quiet small danger"
          onClick={() => actions().removeVm(props.index)}
        >
          Remove {props.vm.name}
        </button>
      </header>
      <FindingList
        findings={vmFindings()}
        place={{ at: { vm: props.index }, vms: props.store.plan().vms }}
      />

      <div class="vm-fields">
        <div class="field">
          <label for={vmFieldId(props.index, "name")}>Name</label>
          <input
            id={vmFieldId(props.index, "name")}
            type="text"
            spellcheck={false}
            autocomplete="off"
            value={props.vm.name}
            onChange={(e) => actions().renameVm(props.index, e.currentTarget.value)}
          />
        </div>
      </div>
      {/* The essentials stay in view; the rest opens on demand, or by itself when it holds a
          refusal or a field with a problem. */}
      <details class="vm-options" open={optionsNeedAttention() || undefined}>
        <summary>Guest options of {props.vm.name}</summary>
        <div class="vm-fields">
          <div class="field">
            <label for={`${id}-c`}>Colour</label>
            <select
              id={`${id}-c`}
              value={String(colorIndex(props.vm.color, props.index))}
              onChange={(e) =>
                actions().updateVm(props.index, { color: Number(e.currentTarget.value) })
              }
            >
              <For each={PALETTE}>
                {(s, i) => (
                  <option value={String(i())}>
                    {s.letter} · {s.name}
                  </option>
                )}
              </For>
            </select>
          </div>
          <div class="field">
            <label for={vmFieldId(props.index, "adapterType")}>Adapter</label>
            <select
              id={vmFieldId(props.index, "adapterType")}
              value={props.vm.adapterType}
              onChange={(e) =>
                actions().updateVm(props.index, {
                  adapterType: e.currentTarget.value as PlanVm["adapterType"],
                })
              }
            >
              <For each={ADAPTER_TYPES}>{(a) => <option value={a}>{a}</option>}</For>
            </select>
          </div>
          <div class="field">
            <label for={vmFieldId(props.index, "head.file")}>Head file</label>
            <input
              id={vmFieldId(props.index, "head.file")}
              type="text"
              class="mono"
              spellcheck={false}
              autocomplete="off"
              value={props.vm.head.file}
              onChange={(e) =>
                actions().updateVm(props.index, {
                  head: { ...props.vm.head, file: e.currentTarget.value },
                })
              }
            />
          </div>
          <HeadSizeField vm={props.vm} index={props.index} store={props.store} />
        </div>

        <GuestSettings vm={props.vm} index={props.index} store={props.store} />
        <TargetChoice vm={props.vm} index={props.index} store={props.store} />
      </details>

      <GuestView vm={props.vm} index={props.index} store={props.store} />

      <Show
        when={props.vm.ranges.length > 0}
        fallback={
          <p class="empty">
            No ranges yet: select a piece of a disk map and give it to {props.vm.name}.
          </p>
        }
      >
        <RangeTable vm={props.vm} index={props.index} store={props.store} />
      </Show>

      <For each={disksUsed()}>
        {(disk, k) => (
          <div class="field">
            <label for={`${id}-dev-${disk.id}`}>
              {disksUsed().length > 1 ? `Device path of disk ${k() + 1}` : "Device path"}
            </label>
            <input
              id={`${id}-dev-${disk.id}`}
              type="text"
              class="mono"
              spellcheck={false}
              autocomplete="off"
              value={disk.device}
              onChange={(e) => actions().updateDisk(disk.id, { device: e.currentTarget.value })}
            />
            <span class="hint">Shared by every VM using this disk</span>
          </div>
        )}
      </For>

      <DescriptorPreview vm={props.vm} index={props.index} store={props.store} />
    </article>
  );
}

function HeadSizeField(props: { vm: PlanVm; index: number; store: AppStore }) {
  const field = createSyncedField(
    (text): FieldResult => {
      const n = parseDecimal(text.trim(), 9);
      if (n === null || n === 0n) {
        return { ok: false, error: "Whole 512-byte sectors (2048 = 1 MiB)." };
      }
      return { ok: true, value: n };
    },
    () => String(props.vm.head.sectors),
  );
  return (
    <Field
      id={vmFieldId(props.index, "head.sectors")}
      label="Head size (sectors)"
      field={field}
      inputMode="numeric"
      meaning={(v) => sectorsHuman(v)}
      onCommit={() => {
        const r = field.result();
        if (r.ok && Number(r.value) !== props.vm.head.sectors) {
          props.store.actions.updateVm(props.index, {
            head: { ...props.vm.head, sectors: Number(r.value) },
          });
        }
      }}
    />
  );
}
