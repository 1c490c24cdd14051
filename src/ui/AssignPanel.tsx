import { createMemo, createSignal, createUniqueId, Index, Show } from "solid-js";
import type { AppStore, Target } from "../app/store.ts";
import { splitOnDisk, type DiskSegment } from "../lib/plan/ops.ts";
import type { PlanDisk } from "../lib/plan/types.ts";
import { createSyncedField, Field } from "./Field.tsx";
import { parseSectorsField } from "./sizeField.ts";
import { grouped, sectorsHuman } from "./format.ts";
import { segmentLongName } from "./segments.ts";
import { CopyButton } from "./CopyButton.tsx";
import { DOWNLOAD_BUTTON_ID } from "./placeIds.ts";
import { ownerBands } from "../lib/plan/bands.ts";
import { joinAnd } from "../lib/check/messages.ts";

const MAX_PARTS = 16;

const toTarget = (value: string): Target => (value === "new" ? "new" : Number(value));

/** A select of "New VM" and the plan's VMs. */
function TargetSelect(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  store: AppStore;
}) {
  const id = createUniqueId();
  return (
    <span class="field inline">
      <label for={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="new">New VM</option>
        <Index each={props.store.plan().vms}>
          {(vm, i) => <option value={String(i)}>{vm().name}</option>}
        </Index>
      </select>
    </span>
  );
}

/** What to do with the selected piece of the disk: give it whole, split it, or carve a range. */
export function AssignPanel(props: { disk: PlanDisk; segment: DiskSegment; store: AppStore }) {
  const headingId = createUniqueId();
  const vmCount = () => props.store.plan().vms.length;
  const validTarget = (v: string) => (v === "new" || Number(v) < vmCount() ? v : "new");

  // Whole
  const [wholeTarget, setWholeTarget] = createSignal("new");

  // Split
  const partsId = createUniqueId();
  const [partsText, setPartsText] = createSignal("2");
  const parts = createMemo(() => {
    const t = partsText().trim();
    if (!/^[0-9]+$/.test(t))
      return { ok: false as const, error: "A whole number of parts, 2 to 16." };
    const n = Number(t);
    if (n < 2 || n > MAX_PARTS)
      return { ok: false as const, error: `From 2 to ${MAX_PARTS} parts.` };
    return { ok: true as const, n };
  });
  const [splitTargets, setSplitTargets] = createSignal<string[]>([]);
  const targetOf = (i: number) => validTarget(splitTargets()[i] ?? "new");
  const partIndexes = createMemo(() => {
    const p = parts();
    return p.ok ? Array.from({ length: p.n }, (_, i) => i) : [];
  });
  const chosenTargets = () => partIndexes().map((i) => toTarget(targetOf(i)));
  const partsError = () => {
    const p = parts();
    return p.ok ? "" : p.error;
  };
  /** What the split will give, before it is done: part sizes, alignment, what is left over. */
  const preview = createMemo((): { text: string; error: boolean } => {
    const p = parts();
    if (!p.ok) return { text: "", error: false };
    const r = splitOnDisk(props.disk, props.segment.startSector, props.segment.sectors, p.n);
    if (!r.ok) return { text: r.error, error: true };
    const first = r.value.parts[0];
    if (!first) return { text: "", error: false };
    const size = `${grouped(first.sectors)} sectors (${sectorsHuman(first.sectors)})`;
    const aligned =
      r.value.alignment === 2048n ? "1 MiB aligned" : `aligned to ${r.value.alignment} sectors`;
    const rest = r.value.remainder ? ` Left to no VM: ${r.value.remainder.where}.` : "";
    return { text: `${p.n} parts of ${size}, ${aligned}.${rest}`, error: false };
  });

  // What the last split did, while its piece stays selected.
  const [splitDone, setSplitDone] = createSignal<{ start: bigint; text: string } | null>(null);
  const doneNow = () => {
    const d = splitDone();
    return d && d.start === props.segment.startSector ? d.text : null;
  };
  let reviewButton: HTMLButtonElement | undefined;
  const doneId = createUniqueId();

  // Custom
  // Prefilled with the selection; typing is kept until another piece is selected.
  const start = createSyncedField(parseSectorsField, () => props.segment.startSector.toString());
  const size = createSyncedField(parseSectorsField, () => props.segment.sectors.toString());
  const [customTarget, setCustomTarget] = createSignal("new");
  const customEnd = () => {
    const s = start.result();
    const n = size.result();
    return s.ok && n.ok ? s.value + n.value : null;
  };

  return (
    <section class="assign" aria-labelledby={headingId}>
      <h4 id={headingId}>{segmentLongName(props.disk, props.segment)}</h4>
      <p class="assign-facts">
        <span>
          start <span class="mono">{grouped(props.segment.startSector)}</span>{" "}
          <CopyButton text={props.segment.startSector.toString()} label="Copy start sector" />
        </span>
        <span>
          <span class="mono">{grouped(props.segment.sectors)}</span> sectors (
          {sectorsHuman(props.segment.sectors)}){" "}
          <CopyButton text={props.segment.sectors.toString()} label="Copy sector count" />
        </span>
      </p>

      <form
        class="assign-row"
        onSubmit={(e) => {
          e.preventDefault();
          props.store.actions.assignWhole(toTarget(validTarget(wholeTarget())));
        }}
      >
        <span class="assign-kind">Whole</span>
        <TargetSelect
          label="Give it to"
          value={validTarget(wholeTarget())}
          onChange={setWholeTarget}
          store={props.store}
        />
        <button type="submit">Assign whole</button>
      </form>

      <form
        class="assign-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (!parts().ok) return;
          const before = props.store.plan();
          props.store.actions.split(chosenTargets());
          if (props.store.plan() === before) return;
          const seg = props.segment;
          const plan = props.store.plan();
          const owners = new Set(
            ownerBands(plan, props.disk.id, seg.startSector, seg.sectors).map((b) => b.vm),
          );
          const names = [...owners].map((vm) => plan.vms[vm]?.name ?? `VM ${vm + 1}`);
          setSplitDone({ start: seg.startSector, text: `Split between ${joinAnd(names)}.` });
          // The next step is usually the review: the way there takes the focus, so a keyboard
          // user goes on with one key (Tab or Shift+Tab to stay on the disk).
          queueMicrotask(() => reviewButton?.focus());
        }}
      >
        <span class="assign-kind">Split</span>
        <span class="field inline">
          <label for={partsId}>Parts</label>
          <input
            id={partsId}
            class="narrow"
            type="number"
            min="2"
            max={MAX_PARTS}
            value={partsText()}
            aria-invalid={!parts().ok}
            aria-describedby={`${partsId}-e`}
            onInput={(e) => setPartsText(e.currentTarget.value)}
          />
        </span>
        <Index each={partIndexes()}>
          {(i) => (
            <TargetSelect
              label={`Part ${i() + 1} to`}
              value={targetOf(i())}
              onChange={(v) =>
                setSplitTargets((t) => {
                  const next = [...t];
                  next[i()] = v;
                  return next;
                })
              }
              store={props.store}
            />
          )}
        </Index>
        <button type="submit" disabled={!parts().ok}>
          Split
        </button>
        <span class="field-error" id={`${partsId}-e`}>
          {partsError()}
        </span>
        <p class="hint wide" classList={{ "field-error": preview().error }}>
          {preview().text}
        </p>
        <Show when={props.segment.kind === "partition"}>
          <p class="message message-warning wide split-data-warning">
            Splitting a partition gives each VM a piece of it: what the partition holds now will not
            be readable by any guest (each must create its own filesystem), and the host must never
            mount it again. Back up its contents first.
          </p>
        </Show>
      </form>
      <Show when={doneNow()}>
        <p class="message split-done">
          <span id={doneId} role="status">
            {doneNow()}
          </span>{" "}
          <button
            ref={reviewButton}
            type="button"
            class="small"
            aria-describedby={doneId}
            onClick={() => {
              const target = document.getElementById(DOWNLOAD_BUTTON_ID);
              target?.scrollIntoView({ block: "center" });
              target?.focus({ preventScroll: true });
            }}
          >
            Review and download
          </button>
        </p>
      </Show>

      <form
        class="assign-row"
        onSubmit={(e) => {
          e.preventDefault();
          const s = start.result();
          const n = size.result();
          if (!s.ok || !n.ok) return;
          props.store.actions.assignCustom(
            toTarget(validTarget(customTarget())),
            props.disk.id,
            s.value,
            n.value,
          );
        }}
      >
        <span class="assign-kind">Custom</span>
        <Field
          label="Start sector"
          field={start}
          class="inline"
          hint="sectors, or e.g. 60GiB"
          meaning={(v) => `byte ${grouped(v * 512n)}`}
        />
        <Field
          label="Size"
          field={size}
          class="inline"
          hint="sectors, or e.g. 30GiB, 512MiB"
          meaning={(v) => sectorsHuman(v)}
        />
        <TargetSelect
          label="Give it to"
          value={validTarget(customTarget())}
          onChange={setCustomTarget}
          store={props.store}
        />
        <button type="submit" disabled={!start.result().ok || !size.result().ok}>
          Add range
        </button>
        <Show when={customEnd() !== null}>
          <p class="hint wide">
            Ends before sector <span class="mono">{grouped(customEnd() ?? 0n)}</span>.
          </p>
        </Show>
      </form>
      <Show when={props.store.status()?.kind === "error"}>
        <p class="message message-error">{props.store.status()?.text}</p>
      </Show>
    </section>
  );
}
