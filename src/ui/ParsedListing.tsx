import { createMemo, For, Show } from "solid-js";
import type { ListingDisk, ListingResult } from "../lib/listing/index.ts";
import { FORMAT_TITLES } from "../lib/listing/types.ts";
import { formatBytes, groupDigits } from "../lib/units.ts";
import type { AppStore } from "../app/store.ts";
import { count } from "./format.ts";
import { diskFromListing } from "../lib/plan/fromListing.ts";
import { nextDiskId, planDiskFor } from "../lib/plan/pickDisks.ts";
import { SectorColumnHeads } from "./SectorColumnHeads.tsx";

/** The disks and partitions a listing describes, with exact sectors and human sizes. */
export function ParsedListing(props: { result: ListingResult; store: AppStore }) {
  return (
    <div class="parsed">
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
              {(disk, i) => <ParsedDisk disk={disk} index={i()} store={props.store} />}
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
            <For each={props.result.notes}>
              {(n) => (
                <li>
                  <span class="muted">line {n.line}:</span> {n.text}
                </li>
              )}
            </For>
          </ul>
        </details>
      </Show>
    </div>
  );
}

function ParsedDisk(props: { disk: ListingDisk; index: number; store: AppStore }) {
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
  const divisor = () => BigInt(sectorSize() ?? 512);
  const inexact = () => props.disk.partitions.some((p) => !p.exact);
  return (
    <details class="parsed-disk" open={!planDisk()}>
      <summary>
        <span class="device">{name()}</span>
        <span class="muted">
          {" "}
          · {count(props.disk.partitions.length, "partition")} ·{" "}
          {sectorSize() === null
            ? "512-byte sectors assumed (not listed)"
            : `${sectorSize()}-byte sectors`}
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
              <For each={props.disk.partitions}>
                {(p) => (
                  <tr classList={{ inexact: !p.exact }}>
                    <td class="num">{p.number ?? "—"}</td>
                    <td>
                      {p.label}
                      <Show when={p.type}>
                        <span class="muted"> · {p.type}</span>
                      </Show>
                    </td>
                    <td class="num" data-label="Start">
                      {p.startByte === null ? <Unknown /> : groupDigits(p.startByte / divisor())}
                    </td>
                    <td class="num" data-label="Sectors">
                      {p.sizeBytes === null ? <Unknown /> : groupDigits(p.sizeBytes / divisor())}
                    </td>
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
      </Show>
      <Show when={notes().length > 0}>
        <ul class="plan-notes">
          <For each={notes()}>{(n) => <li>{n}</li>}</For>
        </ul>
      </Show>
      <div class="row">
        <Show when={refusal() === null} fallback={<p class="message message-error">{refusal()}</p>}>
          <Show
            when={planDisk()}
            fallback={
              <button type="button" onClick={() => props.store.actions.addListingDisk(props.index)}>
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
    </details>
  );
}

function Unknown() {
  return <abbr title="The listing does not give this value exactly">?</abbr>;
}
