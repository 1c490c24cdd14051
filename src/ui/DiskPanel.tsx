import { createMemo, createUniqueId, Show } from "solid-js";
import type { AppStore } from "../app/store.ts";
import { diskLayout, samePlanForDisk, type DiskSegment } from "../lib/plan/ops.ts";
import type { PlanDisk } from "../lib/plan/types.ts";
import { findingsForDisk, stretchFindingIndex } from "../lib/check/places.ts";
import { bytes, formatBytes, groupDigits } from "../lib/units.ts";
import { DiskMap } from "./DiskMap.tsx";
import { count } from "./format.ts";
import { SegmentTable } from "./SegmentTable.tsx";
import { AssignPanel } from "./AssignPanel.tsx";
import { FindingList } from "./FindingList.tsx";
import { createSyncedField, Field } from "./Field.tsx";
import { parseBytesField } from "./sizeField.ts";
import { diskFieldId, diskId } from "./placeIds.ts";

/** One disk of the plan: its device path and size, the map, the table, and the actions. */
export function DiskPanel(props: { disk: PlanDisk; store: AppStore }) {
  const headingId = createUniqueId();
  // The plan as this disk sees it: an edit that leaves the disk and the VMs on it as they were
  // (a VM added, a range elsewhere) keeps the previous plan here, so nothing below is worked
  // out or drawn again (docs/big-plans.md).
  const plan = createMemo(() => props.store.plan(), undefined, {
    equals: (a, b) => samePlanForDisk(a, b, props.disk.id),
  });
  const layout = createMemo<DiskSegment[]>(() => {
    try {
      return diskLayout(plan(), props.disk.id);
    } catch {
      return [];
    }
  });
  const findingsAt = createMemo(() =>
    stretchFindingIndex(props.store.findings(), plan(), props.disk.id),
  );
  const listed = createMemo(() => {
    const r = props.store.listing();
    return r?.ok ? r.disks.find((d) => (d.device ?? "") === props.disk.device) : undefined;
  });
  const inexact = () => props.disk.partitions.some((p) => p.exact === false);
  const selectedHere = () => {
    const s = props.store.selectedSegment();
    return s && s.disk === props.disk.id ? s.segment : null;
  };
  let assignRegion: HTMLDivElement | undefined;

  return (
    <article class="disk" id={diskId(props.disk.id)} tabindex="-1" aria-labelledby={headingId}>
      <header class="disk-head">
        <h3 id={headingId} class="device">
          {props.disk.device || "Unnamed disk"}
        </h3>
        <p class="muted">
          {props.disk.logicalSectorSize}-byte sectors
          {props.disk.tableType === "gpt"
            ? " · GPT"
            : props.disk.tableType === "dos"
              ? " · MBR (dos)"
              : ""}
          {" · "}
          {count(props.disk.partitions.length, "partition")}
          {props.disk.logicalSectorSize === 4096
            ? " · sectors below are 512-byte VMDK sectors (8 per disk sector)"
            : ""}
        </p>
      </header>
      <div class="disk-fields">
        <DeviceField disk={props.disk} store={props.store} />
        <Show
          when={listed()?.sizeBytes != null && props.disk.sizeBytes === listed()?.sizeBytes}
          fallback={
            <DiskSizeField
              disk={props.disk}
              store={props.store}
              lowerBound={listed()?.sizeLowerBoundBytes ?? null}
            />
          }
        >
          <p class="field">
            <span class="field-label">Disk size</span>
            <span class="mono">
              {groupDigits(props.disk.sizeBytes ?? 0n)} bytes (
              {formatBytes(props.disk.sizeBytes ?? 0n)})
            </span>
            <span class="hint">from the listing</span>
          </p>
        </Show>
      </div>
      <Show when={inexact()}>
        <label class="confirm">
          <input
            id={diskFieldId(props.disk.id, "exactConfirmed")}
            type="checkbox"
            checked={props.disk.exactConfirmed === true}
            onChange={(e) =>
              props.store.actions.updateDisk(props.disk.id, {
                exactConfirmed: e.currentTarget.checked,
              })
            }
          />
          I have checked these numbers are exact
          <span class="hint">
            {" "}
            (the listing for {props.disk.device || "this disk"} had rounded or cylinder-based
            values)
          </span>
        </label>
      </Show>
      <FindingList findings={findingsForDisk(props.store.findings(), props.disk.id)} />
      <DiskMap
        disk={props.disk}
        plan={plan()}
        segments={layout()}
        store={props.store}
        findingsAt={findingsAt()}
        onActivate={() =>
          assignRegion?.querySelector<HTMLElement>("form select, form input, form button")?.focus()
        }
      />
      <SegmentTable
        disk={props.disk}
        plan={plan()}
        segments={layout()}
        store={props.store}
        findingsAt={findingsAt()}
      />
      <div ref={assignRegion}>
        <Show
          when={selectedHere()}
          fallback={
            <p class="empty">
              Select a partition or free space on the map or in the table to assign it.
            </p>
          }
        >
          {(seg) => <AssignPanel disk={props.disk} segment={seg()} store={props.store} />}
        </Show>
      </div>
    </article>
  );
}

function DeviceField(props: { disk: PlanDisk; store: AppStore }) {
  const id = () => diskFieldId(props.disk.id, "device");
  return (
    <div class="field">
      <label for={id()}>Device path</label>
      <input
        id={id()}
        type="text"
        class="mono"
        spellcheck={false}
        autocomplete="off"
        value={props.disk.device}
        aria-describedby={`${id()}-hint`}
        onChange={(e) =>
          props.store.actions.updateDisk(props.disk.id, { device: e.currentTarget.value })
        }
      />
      <span class="hint" id={`${id()}-hint`}>
        Written into every descriptor as is
      </span>
    </div>
  );
}

function DiskSizeField(props: { disk: PlanDisk; store: AppStore; lowerBound: bigint | null }) {
  const field = createSyncedField(
    (text) => {
      const r = parseBytesField(text, props.disk.logicalSectorSize);
      if (!r.ok) return r;
      if (props.lowerBound !== null && r.value < props.lowerBound) {
        return {
          ok: false,
          error: `Smaller than the listed lower bound of ${props.lowerBound} bytes.`,
        };
      }
      return r;
    },
    () => props.disk.sizeBytes?.toString() ?? "",
  );
  const commit = () => {
    const r = field.result();
    if (field.text().trim() === "") {
      if (props.disk.sizeBytes !== null)
        props.store.actions.updateDisk(props.disk.id, { sizeBytes: null });
    } else if (r.ok && r.value !== props.disk.sizeBytes) {
      props.store.actions.updateDisk(props.disk.id, { sizeBytes: bytes(r.value) });
    }
  };
  return (
    <Field
      id={diskFieldId(props.disk.id, "sizeBytes")}
      label="Disk size in bytes"
      field={field}
      quietWhenEmpty
      inputMode="numeric"
      onCommit={commit}
      meaning={(v) => `${formatBytes(v)}`}
      hint={
        <>
          Optional: the exact size lets the checks catch ranges past the end.
          {props.lowerBound !== null
            ? ` wmic diskdrive gave ${props.lowerBound} bytes, which is only a lower bound.`
            : " wmic diskdrive Size is only a lower bound; use Get-Disk or fdisk -l."}
        </>
      }
    />
  );
}
