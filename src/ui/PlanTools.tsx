import { For, Show } from "solid-js";
import { PLAN_TOOLS_LATER, PLAN_TOOLS_OPENERS } from "./planToolsLabels.ts";
import type { Session } from "../app/session.ts";
import { ImportDeviceQuestions } from "./ImportDeviceQuestions.tsx";
import { ReplaceDialog } from "./ReplaceDialog.tsx";
import { SetAsideList } from "./SetAsideList.tsx";
import "./planTools.css";

/** A file input styled as a button; the input is reset so the same file can be chosen again. */
function FileButton(props: { label: string; accept: string; onFile: (file: File) => void }) {
  return (
    <label class="file-button">
      <input
        type="file"
        class="visually-hidden"
        accept={props.accept}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = "";
          if (file) props.onFile(file);
        }}
      />
      <span>{props.label}</span>
    </label>
  );
}

/** "Copy share link": the link, selectable, and what it means for privacy. */
function ShareLinkField(props: { session: Session }) {
  return (
    <Show when={props.session.shareLink()}>
      {(link) => (
        <div class="share-link">
          <label for="share-link-url">Share link</label>
          <input
            id="share-link-url"
            type="text"
            readonly
            spellcheck={false}
            value={link().url}
            aria-describedby="share-link-hint"
            onFocus={(e) => e.currentTarget.select()}
          />
          <p class="hint" id="share-link-hint">
            {link().copied ? "Copied to the clipboard. " : "Select it and copy it. "}
            The whole plan is in the part after <span class="mono">#</span> (the fragment), which
            browsers never send to a server: whoever opens the link gets the plan from the link
            itself.
            <Show when={props.session.shareLinkStale()}>
              {" "}
              <strong>The plan has changed since: copy a new link.</strong>
            </Show>
          </p>
        </div>
      )}
    </Show>
  );
}

/** Asks before a shared plan, or a plan file, replaces different work in progress. */
function ReplaceDialogs(props: { session: Session }) {
  return (
    <>
      <ReplaceDialog
        id="share-dialog"
        open={() => props.session.pendingShare() !== null}
        title="Open the shared plan?"
        acceptLabel="Open the shared plan"
        onAccept={() => props.session.acceptShare()}
        onKeep={() => props.session.keepMine()}
      >
        This link carries the plan “{props.session.pendingShare()?.name ?? ""}”, and this page has a
        different plan of yours. Opening the shared plan sets yours aside: “Restore my previous
        plan” brings it back.
      </ReplaceDialog>
      <ReplaceDialog
        id="file-dialog"
        open={() => props.session.pendingFile() !== null}
        title="Open the plan file?"
        acceptLabel="Open the plan file"
        onAccept={() => props.session.acceptFile()}
        onKeep={() => props.session.keepMineOverFile()}
      >
        {props.session.pendingFile()?.fileName ?? ""} holds the plan “
        {props.session.pendingFile()?.plan.name ?? ""}”, and this page has a different plan of
        yours. Opening the file sets yours aside: the list of set-aside plans brings it back.
      </ReplaceDialog>
      <ReplaceDialog
        id="tab-dialog"
        open={() => props.session.tabConflict() !== null}
        title="The plan was changed in another tab"
        acceptLabel="Use the other tab's plan"
        keepLabel="Keep this tab's plan"
        onAccept={() => props.session.useOtherTab()}
        onKeep={() => props.session.keepThisTab()}
      >
        Another tab of this page saved the plan “
        {props.session.tabConflict()?.state.plan.name ?? ""}” while this tab has changes of its own.
        Choose which to keep: the other one is set aside, and the list of set-aside plans brings it
        back.
      </ReplaceDialog>
    </>
  );
}

/** What came in from storage, a link or a file: errors with their details, notes, actions. */
function Notices(props: { session: Session }) {
  return (
    <div class="notices">
      <For each={props.session.notices()}>
        {(n) => (
          <div
            class="notice"
            classList={{ "notice-error": n.kind === "error" }}
            role={n.kind === "error" ? "alert" : "status"}
          >
            <p class="notice-text">{n.text}</p>
            <Show when={n.details.length > 0}>
              <ul class="notice-details mono">
                <For each={n.details}>{(d) => <li>{d}</li>}</For>
              </ul>
            </Show>
            <div class="notice-actions">
              <Show when={n.action}>
                {(a) => (
                  <button type="button" class="small" onClick={() => a().run()}>
                    {a().label}
                  </button>
                )}
              </Show>
              <button type="button" class="quiet small" onClick={() => props.session.dismiss(n.id)}>
                Dismiss
              </button>
            </div>
          </div>
        )}
      </For>
    </div>
  );
}

/** The extents of an imported descriptor, as read, and what became of them. */
function ImportedDescriptorView(props: { session: Session }) {
  return (
    <Show when={props.session.imported()}>
      {(imp) => (
        <section class="imported" aria-labelledby="imported-title">
          <h2 id="imported-title">
            Imported <span class="mono">{imp().fileName}</span> as {imp().vmName}
          </h2>
          <p>
            UUID kept: <span class="mono">{imp().uuid ?? "none (a new one is given)"}</span>
          </p>
          <table class="extents">
            <caption class="visually-hidden">Extents of {imp().fileName}</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Access</th>
                <th scope="col">Sectors</th>
                <th scope="col">Type</th>
                <th scope="col">File</th>
                <th scope="col">Offset</th>
              </tr>
            </thead>
            <tbody>
              <For each={imp().extents}>
                {(x) => (
                  <tr>
                    <td class="num">{x.line}</td>
                    <td>{x.access}</td>
                    <td class="num mono">{x.sectors.toString()}</td>
                    <td>{x.type}</td>
                    <td class="mono">{x.file ?? "—"}</td>
                    <td class="num mono">{x.offset?.toString() ?? "—"}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
          <Show when={imp().notes.length > 0}>
            <ul class="notice-details">
              <For each={imp().notes}>{(n) => <li>{n}</li>}</For>
            </ul>
          </Show>
          <button type="button" class="quiet small" onClick={() => props.session.dismissImported()}>
            Close
          </button>
        </section>
      )}
    </Show>
  );
}

/** Share link, plan files and descriptor import, with what they had to say. */
export function PlanTools(props: { session: Session }) {
  const hasPlan = () => {
    const plan = props.session.plan();
    return plan.disks.length > 0 || plan.vms.length > 0;
  };
  const openers = () => (
    <>
      <FileButton
        label={PLAN_TOOLS_OPENERS[0]}
        accept=".json,.zip,application/json,application/zip"
        onFile={(f) => void props.session.openPlanFile(f)}
      />
      <FileButton
        label={PLAN_TOOLS_OPENERS[1]}
        accept=".vmdk"
        onFile={(f) => void props.session.importDescriptorFile(f)}
      />
    </>
  );
  return (
    <div class="plan-tools">
      {/* On an empty page only the ways to open earlier work show ("Open plan…" stays a visible
          button: scripts and users look for it); sharing and saving appear once there is a plan.
          Until then their places are kept, invisible, after the openers: where the row wraps
          (a phone), the plan's first line does not push the paste box down. */}
      <div class="row plan-tools-buttons">
        {openers()}
        <Show
          when={hasPlan()}
          fallback={
            <For each={PLAN_TOOLS_LATER}>
              {(label) => <span class="plan-tools-later" data-label={label} aria-hidden="true" />}
            </For>
          }
        >
          <button type="button" onClick={() => void props.session.copyShareLink()}>
            {PLAN_TOOLS_LATER[0]}
          </button>
          <button type="button" onClick={() => props.session.savePlanFile()}>
            {PLAN_TOOLS_LATER[1]}
          </button>
        </Show>
      </div>
      <ShareLinkField session={props.session} />
      <Notices session={props.session} />
      <ImportDeviceQuestions session={props.session} />
      <ImportedDescriptorView session={props.session} />
      <SetAsideList session={props.session} />
      <ReplaceDialogs session={props.session} />
    </div>
  );
}
