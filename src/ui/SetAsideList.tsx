import { For, Show } from "solid-js";
import type { Session } from "../app/session.ts";

const when = (at: number) =>
  new Date(at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/** The plans set aside when something replaced them, newest first, each one click from back. */
export function SetAsideList(props: { session: Session }) {
  return (
    <Show when={props.session.setAsideEntries().length > 0}>
      <section class="set-aside" aria-labelledby="set-aside-title">
        <h2 id="set-aside-title" class="set-aside-title">
          Set-aside plans
        </h2>
        <p class="hint">
          Plans replaced by a link, a file, another tab or a restore; the last{" "}
          {props.session.setAsideEntries().length > 1 ? "few are" : "one is"} kept in this browser.
        </p>
        <ul class="set-aside-list">
          <For each={props.session.setAsideEntries()}>
            {(entry) => (
              <li>
                <span class="set-aside-name">{entry.name}</span>{" "}
                <span class="hint">
                  <time dateTime={new Date(entry.at).toISOString()}>{when(entry.at)}</time> ·{" "}
                  {entry.why}
                </span>{" "}
                <button
                  type="button"
                  class="small"
                  aria-label={`Restore “${entry.name}” (set aside ${when(entry.at)})`}
                  onClick={() => props.session.restoreSetAside(entry)}
                >
                  Restore
                </button>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
