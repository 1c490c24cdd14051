import { createMemo, Index, Show } from "solid-js";
import type { AppStore } from "../app/store.ts";
import type { DiskSegment } from "../lib/plan/ops.ts";
import type { Plan, PlanDisk } from "../lib/plan/types.ts";
import type { Finding } from "../lib/plan/findings.ts";
import { grouped, sectorsHuman } from "./format.ts";
import { partitionTypeText, segmentLongName, segmentShortName } from "./segments.ts";
import { VmChip } from "./VmChip.tsx";
import { SectorColumnHeads } from "./SectorColumnHeads.tsx";
import { createShown, ShowMore } from "./ShowMore.tsx";

/** Rows of a disk's table drawn at first, and per "Show more". */
const SEGMENT_ROWS = 25;

/** The map's data as a table: the same pieces, the same selection. */
export function SegmentTable(props: {
  disk: PlanDisk;
  /** The plan as this disk sees it (DiskPanel's: unchanged by edits elsewhere). */
  plan: Plan;
  segments: readonly DiskSegment[];
  store: AppStore;
  /** The findings about a stretch of this disk (DiskPanel's index). */
  findingsAt: (startSector: bigint, sectors: bigint, partition?: number) => Finding[];
}) {
  const selectedStart = createMemo(() => {
    const sel = props.store.selection();
    return sel?.kind === "segment" && sel.disk === props.disk.id ? sel.startSector : null;
  });
  // A 4096-byte disk's listing counts in its own sectors: show those beside the VMDK's 512-byte
  // ones so the table can be compared with the listing line by line.
  const bigSectors = () => props.disk.logicalSectorSize !== 512;
  const perDiskSector = () => BigInt(props.disk.logicalSectorSize / 512);
  const shown = createShown(() => props.segments.length, {
    // A disk's table starts short: a real disk has a handful of partitions, and several disk
    // panels share the first page (docs/big-plans.md).
    page: SEGMENT_ROWS,
    reach: "rows",
    mustShow: () => {
      const start = selectedStart();
      if (start === null) return null;
      const i = props.segments.findIndex((s) => s.startSector === start);
      return i < 0 ? null : i;
    },
  });
  const rows = createMemo(() => props.segments.slice(0, shown.count()));
  return (
    <div class="table-wrap">
      <table class="numbers segments stack-narrow">
        <caption class="visually-hidden">
          Partitions and free space of {props.disk.device || "the disk"}, in 512-byte sectors
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <Show when={bigSectors()}>
              <th scope="col" class="num">
                Disk LBA <span class="unit">({props.disk.logicalSectorSize}-byte)</span>
              </th>
            </Show>
            <SectorColumnHeads />
            <th scope="col">Type</th>
            <th scope="col">Owner</th>
          </tr>
        </thead>
        <tbody>
          <Index each={rows()}>
            {(seg, index) => {
              const selected = () => selectedStart() === seg().startSector;
              const owners = () => seg().owners.map((i) => ({ i, vm: props.plan.vms[i] }));
              const problems = createMemo(() =>
                props.findingsAt(seg().startSector, seg().sectors, seg().partition),
              );
              return (
                <tr classList={{ selected: selected(), [`row-${seg().kind}`]: true }}>
                  <th scope="row">
                    <button
                      type="button"
                      class="link"
                      aria-pressed={selected()}
                      title={segmentLongName(props.disk, seg())}
                      onClick={() =>
                        props.store.actions.select({
                          kind: "segment",
                          disk: props.disk.id,
                          startSector: seg().startSector,
                        })
                      }
                    >
                      {segmentShortName(props.disk, seg())}
                    </button>
                  </th>
                  <Show when={bigSectors()}>
                    <td
                      class="num"
                      data-label="Disk LBA"
                      title={(seg().startSector / perDiskSector()).toString()}
                    >
                      {grouped(seg().startSector / perDiskSector())}
                    </td>
                  </Show>
                  <td class="num" data-label="Start" title={seg().startSector.toString()}>
                    {grouped(seg().startSector)}
                  </td>
                  <td class="num" data-label="Sectors" title={seg().sectors.toString()}>
                    {grouped(seg().sectors)}
                  </td>
                  <td class="num" data-label="Size" title={`${seg().sectors * 512n} bytes`}>
                    {sectorsHuman(seg().sectors)}
                  </td>
                  <td data-label="Type" class="seg-type-cell">
                    {partitionTypeText(props.disk, props.segments, index)}
                  </td>
                  <td data-label="Owner">
                    <Show when={owners().length > 0} fallback="—">
                      <Index each={owners()}>
                        {(o, k) => (
                          <>
                            {k > 0 ? ", " : ""}
                            <span class="owner">
                              <VmChip vm={o().vm} index={o().i} />
                              {o().vm?.name}
                            </span>
                          </>
                        )}
                      </Index>
                    </Show>
                    <Show when={problems().length > 0}>
                      <span
                        class={`badge ${problems().some((f) => f.severity === "error") ? "badge-error" : "badge-warn"}`}
                      >
                        {problems().length} {problems().length === 1 ? "problem" : "problems"}
                      </span>
                    </Show>
                  </td>
                </tr>
              );
            }}
          </Index>
        </tbody>
      </table>
      <ShowMore shown={shown} noun="pieces of the disk" />
    </div>
  );
}
