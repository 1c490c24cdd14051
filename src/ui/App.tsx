import {
  createSignal,
  For,
  getOwner,
  onCleanup,
  onMount,
  runWithOwner,
  Show,
  untrack,
  type JSX,
} from "solid-js";
import type { AppStore } from "../app/store.ts";
import type { Session } from "../app/session.ts";
import { EXAMPLE_LISTING } from "../lib/example.ts";
import type { ListingResult } from "../lib/listing/index.ts";
import { ListingInput } from "./ListingInput.tsx";
import { History } from "./History.tsx";
import { PLAN_TOOLS_LATER, PLAN_TOOLS_OPENERS } from "./planToolsLabels.ts";
import { CrashProbe, Failsafe } from "./Failsafe.tsx";
import { focusMapWhenDrawn } from "./focusMap.ts";
import { hasFiles } from "../fileDrag.ts";

type PlannerModule = typeof import("./planner.ts");
interface Planner {
  ui: PlannerModule;
  store: AppStore;
  session: Session;
}

/** Typing in a field keeps the browser's own undo; elsewhere Ctrl/Cmd+Z undoes plan changes. */
const isTextField = (el: EventTarget | null): boolean =>
  el instanceof HTMLTextAreaElement ||
  (el instanceof HTMLInputElement && !["checkbox", "radio", "button", "file"].includes(el.type));

/**
 * Runs `task` once the current frame has been painted and the page is idle (300 ms later at
 * most). A hidden tab paints no frames: there it runs at once, or as soon as the tab is hidden.
 */
function afterNextPaint(task: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    document.removeEventListener("visibilitychange", onHidden);
    task();
  };
  const onHidden = () => {
    if (document.hidden) once();
  };
  if (document.hidden) {
    setTimeout(once, 0);
    return;
  }
  document.addEventListener("visibilitychange", onHidden);
  const whenIdle = () =>
    "requestIdleCallback" in window
      ? requestIdleCallback(once, { timeout: 300 })
      : setTimeout(once, 0);
  requestAnimationFrame(() => setTimeout(whenIdle, 0));
}

function Step(props: { n: number; id: string; title: string; children: JSX.Element }) {
  return (
    <section class="step" aria-labelledby={props.id}>
      <h2 id={props.id}>
        <span class="step-no" aria-hidden="true">
          {props.n}
        </span>
        {props.title}
      </h2>
      <div class="step-body">{props.children}</div>
    </section>
  );
}

/**
 * The page. The first screen (this shell and the paste area) is small; the planner (store,
 * engine, steps 2–4) loads right after it. Text typed before it arrives is kept and handed over.
 */
export function App() {
  const [earlyText, setEarlyText] = createSignal("");
  const [planner, setPlanner] = createSignal<Planner | null>(null);
  const [loadError, setLoadError] = createSignal<string | null>(null);
  const owner = getOwner();

  const listingText = () => planner()?.store.listingText() ?? earlyText();
  const setListingText = (text: string, parsed?: ListingResult) => {
    const p = planner();
    if (p) p.store.actions.setListingText(text, parsed);
    else setEarlyText(text);
  };

  onMount(() => {
    // After the first paint: the planner's code must not compete with drawing the first screen.
    afterNextPaint(() =>
      import("./planner.ts").then(
        (ui) => {
          const listingText = untrack(earlyText);
          // The session starts the store from storage or a share link, and keeps it saved.
          const started = runWithOwner(owner, () => ui.createSession(listingText));
          if (started) setPlanner({ ui, ...started });
        },
        (e: unknown) =>
          setLoadError(
            `The planner could not be loaded (${e instanceof Error ? e.message : String(e)}). Reload the page to try again.`,
          ),
      ),
    );
    const onKey = (e: KeyboardEvent) => {
      const store = planner()?.store;
      if (!store || !(e.ctrlKey || e.metaKey) || e.altKey || isTextField(e.target)) return;
      const key = e.key.toLowerCase();
      if (key === "z" && !e.shiftKey) {
        e.preventDefault();
        store.actions.undo();
      } else if ((key === "z" && e.shiftKey) || key === "y") {
        e.preventDefault();
        store.actions.redo();
      }
    };
    document.addEventListener("keydown", onKey);
    // A file dropped beside the listing box would be opened in place of the page (and the
    // plan with it): the box takes files, the rest of the page ignores them.
    const keepPage = (e: DragEvent) => {
      if (e.defaultPrevented || !hasFiles(e)) return;
      e.preventDefault();
    };
    document.addEventListener("dragover", keepPage);
    document.addEventListener("drop", keepPage);
    onCleanup(() => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("dragover", keepPage);
      document.removeEventListener("drop", keepPage);
    });
  });

  const planJson = () => {
    const p = planner();
    return p ? p.ui.planToJson(p.store.plan()) : null;
  };

  const later = (part: (p: Planner) => JSX.Element) => (
    <Show when={planner()} fallback={<p class="empty">{loadError() ?? "Loading the planner…"}</p>}>
      {(p) => part(p())}
    </Show>
  );

  return (
    <>
      <header class="masthead">
        <div class="masthead-row">
          <h1>Raw Disk Planner</h1>
          <History store={planner()?.store} />
        </div>
        <p class="lede">
          Paste a partition listing, give sector ranges of the disk to virtual machines, and
          download ready-to-use VirtualBox raw-disk descriptors.
        </p>
        <p class="banner" role="note">
          <strong>Raw disk access can destroy data if a range is wrong.</strong> This page only does
          arithmetic: it never reads or writes your disk, and nothing you paste leaves the page.
        </p>
        <Show
          when={planner()}
          // Keeps the place of the plan tools' buttons until they arrive: nothing below moves.
          fallback={
            <div class="plan-tools-pending" aria-hidden="true">
              <div class="row plan-tools-buttons">
                <For each={PLAN_TOOLS_OPENERS}>
                  {(label) => <span class="plan-tools-later" data-label={label} />}
                </For>
                <For each={PLAN_TOOLS_LATER}>
                  {(label) => <span class="plan-tools-later" data-label={label} />}
                </For>
              </div>
            </div>
          }
        >
          {(p) => {
            const { ui, session } = p();
            return <ui.PlanTools session={session} />;
          }}
        </Show>
      </header>
      <Failsafe planJson={planJson}>
        <main class="steps">
          <Step n={1} id="step-listing" title="Listing">
            <ListingInput
              value={listingText()}
              onInput={setListingText}
              ready={planner() !== null}
              onExample={() => {
                const from = document.activeElement;
                setListingText(EXAMPLE_LISTING);
                focusMapWhenDrawn(from);
              }}
            >
              <Show when={planner()}>
                {(p) => {
                  const { ui, store } = p();
                  return (
                    <Show when={store.listing()}>
                      {(r) => <ui.ParsedListing result={r()} store={store} />}
                    </Show>
                  );
                }}
              </Show>
            </ListingInput>
          </Step>
          <Step n={2} id="step-disks" title="Disks">
            {later((p) => (
              <p.ui.DisksStep store={p.store} />
            ))}
          </Step>
          <Step n={3} id="step-vms" title="Virtual machines">
            {later((p) => (
              <p.ui.VmsStep store={p.store} />
            ))}
          </Step>
          <Step n={4} id="step-review" title="Review and download">
            {later((p) => (
              <p.ui.ReviewStep store={p.store} />
            ))}
          </Step>
          <Show when={planner()}>{(p) => <CrashProbe watch={p().store.plan} />}</Show>
        </main>
      </Failsafe>
      <footer class="footer">
        <p>
          Runs entirely in your browser. No request leaves this page; the disk is never touched.
        </p>
      </footer>
    </>
  );
}
