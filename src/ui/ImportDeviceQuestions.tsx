import { createUniqueId, For, Show } from "solid-js";
import type { Session } from "../app/session.ts";
import type { DeviceQuestion } from "../lib/vmdk/import.ts";

/**
 * A descriptor names a path that may be a listed disk under another name (a by-id link next
 * to /dev/sda, docs/device-identity.md): the user says which disk it is, or that it is
 * another one, before the import goes on. Nothing is added until then.
 */
export function ImportDeviceQuestions(props: { session: Session }) {
  return (
    <Show when={props.session.deviceQuestions()}>
      {(pending) => {
        const titleId = createUniqueId();
        const choices = new Map<string, string>();
        const diskLabel = (id: string) => {
          const disk = props.session.plan().disks.find((d) => d.id === id);
          return disk ? `${disk.device} (disk ${id})` : id;
        };
        const submit = (e: SubmitEvent) => {
          e.preventDefault();
          const answers = new Map<string, string | null>();
          for (const q of pending().questions) {
            const choice = choices.get(q.device) ?? q.candidates[0] ?? "";
            answers.set(q.device, choice === "" ? null : choice);
          }
          props.session.answerDeviceQuestions(answers);
        };
        return (
          <form class="imported" aria-labelledby={titleId} onSubmit={submit}>
            <h2 id={titleId}>
              Which disk does <span class="mono">{pending().fileName}</span> use?
            </h2>
            <p>
              Its paths are not listed in the plan, but a link or alias may name a listed disk. If
              it does, its ranges are checked against the plan's own ranges on that disk.
            </p>
            <For each={pending().questions}>
              {(q: DeviceQuestion) => {
                const id = createUniqueId();
                return (
                  <div class="field">
                    <label for={id}>
                      <span class="mono">{q.device}</span> is
                    </label>
                    <select id={id} onChange={(e) => choices.set(q.device, e.currentTarget.value)}>
                      <For each={q.candidates}>
                        {(c) => <option value={c}>{diskLabel(c)}</option>}
                      </For>
                      <option value="">another disk (not listed)</option>
                    </select>
                  </div>
                );
              }}
            </For>
            <div class="row">
              <button type="submit" class="primary">
                Import
              </button>
              <button
                type="button"
                class="quiet"
                onClick={() => props.session.cancelDeviceQuestions()}
              >
                Cancel
              </button>
            </div>
          </form>
        );
      }}
    </Show>
  );
}
