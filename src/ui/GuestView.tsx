import { createMemo, For, Show } from "solid-js";
import type { AppStore } from "../app/store.ts";
import { guestDiskView, type GuestSegment } from "../lib/guest/diskView.ts";
import type { PlanVm } from "../lib/plan/types.ts";
import { guestLayout } from "../lib/guest/layout.ts";
import { ratio } from "../lib/plan/bands.ts";
import { grouped, sectorsHuman } from "./format.ts";
import { CopyButton } from "./CopyButton.tsx";
import { SectorColumnHeads } from "./SectorColumnHeads.tsx";

const TABLE_NAME = { none: "", mbr: "MBR", gpt: "GPT" } as const;

/**
 * The VM's own disk as the guest sees it, from the same extent list the descriptor and the
 * head and tail files are built from: head, zero padding (identity placement), ranges, a GPT's
 * tail; and the partitions the table in the head gives the guest.
 */
/** Pieces the guest bar draws; the rest of a VM of thousands of ranges is one summary piece. */
const BAR_PIECES = 200;

export function GuestView(props: { vm: PlanVm; index: number; store: AppStore }) {
  const disks = () => props.store.plan().disks;
  const view = createMemo(() => {
    try {
      return guestDiskView(props.vm, disks());
    } catch {
      return null;
    }
  });
  // Why there is no view, without repeating what the findings already say.
  const refusal = createMemo(() => {
    if (view()) return [];
    try {
      const r = guestLayout(props.vm, disks());
      if (r.ok) return [];
      // A reason the findings already give is shown next to its control and in the review.
      const shown = new Set(props.store.findings().map((f) => f.message));
      const unshown = r.errors.map((e) => e.message).filter((m) => !shown.has(m));
      return unshown.length > 0 ? unshown : ["fix the refusals listed for this VM first."];
    } catch {
      return ["The guest disk cannot be computed from this VM."];
    }
  });
  const deviceOf = (diskId: string) => disks().find((d) => d.id === diskId)?.device ?? diskId;
  const shortLabel = (s: GuestSegment) =>
    s.kind === "head"
      ? "H"
      : s.kind === "padding"
        ? "zeros"
        : s.kind === "tail"
          ? "tail"
          : String((s.range ?? 0) + 1);
  const segmentText = (s: GuestSegment) => {
    const where = `${s.sectors} sectors (${sectorsHuman(s.sectors)}) at guest sector ${s.virtualStart}`;
    if (s.kind === "head") return `Head file ${props.vm.head.file}: ${where}`;
    if (s.kind === "padding") return `Zero padding (reads zeros, writes are lost): ${where}`;
    if (s.kind === "tail") return `GPT tail file (backup table): ${where}`;
    const range = props.vm.ranges[s.range ?? 0];
    return `Range ${(s.range ?? 0) + 1}: ${deviceOf(range?.disk ?? "")} from sector ${range?.startSector ?? "?"}, ${where}`;
  };
  return (
    <div class="guest">
      <Show
        when={view()}
        fallback={
          <p class="message message-error" role="status">
            No guest disk yet: {refusal().join(" ")}
          </p>
        }
      >
        {(v) => (
          <>
            <p class="guest-total">
              <span>
                The guest sees{" "}
                {v().table === "none"
                  ? "a disk"
                  : `${v().table === "mbr" ? "an" : "a"} ${TABLE_NAME[v().table]} disk`}{" "}
                of
              </span>{" "}
              <strong class="mono">{grouped(v().totalSectors)}</strong> sectors (
              {sectorsHuman(v().totalSectors)}){" "}
              <CopyButton
                text={v().totalSectors.toString()}
                label={`Copy the guest disk size of ${props.vm.name} in sectors`}
              />
            </p>
            <ol class="guest-bar" aria-label={`What ${props.vm.name} sees, in order`}>
              <For each={v().segments.slice(0, BAR_PIECES)}>
                {(s) => (
                  <li
                    class={`g-${s.kind}`}
                    style={{
                      "flex-grow": String(ratio(s.sectors, v().totalSectors) * 1000 || 0.001),
                    }}
                    title={segmentText(s)}
                  >
                    <span aria-hidden="true">{shortLabel(s)}</span>
                    <span class="visually-hidden">{segmentText(s)}</span>
                  </li>
                )}
              </For>
              <Show when={v().segments.length > BAR_PIECES}>
                <li
                  class="g-more"
                  style={{
                    "flex-grow": String(
                      ratio(
                        v()
                          .segments.slice(BAR_PIECES)
                          .reduce((n, s) => n + s.sectors, 0n),
                        v().totalSectors,
                      ) * 1000 || 0.001,
                    ),
                  }}
                >
                  {v().segments.length - BAR_PIECES} more pieces
                </li>
              </Show>
            </ol>
            <Show when={v().table !== "none"}>
              {/* Focusable: the table may scroll sideways on a narrow screen. */}
              <div
                class="table-wrap"
                tabindex="0"
                role="region"
                aria-label={`Partitions ${props.vm.name} sees, scrollable`}
              >
                <table class="numbers guest-partitions stack-narrow">
                  <caption>
                    Partitions {props.vm.name} sees ({TABLE_NAME[v().table]})
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">Type</th>
                      <SectorColumnHeads />
                      <th scope="col">From</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={v().partitions}>
                      {(p) => (
                        <tr>
                          <td class="num" data-label="Partition">
                            {p.number}
                          </td>
                          <td data-label="Type">{p.typeLabel}</td>
                          <td class="num mono" data-label="Start" title={p.startLba.toString()}>
                            {grouped(p.startLba)}
                          </td>
                          <td class="num mono" data-label="Sectors" title={p.sectors.toString()}>
                            {grouped(p.sectors)}
                          </td>
                          <td class="num" data-label="Size">
                            {sectorsHuman(p.sectors)}
                          </td>
                          <td data-label="From">Range {p.range + 1}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}
