import { createMemo, createUniqueId, For, Index, Show } from "solid-js";
import type { AppStore } from "../app/store.ts";
import { ADAPTER_TYPES, type Access, type PlanVm } from "../lib/plan/types.ts";
import { concernsWholeDisk, findingsForRange, findingsForVm } from "../lib/check/places.ts";
import { parseDecimal } from "../lib/units.ts";
import { FindingList } from "./FindingList.tsx";
import { GuestView } from "./GuestView.tsx";
import { GuestSettings, RangeTypeSelect, shownBySettings } from "./GuestSettings.tsx";
import { TargetChoice } from "./TargetChoice.tsx";
import { DescriptorPreview } from "./DescriptorPreview.tsx";
import { VmChip } from "./VmChip.tsx";
import { rangeId, vmFieldId, vmId } from "./placeIds.ts";
import { colorIndex, PALETTE } from "../app/palette.ts";
import { grouped, sectorsHuman } from "./format.ts";
import { createSyncedField, Field } from "./Field.tsx";
import type { FieldResult } from "./sizeField.ts";
import { SectorColumnHeads } from "./SectorColumnHeads.tsx";

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
  const deviceOf = (diskId: string) =>
    props.store.plan().disks.find((d) => d.id === diskId)?.device ?? diskId;
  const hasTable = () => (props.vm.partitionTable ?? "none") !== "none";

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
        <div class="table-wrap">
          <table class="numbers ranges stack-narrow">
            <caption class="visually-hidden">Ranges of {props.vm.name}, in guest order</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col" class="device-col">
                  Device
                </th>
                <SectorColumnHeads />
                <th scope="col">Access</th>
                <Show when={hasTable()}>
                  <th scope="col">Guest type</th>
                </Show>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <Index each={props.vm.ranges}>
                {(r, j) => {
                  // A disk-wide warning (size unknown…) shows once, with the disk.
                  const problems = createMemo(() =>
                    findingsForRange(props.store.findings(), props.index, j).filter(
                      (f) => f.severity === "error" || !concernsWholeDisk(f),
                    ),
                  );
                  const rowSelected = () => {
                    const s = props.store.selection();
                    return s?.kind === "range" && s.vm === props.index && s.range === j;
                  };
                  return (
                    <>
                      <tr
                        id={rangeId(props.index, j)}
                        tabindex="-1"
                        classList={{
                          selected: rowSelected(),
                          "has-error": problems().some((f) => f.severity === "error"),
                        }}
                      >
                        <td class="num" data-label="Range">
                          {j + 1}
                        </td>
                        <td class="mono device-cell">{deviceOf(r().disk)}</td>
                        <td class="num" data-label="Start" title={r().startSector.toString()}>
                          {grouped(r().startSector)}
                        </td>
                        <td class="num" data-label="Sectors" title={r().sectors.toString()}>
                          {grouped(r().sectors)}
                        </td>
                        <td class="num" data-label="Size" title={`${r().sectors * 512n} bytes`}>
                          {sectorsHuman(r().sectors)}
                        </td>
                        <td>
                          <select
                            aria-label={`Access of range ${j + 1}`}
                            value={r().access}
                            onChange={(e) =>
                              actions().setRangeAccess(
                                props.index,
                                j,
                                e.currentTarget.value as Access,
                              )
                            }
                          >
                            <option value="RW">RW</option>
                            <option value="RDONLY">RDONLY</option>
                          </select>
                        </td>
                        <Show when={hasTable()}>
                          <td>
                            <RangeTypeSelect
                              vm={props.vm}
                              index={props.index}
                              range={j}
                              store={props.store}
                            />
                          </td>
                        </Show>
                        <td class="actions">
                          <button
                            type="button"
                            class="quiet small"
                            aria-label={`Move range ${j + 1} up`}
                            disabled={j === 0}
                            onClick={() => actions().moveRange(props.index, j, j - 1)}
                          >
                            ↑
                          </button>
                          <button
                            type="button"
                            class="quiet small"
                            aria-label={`Move range ${j + 1} down`}
                            disabled={j === props.vm.ranges.length - 1}
                            onClick={() => actions().moveRange(props.index, j, j + 1)}
                          >
                            ↓
                          </button>
                          <button
                            type="button"
                            class="quiet small danger"
                            aria-label={`Remove range ${j + 1}`}
                            onClick={() => actions().removeRange(props.index, j)}
                          >
                            ✕
                          </button>
                        </td>
                      </tr>
                      <Show when={problems().length > 0}>
                        <tr class="finding-row">
                          <td colSpan={hasTable() ? 8 : 7}>
                            <FindingList
                              findings={problems()}
                              compact
                              place={{
                                at: { vm: props.index, range: j },
                                vms: props.store.plan().vms,
                              }}
                            />
                          </td>
                        </tr>
                      </Show>
                    </>
                  );
                }}
              </Index>
            </tbody>
          </table>
        </div>
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
