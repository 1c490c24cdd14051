import { createMemo, For, Show } from "solid-js";
import type { AppStore } from "../app/store.ts";
import { guestView, type GuestView as GuestViewData } from "../lib/plan/ops.ts";
import type { PlanVm } from "../lib/plan/types.ts";
import { ratio } from "../lib/plan/bands.ts";
import { grouped, sectorsHuman } from "./format.ts";
import { CopyButton } from "./CopyButton.tsx";

/** The VM's own disk as the guest sees it: the head file, then each range, in order. */
export function GuestView(props: { vm: PlanVm; index: number; store: AppStore }) {
  const view = createMemo<GuestViewData | null>(() => {
    try {
      return guestView(props.vm);
    } catch {
      return null;
    }
  });
  const deviceOf = (diskId: string) =>
    props.store.plan().disks.find((d) => d.id === diskId)?.device ?? diskId;
  return (
    <Show when={view()}>
      {(v) => (
        <div class="guest">
          <p class="guest-total">
            <span>The guest sees a disk of</span>{" "}
            <strong class="mono">{grouped(v().totalSectors)}</strong> sectors (
            {sectorsHuman(v().totalSectors)}){" "}
            <CopyButton
              text={v().totalSectors.toString()}
              label={`Copy the guest disk size of ${props.vm.name} in sectors`}
            />
          </p>
          <ol class="guest-bar" aria-label={`What ${props.vm.name} sees, in order`}>
            <For each={v().segments}>
              {(s) => {
                const range = () => (s.range === undefined ? undefined : props.vm.ranges[s.range]);
                const text = () =>
                  s.kind === "head"
                    ? `Head file ${props.vm.head.file}: ${s.sectors} sectors (${sectorsHuman(s.sectors)}) at guest sector ${s.virtualStart}`
                    : `Range ${(s.range ?? 0) + 1}: ${deviceOf(range()?.disk ?? "")} from sector ${range()?.startSector ?? "?"}, ${s.sectors} sectors (${sectorsHuman(s.sectors)}) at guest sector ${s.virtualStart}`;
                return (
                  <li
                    class={s.kind === "head" ? "g-head" : "g-range"}
                    style={{
                      "flex-grow": String(ratio(s.sectors, v().totalSectors) * 1000 || 0.001),
                    }}
                    title={text()}
                  >
                    <span aria-hidden="true">{s.kind === "head" ? "H" : (s.range ?? 0) + 1}</span>
                    <span class="visually-hidden">{text()}</span>
                  </li>
                );
              }}
            </For>
          </ol>
        </div>
      )}
    </Show>
  );
}
