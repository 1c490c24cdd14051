import { For, Show } from "solid-js";
import type { AppStore } from "../app/store.ts";
import { VmCard } from "./VmCard.tsx";
import { createShown, laterOf, revealedVm, ShowMore } from "./ShowMore.tsx";

/** VM cards drawn at once; a plan may hold 256 VMs. */
const VMS_PER_PAGE = 16;

export function VmsStep(props: { store: AppStore }) {
  const vms = () => props.store.plan().vms;
  const shown = createShown(() => vms().length, {
    page: VMS_PER_PAGE,
    gradual: 4,
    reach: "alone",
    mustShow: () => {
      const sel = props.store.selection();
      const selected = sel?.kind === "vm" || sel?.kind === "range" ? sel.vm : null;
      // "Add a VM" selects the new VM, so its card is shown.
      return laterOf(selected, revealedVm());
    },
  });
  return (
    <>
      <Show
        when={vms().length > 0}
        fallback={
          <p class="empty">
            No virtual machine yet. Assign a partition or free space on the map, or add one here.
          </p>
        }
      >
        <div class="vm-grid">
          <For each={shown.indexes()}>
            {(i) => (
              <Show when={vms()[i]}>
                {(vm) => <VmCard vm={vm()} index={i} store={props.store} />}
              </Show>
            )}
          </For>
        </div>
        <ShowMore shown={shown} noun="VMs" />
      </Show>
      <div class="row">
        <button type="button" onClick={() => props.store.actions.addVm()}>
          Add a VM
        </button>
      </div>
    </>
  );
}
