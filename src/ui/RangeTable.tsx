import { createMemo, Index, Show } from "solid-js";
import type { AppStore } from "../app/store.ts";
import type { Access, PlanVm } from "../lib/plan/types.ts";
import { concernsWholeDisk, findingsForRange } from "../lib/check/places.ts";
import { FindingList } from "./FindingList.tsx";
import { RangeTypeSelect } from "./GuestSettings.tsx";
import { rangeId } from "./placeIds.ts";
import { grouped, sectorsHuman } from "./format.ts";
import { SectorColumnHeads } from "./SectorColumnHeads.tsx";
import { createShown, laterOf, revealedRange, ShowMore } from "./ShowMore.tsx";

/** Rows of a VM's range table drawn at first, and per "Show more". */
const RANGE_ROWS = 25;

/** A VM's ranges in guest order: where each lies, its access and guest type, and moving them. */
export function RangeTable(props: { vm: PlanVm; index: number; store: AppStore }) {
  const actions = () => props.store.actions;
  const deviceOf = (diskId: string) =>
    props.store.plan().disks.find((d) => d.id === diskId)?.device ?? diskId;
  const hasTable = () => (props.vm.partitionTable ?? "none") !== "none";
  const shown = createShown(() => props.vm.ranges.length, {
    // A VM has a range or two; the first rows of one with thousands are enough (docs/big-plans.md).
    page: RANGE_ROWS,
    reach: "rows",
    mustShow: () => {
      const s = props.store.selection();
      const selected = s?.kind === "range" && s.vm === props.index ? s.range : null;
      return laterOf(selected, revealedRange(props.index));
    },
  });
  const rows = createMemo(() => props.vm.ranges.slice(0, shown.count()));
  return (
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
          <Index each={rows()}>
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
                          actions().setRangeAccess(props.index, j, e.currentTarget.value as Access)
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
      <ShowMore shown={shown} noun={`ranges of ${props.vm.name}`} />
    </div>
  );
}
