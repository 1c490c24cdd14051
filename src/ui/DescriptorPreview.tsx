import { createMemo, createSignal, Show } from "solid-js";
import type { AppStore } from "../app/store.ts";
import type { PlanVm } from "../lib/plan/types.ts";
import { writeDescriptor } from "../lib/vmdk/descriptor.ts";
import { copyText, randomUuid } from "../app/clipboard.ts";

// A stand-in shown until the VM has its UUID; never copied (copying assigns the real one).
const PLACEHOLDER_UUID = "ffffffff-ffff-4fff-bfff-ffffffffffff";
const PLACEHOLDER_TEXT = "(assigned on first copy or download)";

/** The VM's descriptor as it will be in the zip, to read and to copy. */
export function DescriptorPreview(props: { vm: PlanVm; index: number; store: AppStore }) {
  const [open, setOpen] = createSignal(false);
  const [copied, setCopied] = createSignal(false);
  const result = createMemo(() => {
    if (!open()) return null;
    return writeDescriptor(props.vm, props.store.plan().disks, { uuid: PLACEHOLDER_UUID });
  });
  const shown = () => {
    const r = result();
    if (!r) return "";
    return r.ok ? r.text.replace(PLACEHOLDER_UUID, PLACEHOLDER_TEXT) : "";
  };
  const copy = async () => {
    let vm = props.vm;
    if (vm.uuid === null) {
      props.store.actions.assignUuid(props.index, randomUuid());
      vm = props.store.plan().vms[props.index] ?? vm;
    }
    const r = writeDescriptor(vm, props.store.plan().disks);
    if (!r.ok) return;
    if (await copyText(r.text)) {
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    }
  };
  return (
    <details class="descriptor" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Descriptor of {props.vm.name}</summary>
      <Show
        when={result()?.ok}
        fallback={
          <p class="message message-error">
            {(() => {
              const r = result();
              return r && !r.ok ? `No descriptor yet: ${r.error}` : "";
            })()}
          </p>
        }
      >
        <pre class="descriptor-text" tabindex="0" aria-label={`Descriptor of ${props.vm.name}`}>
          {shown()}
        </pre>
        <button type="button" class="small" onClick={() => void copy()}>
          {copied() ? "Copied" : `Copy the descriptor of ${props.vm.name}`}
        </button>
      </Show>
    </details>
  );
}
