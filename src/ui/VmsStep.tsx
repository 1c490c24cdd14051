import { Index, Show } from "solid-js";
import type { AppStore } from "../app/store.ts";
import { VmCard } from "./VmCard.tsx";

export function VmsStep(props: { store: AppStore }) {
  return (
    <>
      <Show
        when={props.store.plan().vms.length > 0}
        fallback={
          <p class="empty">
            No virtual machine yet. Assign a partition or free space on the map, or add one here.
          </p>
        }
      >
        <div class="vm-grid">
          <Index each={props.store.plan().vms}>
            {(vm, i) => <VmCard vm={vm()} index={i} store={props.store} />}
          </Index>
        </div>
      </Show>
      <div class="row">
        <button type="button" onClick={() => props.store.actions.addVm()}>
          Add a VM
        </button>
      </div>
    </>
  );
}
