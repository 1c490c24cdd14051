import { createMemo, createSignal, For, Show } from "solid-js";
import { createShown, ShowMore } from "./ShowMore.tsx";
import type { AppStore } from "../app/store.ts";
import type { Target } from "../lib/plan/types.ts";
import { targetAdvice, type TargetAdvice } from "../lib/targets/advice.ts";

const NAMES: Record<Target, string> = {
  virtualbox: "VirtualBox",
  qemu: "QEMU",
  libvirt: "libvirt",
  dm: "device-mapper",
};

interface VmAdvice {
  name: string;
  chosen: readonly Target[];
  advice: TargetAdvice[];
}

/**
 * Which output suits which host, per VM (docs/targets.md): where each runs, how the disk reaches
 * the guest, and the sector size the guest sees, with the VM's chosen outputs marked.
 */
export function TargetAdviceList(props: { store: AppStore }) {
  // Worked out and drawn only while open, and a page of VMs at a time: a plan may hold 256.
  const [open, setOpen] = createSignal(false);
  const shown = createShown(() => props.store.plan().vms.length, { page: 24 });
  const rows = createMemo((): VmAdvice[] => {
    if (!open()) return [];
    const plan = props.store.plan();
    return plan.vms.slice(0, shown.count()).flatMap((vm) => {
      const result = targetAdvice(vm, plan.disks);
      if (!result.ok) return [];
      return [{ name: vm.name, chosen: vm.targets ?? ["virtualbox"], advice: result.advice }];
    });
  });
  return (
    <Show when={props.store.plan().vms.length > 0}>
      <details class="target-advice" onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>Which hypervisor's files suit which host</summary>
        <For each={rows()}>
          {(row) => (
            <table>
              <caption>{row.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Files</th>
                  <th scope="col">Runs on</th>
                  <th scope="col">How the guest gets the disk</th>
                  <th scope="col">Guest sector</th>
                </tr>
              </thead>
              <tbody>
                <For each={row.advice}>
                  {(a) => (
                    <tr classList={{ chosen: row.chosen.includes(a.target) }}>
                      <th scope="row">
                        {NAMES[a.target]}
                        {row.chosen.includes(a.target) ? " (chosen)" : ""}
                      </th>
                      <td>{a.host}</td>
                      <td>{a.refused ? `Not possible as planned: ${a.refused}` : a.how}</td>
                      <td class="num">{a.refused ? "–" : `${a.guestSectorBytes} bytes`}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          )}
        </For>
        <ShowMore shown={shown} noun="VMs" />
      </details>
    </Show>
  );
}
