import { createMemo, createSignal, For, Show, untrack } from "solid-js";
import type { ListingDisk, ListingResult } from "../lib/listing/index.ts";
import { FORMAT_TITLES } from "../lib/listing/types.ts";
import { formatBytes, groupDigits } from "../lib/units.ts";
import type { AppStore } from "../app/store.ts";
import { count } from "./format.ts";
import { diskFromListing } from "../lib/plan/fromListing.ts";
import { nextDiskId, planDiskFor } from "../lib/plan/pickDisks.ts";
import { SectorColumnHeads } from "./SectorColumnHeads.tsx";
import { hostUseText } from "./segments.ts";
import { createPaging, Pager, PAGE_ROWS } from "./Pager.tsx";

/**
 * Rows the listing shows before the reader opens anything: disks start open (when not yet in
 * the plan) while their first pages fit in this, so a listing of 100 disks draws a few.
 */
const OPEN_ROWS = 4 * PAGE_ROWS;
/** Parser notes listed; the rest are counted. */
const NOTES_SHOWN = 200;

/** The disks and partitions a listing describes, with exact sectors and human sizes. */
export function ParsedListing(props: { result: ListingResult; store: AppStore }) {
  /** For each disk, whether it may start open: the first pages of the disks up to it fit. */
  const roomToOpen = createMemo(() => {
    let rows = 0;
    return (props.result.ok ? props.result.disks : []).map((d) => {
      rows += Math.max(1, Math.min(d.partitions.length, PAGE_ROWS));
      return rows <= OPEN_ROWS;
    });
  });
  const important = createMemo(() => props.result.notes.filter((n) => n.important));
  return (
    <div class="parsed">
      {/* What changes how the numbers were read is shown, not folded away with the rest. */}
      <For each={important()}>
        {(n) => (
          <p role="note" class="message message-warning">
            {n.text}
          </p>
        )}
      </For>
      <Show
        when={props.result.ok ? props.result : null}
        fallback={
          <p role="alert" class="message message-error">
            {props.result.ok ? "" : props.result.error}
          </p>
        }
      >
        {(r) => (
          <>
            <p class="detected">
              Detected: <strong>{FORMAT_TITLES[r().format]}</strong> ·{" "}
              {r().disks.length === 1 ? "1 disk" : `${r().disks.length} disks`}
              <Show when={r().disks.length > 1}> — choose the disks your plan uses</Show>
            </p>
            <For each={r().disks}>
              {(disk, i) => (
                <ParsedDisk
                  disk={disk}
                  index={i()}
                  store={props.store}
                  roomToOpen={roomToOpen()[i()] ?? false}
                />
              )}
            </For>
          </>
        )}
      </Show>
      <Show when={props.result.notes.length > 0}>
        <details class="notes">
          <summary>
            {props.result.notes.length === 1
              ? "1 note from the parser"
              : `${props.result.notes.length} notes from the parser`}
          </summary>
          <ul>
            <For each={props.result.notes.slice(0, NOTES_SHOWN)}>
              {(n) => (
                <li>
                  <span class="muted">line {n.line}:</span> {n.text}
                </li>
              )}
            </For>
          </ul>
          <Show when={props.result.notes.length > NOTES_SHOWN}>
            <p class="hint">
              and {groupDigits(BigInt(props.result.notes.length - NOTES_SHOWN))} more, from line{" "}
              {props.result.notes[NOTES_SHOWN]?.line} on.
            </p>
          </Show>
        </details>
      </Show>
    </div>
  );
}

function ParsedDisk(props: {
  disk: ListingDisk;
  index: number;
  store: AppStore;
  roomToOpen: boolean;
}) {
  const name = () => props.disk.device ?? `Disk ${props.index + 1} (unnamed)`;
  const planDisk = () => {
    const r = props.store.listing();
    return r ? planDiskFor(props.store.plan(), r, props.index) : null;
  };
  /** What planning this disk would say: refused (and why), or the notes to read first. */
  const conversion = createMemo(() =>
    diskFromListing(props.disk, planDisk()?.id ?? nextDiskId(props.store.plan().disks)),
  );
  const notes = () => {
    const c = conversion();
    return c.ok ? c.notes.map((n) => n.text) : [];
  };
  const refusal = () => {
    const c = conversion();
    return c.ok ? null : c.error;
  };
  const sectorSize = () => props.disk.logicalSectorSize;
  const answered = () => props.store.sectorSizes()[props.index];
  const divisor = () => BigInt(sectorSize() ?? 512);
  const inexact = () => props.disk.partitions.some((p) => !p.exact);
  const startsOpen = () => !planDisk() && props.roomToOpen;
  // A closed disk draws only its summary: its rows appear when it is opened.
  const [open, setOpen] = createSignal(untrack(startsOpen));
  const paging = createPaging(() => props.disk.partitions);
  return (
    <details
      class="parsed-disk"
      open={startsOpen()}
      on:toggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>
        <span class="device">{name()}</span>
        <span class="muted">
          {" "}
          · {count(props.disk.partitions.length, "partition")} ·{" "}
          {sectorSize() !== null
            ? `${sectorSize()}-byte sectors`
            : props.disk.sectorSizeUnknown
              ? "sector size not listed: asked below"
              : "512-byte sectors assumed (not listed)"}
          {" · "}
          {props.disk.sizeBytes !== null
            ? formatBytes(props.disk.sizeBytes)
            : props.disk.sizeLowerBoundBytes != null
              ? `at least ${formatBytes(props.disk.sizeLowerBoundBytes)}`
              : "size not listed"}
        </span>
        <Show when={inexact()}>
          <span class="badge badge-warn">inexact values</span>
        </Show>
        <Show when={planDisk()}>
          <span class="badge">in the plan</span>
        </Show>
      </summary>
      <Show when={open()}>
        <Show when={props.disk.sectorSizeUnknown || answered() !== undefined}>
          <SectorSizeQuestion
            index={props.index}
            name={name()}
            answer={answered()}
            onAnswer={(size) => props.store.actions.setListingSectorSize(props.index, size)}
          />
        </Show>
        <Show
          when={props.disk.partitions.length > 0}
          fallback={<p class="empty">No partitions listed.</p>}
        >
          <div class="table-wrap">
            <table class="numbers stack-narrow">
              <caption class="visually-hidden">Partitions listed for {name()}</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Name</th>
                  <SectorColumnHeads />
                </tr>
              </thead>
              <tbody>
                <For each={paging.rows()}>
                  {(p) => (
                    <tr classList={{ inexact: !p.exact }}>
                      <td class="num">{p.number ?? "—"}</td>
                      <td>
                        {p.label}
                        <Show when={p.type}>
                          <span class="muted"> · {p.type}</span>
                        </Show>
                        <Show when={hostUseText(p)}>
                          {(use) => <span class="muted"> · {use()}</span>}
                        </Show>
                      </td>
                      <SectorsCell
                        label="Start"
                        bytes={p.startByte}
                        sectors={p.startSector}
                        divisor={divisor()}
                      />
                      <SectorsCell
                        label="Sectors"
                        bytes={p.sizeBytes}
                        sectors={p.sizeSectors}
                        divisor={divisor()}
                      />
                      <td class="num" data-label="Size">
                        {p.sizeBytes === null ? <Unknown /> : formatBytes(p.sizeBytes)}
                        <Show when={!p.exact}>
                          <span class="badge badge-warn">inexact</span>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
          <Pager paging={paging} noun="Partitions" label={`Pages of the partitions of ${name()}`} />
        </Show>
        <Show when={notes().length > 0}>
          <ul class="plan-notes">
            <For each={notes()}>{(n) => <li>{n}</li>}</For>
          </ul>
        </Show>
        <div class="row">
          <Show
            when={refusal() === null}
            fallback={<p class="message message-error">{refusal()}</p>}
          >
            <Show
              when={planDisk()}
              fallback={
                <button
                  type="button"
                  onClick={() => props.store.actions.addListingDisk(props.index)}
                >
                  Use {name()} in the plan
                </button>
              }
            >
              {(d) => (
                <button
                  type="button"
                  class="quiet"
                  onClick={() => props.store.actions.removeDisk(d().id)}
                >
                  Remove {name()} from the plan
                </button>
              )}
            </Show>
          </Show>
        </div>
      </Show>
    </details>
  );
}

/**
 * "512 or 4096 bytes per sector?" for a disk whose listing counts in sectors without saying
 * how big they are. Until it is answered the disk cannot be planned.
 */
function SectorSizeQuestion(props: {
  index: number;
  name: string;
  answer: 512 | 4096 | undefined;
  onAnswer: (size: 512 | 4096) => void;
}) {
  return (
    <fieldset class="sector-size-question">
      <legend>How many bytes per sector does {props.name} have?</legend>
      <p class="hint">
        The listing counts in sectors but does not say their size, so no byte offset is known yet.
        Find out on the machine with the disk: Linux{" "}
        <code>cat /sys/block/sdX/queue/logical_block_size</code>; Windows PowerShell{" "}
        <code>Get-Disk | Format-Table Number,LogicalSectorSize</code>; macOS{" "}
        <code>diskutil info diskN</code> (Device Block Size); FreeBSD <code>diskinfo -v adaN</code>{" "}
        (sectorsize). Most disks have 512; a disk with 4096 puts every offset 8 times further in.
      </p>
      <div class="row">
        <For each={[512, 4096] as const}>
          {(size) => (
            <label>
              <input
                type="radio"
                name={`sector-size-${props.index}`}
                value={size}
                checked={props.answer === size}
                onChange={() => props.onAnswer(size)}
              />{" "}
              {size} bytes
            </label>
          )}
        </For>
      </div>
    </fieldset>
  );
}

/** A sector number: from exact bytes, else as the listing counted it, else unknown. */
function SectorsCell(props: {
  label: string;
  bytes: bigint | null;
  sectors: bigint | undefined;
  divisor: bigint;
}) {
  return (
    <td class="num" data-label={props.label}>
      {props.bytes !== null ? (
        groupDigits(props.bytes / props.divisor)
      ) : props.sectors !== undefined ? (
        groupDigits(props.sectors)
      ) : (
        <Unknown />
      )}
    </td>
  );
}

function Unknown() {
  return <abbr title="The listing does not give this value exactly">?</abbr>;
}
