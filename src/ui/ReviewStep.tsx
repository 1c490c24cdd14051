import { createMemo, createSignal, createUniqueId, For, Show } from "solid-js";
import type { AppStore, Selection } from "../app/store.ts";
import type { Finding, FindingTarget } from "../lib/plan/findings.ts";
import type { Plan } from "../lib/plan/types.ts";
import { diskLayout } from "../lib/plan/ops.ts";
import { TargetAdviceList } from "./TargetAdvice.tsx";
import { segmentId } from "./segments.ts";
import { diskFieldId, DOWNLOAD_BUTTON_ID, PLAN_NAME_ID, rangeId, vmFieldId } from "./placeIds.ts";
import { downloadZip } from "../app/download.ts";
import { WarningAck } from "./WarningAck.tsx";
import { FindingItem } from "./FindingList.tsx";
import { preparationLines } from "../lib/zip/readme.ts";
import { DistinctDisksFix } from "./DistinctDisksFix.tsx";
import { reveal } from "./ShowMore.tsx";

const FIELD_WORDS: Record<string, string> = {
  name: "name",
  "head.file": "head file",
  "head.sectors": "head size",
  adapterType: "adapter",
  device: "device path",
  sizeBytes: "size",
  exactConfirmed: "confirmation",
};

/** Where a finding's target lives on the page, and what selecting it means. */
function locate(
  store: AppStore,
  t: FindingTarget,
): { label: string; elementId: string; selection: Selection | null } | null {
  const plan = store.plan();
  const fieldWord = t.field === undefined ? undefined : FIELD_WORDS[t.field];
  if (t.vm !== undefined) {
    const vm = plan.vms[t.vm];
    if (!vm) return null;
    if (t.range !== undefined) {
      return {
        label: `range ${t.range + 1} of ${vm.name}`,
        elementId: rangeId(t.vm, t.range),
        selection: { kind: "range", vm: t.vm, range: t.range },
      };
    }
    return {
      label: fieldWord ? `the ${fieldWord} of ${vm.name}` : vm.name,
      elementId: vmFieldId(t.vm, t.field),
      selection: { kind: "vm", vm: t.vm },
    };
  }
  if (t.disk !== undefined) {
    const disk = plan.disks.find((d) => d.id === t.disk);
    if (!disk) return null;
    const name = disk.device || "the disk";
    if (t.partition !== undefined) {
      let seg;
      try {
        seg = diskLayout(plan, disk.id).find(
          (s) => s.kind === "partition" && s.partition === t.partition,
        );
      } catch {
        seg = undefined;
      }
      if (seg) {
        const p = disk.partitions[t.partition];
        return {
          label: p?.label ?? `partition ${t.partition + 1}`,
          elementId: segmentId(disk.id, seg),
          selection: { kind: "segment", disk: disk.id, startSector: seg.startSector },
        };
      }
    }
    return {
      label: fieldWord ? `the ${fieldWord} of ${name}` : name,
      elementId: diskFieldId(disk.id, t.field),
      selection: { kind: "disk", disk: disk.id },
    };
  }
  if (t.field === "name") {
    return { label: "the plan name", elementId: PLAN_NAME_ID, selection: null };
  }
  return null;
}

const MAX_PLACE_LINKS = 5;

function FindingLinks(props: { finding: Finding; store: AppStore }) {
  const places = createMemo(() =>
    props.finding.targets.flatMap((t) => {
      const l = locate(props.store, t);
      return l ? [l] : [];
    }),
  );
  const go = (p: { elementId: string; selection: Selection | null }) => {
    if (p.selection) props.store.actions.select(p.selection);
    reveal(p.elementId);
    const el = document.getElementById(p.elementId);
    // A field folded away in a disclosure (a VM's guest options) is unfolded to be shown.
    for (let d = el?.closest("details"); d; d = d.parentElement?.closest("details")) d.open = true;
    el?.scrollIntoView({ block: "center", behavior: "smooth" });
    el?.focus({ preventScroll: true });
  };
  // A finding may concern thousands of ranges: a few links, and how many more there are.
  return (
    <>
      <For each={places().slice(0, MAX_PLACE_LINKS)}>
        {(p) => (
          <button type="button" class="link small" onClick={() => go(p)}>
            Show {p.label}
          </button>
        )}
      </For>
      <Show when={places().length > MAX_PLACE_LINKS}>
        <span class="muted small"> and {places().length - MAX_PLACE_LINKS} more</span>
      </Show>
    </>
  );
}

/** Every finding in one list (each links to what it concerns), the plan name, and the download. */
export function ReviewStep(props: { store: AppStore }) {
  const reasonId = createUniqueId();
  const nameId = PLAN_NAME_ID;
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<string | null>(null);
  // What was saved, and from which plan: the message goes away when the plan changes.
  const [saved, setSaved] = createSignal<{ fileName: string; plan: Plan } | null>(null);
  const savedNow = () => {
    const s = saved();
    return s && s.plan === props.store.plan() ? s.fileName : null;
  };
  const errors = () => props.store.findings().filter((f) => f.severity === "error");
  const warnings = () => props.store.findings().filter((f) => f.severity === "warning");
  const hasRanges = () => props.store.plan().vms.some((vm) => vm.ranges.length > 0);
  const reason = () => {
    if (!hasRanges()) return "Nothing to download yet: give at least one range to a VM.";
    if (props.store.checking())
      return "Checking the plan… The download waits until the safety checks of this plan have answered.";
    const n = errors().length;
    if (n > 0)
      return `Download is blocked until ${n === 1 ? "the error" : `the ${n} errors`} above ${n === 1 ? "is" : "are"} fixed.`;
    const vms = props.store.plan().vms.length;
    const w = unconfirmed().length;
    const ask =
      w > 0
        ? ` You will be asked to confirm the ${w === 1 ? "warning" : `${w} warnings`} first.`
        : warnings().length > 0
          ? " Its warnings are confirmed."
          : "";
    return `Ready: ${vms === 1 ? "one VM, in its own folder" : `${vms} VMs, each in its own folder`} with its descriptor and head file.${ask}`;
  };
  const ready = () => hasRanges() && !props.store.checking() && errors().length === 0;
  // The plan whose warnings the user is being asked to acknowledge. Any change to the plan
  // closes the question (its warnings may differ now); an error closes it for good.
  const [asking, setAsking] = createSignal<Plan | null>(null);
  // Warnings confirmed once are not asked about again while they read the same: a change that
  // concerns a warning changes its text (its numbers, its VMs), and a new warning is asked about.
  const [confirmed, setConfirmed] = createSignal<ReadonlySet<string>>(new Set());
  const warningKey = (f: Finding) => `${f.code}\n${f.message}`;
  const unconfirmed = () => warnings().filter((f) => !confirmed().has(warningKey(f)));
  let downloadButton: HTMLButtonElement | undefined;
  const askingNow = () =>
    ready() && warnings().length > 0 && asking() !== null && asking() === props.store.plan();
  const requestDownload = () => {
    if (!ready()) return;
    if (unconfirmed().length > 0) setAsking(props.store.plan());
    else void download();
  };
  const download = async () => {
    setAsking(null);
    setBusy(true);
    setFailure(null);
    setSaved(null);
    const r = await downloadZip(props.store);
    setBusy(false);
    if (r.ok) setSaved({ fileName: r.fileName, plan: props.store.plan() });
    else setFailure(r.error);
  };

  return (
    <>
      <Show
        when={props.store.plan().vms.length > 0 || errors().length > 0}
        fallback={<p class="empty">Problems with the plan are listed here once it has a VM.</p>}
      >
        <Show when={props.store.checking()}>
          <p class="summary-counts" role="status">
            Checking the plan…
          </p>
        </Show>
        <p class="summary-counts" hidden={props.store.checking()}>
          <span classList={{ "count-error": errors().length > 0 }}>
            <span aria-hidden="true">✖ </span>
            {errors().length} {errors().length === 1 ? "error" : "errors"}
          </span>
          <span classList={{ "count-warning": warnings().length > 0 }}>
            <span aria-hidden="true">⚠ </span>
            {warnings().length} {warnings().length === 1 ? "warning" : "warnings"}
          </span>
        </p>
        <Show when={props.store.findings().length > 0}>
          <ul class="findings summary">
            <For each={[...errors(), ...warnings()]}>
              {(f) => (
                <FindingItem finding={f}>
                  {" "}
                  <DistinctDisksFix finding={f} store={props.store} />{" "}
                  <FindingLinks finding={f} store={props.store} />
                </FindingItem>
              )}
            </For>
          </ul>
        </Show>
      </Show>
      <HostPreparation store={props.store} />
      <TargetAdviceList store={props.store} />
      <div class="download">
        <div class="field">
          <label for={nameId}>Plan name</label>
          <input
            id={nameId}
            type="text"
            spellcheck={false}
            autocomplete="off"
            value={props.store.plan().name}
            aria-describedby={`${nameId}-h`}
            onChange={(e) => props.store.actions.setPlanName(e.currentTarget.value)}
          />
          <span class="hint" id={`${nameId}-h`}>
            The zip is saved as <span class="mono">{props.store.plan().name || "plan"}.zip</span>
          </span>
        </div>
        <div class="download-action">
          <button
            ref={downloadButton}
            id={DOWNLOAD_BUTTON_ID}
            type="button"
            class="primary"
            disabled={busy() || !ready()}
            aria-describedby={reasonId}
            onClick={requestDownload}
          >
            Download zip
          </button>
          <p
            id={reasonId}
            class="download-reason"
            classList={{ "field-error": errors().length > 0 }}
            aria-live="polite"
          >
            {busy()
              ? "Building the zip…"
              : (failure() ?? (savedNow() ? `Saved ${savedNow()}. ${reason()}` : reason()))}
          </p>
          <Show when={askingNow()}>
            <WarningAck
              warnings={warnings()}
              onConfirm={() => {
                setConfirmed(new Set([...confirmed(), ...warnings().map(warningKey)]));
                downloadButton?.focus();
                void download();
              }}
              onCancel={() => {
                setAsking(null);
                downloadButton?.focus();
              }}
            />
          </Show>
        </div>
      </div>
    </>
  );
}

/**
 * What to do on the host before a VM uses its disk, per device and mapped partition: the same
 * steps README.txt gives (preparationLines), shown before the download.
 */
function HostPreparation(props: { store: AppStore }) {
  // Written out only while open: a plan of thousands of ranges would redo it on every change.
  const [open, setOpen] = createSignal(false);
  // preparationLines writes a section for every device a range lies on (never an empty one).
  const any = createMemo(() => {
    const plan = props.store.plan();
    const devices = new Map(plan.disks.map((d) => [d.id, d.device]));
    return plan.vms.some((vm) => vm.ranges.some((r) => (devices.get(r.disk) ?? "") !== ""));
  });
  const lines = createMemo(() => {
    if (!open()) return [];
    try {
      return preparationLines(props.store.plan());
    } catch {
      return [];
    }
  });
  return (
    <Show when={any()}>
      <details class="host-prep" onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>Prepare the host before the VM starts</summary>
        <ul>
          <For each={lines()}>
            {(line) => <li classList={{ sub: /^\s{4}/.test(line) }}>{line.trim()}</li>}
          </For>
        </ul>
      </details>
    </Show>
  );
}
