import { For, Show } from "solid-js";
import type { ListingResult } from "../lib/listing/index.ts";
import { formatBytes, groupDigits } from "../lib/units.ts";

/** The disks and partitions a listing describes, with exact sectors and human sizes. */
export function ParsedListing(props: { result: ListingResult }) {
  return (
    <div class="parsed">
      <Show
        when={props.result.ok ? props.result : null}
        fallback={
          <p role="alert" class="error">
            {props.result.ok ? "" : props.result.error}
          </p>
        }
      >
        {(r) => (
          <>
            <p>Detected: {r().format}</p>
            <For each={r().disks}>
              {(disk) => {
                const sector = () => BigInt(disk.logicalSectorSize ?? 512);
                return (
                  <table>
                    <caption>{disk.device ?? "Unnamed disk"}</caption>
                    <thead>
                      <tr>
                        <th scope="col">#</th>
                        <th scope="col">Label</th>
                        <th scope="col">Start sector</th>
                        <th scope="col">Sectors</th>
                        <th scope="col">Size</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={disk.partitions}>
                        {(p) => (
                          <tr>
                            <td class="num">{p.number ?? "—"}</td>
                            <td>{p.label}</td>
                            <td class="num">
                              {p.startByte === null ? "?" : groupDigits(p.startByte / sector())}
                            </td>
                            <td class="num">
                              {p.sizeBytes === null ? "?" : groupDigits(p.sizeBytes / sector())}
                            </td>
                            <td class="num">
                              {p.sizeBytes === null ? "?" : formatBytes(p.sizeBytes)}
                              {p.exact ? "" : " (inexact)"}
                            </td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                );
              }}
            </For>
            <Show when={r().notes.length > 0}>
              <details>
                <summary>{r().notes.length} notes</summary>
                <ul>
                  <For each={r().notes}>
                    {(n) => (
                      <li>
                        line {n.line}: {n.text}
                      </li>
                    )}
                  </For>
                </ul>
              </details>
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}
