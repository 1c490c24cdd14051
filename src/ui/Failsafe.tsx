/**
 * An unexpected error never blanks the page. Three ways an error can escape the planner, one
 * kind of notice for all of them:
 *
 *   error while rendering / in a computation ──► <ErrorBoundary> ──► notice in place of the
 *                                                                  steps: [Save plan as a file]
 *                                                                  [Try again] (re-renders)
 *   error thrown in an event handler         ──► window "error"             ──► notice above the
 *   promise rejected and never handled       ──► window "unhandledrejection"    steps, which stay:
 *                                                                  [Save plan as a file] [Dismiss]
 *
 * The plan is never lost by a failure of the view: it lives in the store (and wherever the
 * store keeps it), outside the components that failed, so "Save plan as a file" still works.
 */
import { createSignal, ErrorBoundary, onCleanup, onMount, Show, type JSX } from "solid-js";
import { saveFile } from "../app/saveFile.ts";

/**
 * The e2e test's switch for a deliberate render-time crash (see CrashProbe). Nothing in the
 * page writes it; a user would have to set it by hand in the browser's developer tools.
 */
export const TEST_CRASH_KEY = "raw-disk-planner/test-crash";

/** What to show of anything thrown: an Error's message, or the value as text. */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  if (typeof e === "string") return e;
  try {
    return JSON.stringify(e) ?? String(e);
  } catch {
    return String(e);
  }
}

/** Errors the browser reports that are no failure of ours. */
const BENIGN = [/^ResizeObserver loop/];

const savePlanFile = (json: string) => saveFile(json, "plan.json", "application/json");

function FailureNotice(props: {
  title: string;
  message: string;
  planJson: () => string | null;
  action: { label: string; run: () => void };
  takeFocus?: boolean;
}) {
  const [saveError, setSaveError] = createSignal<string | null>(null);
  let box: HTMLDivElement | undefined;
  // The failed part took the focused element with it: the notice takes the focus.
  onMount(() => {
    if (props.takeFocus) box?.focus();
  });
  const save = () => {
    try {
      const json = props.planJson();
      if (json === null) setSaveError("There is no plan yet: nothing to save.");
      else {
        savePlanFile(json);
        setSaveError(null);
      }
    } catch (e) {
      setSaveError(`The plan could not be saved (${describeError(e)}).`);
    }
  };
  return (
    <div ref={box} class="failure" role="alert" tabindex="-1">
      <h2>{props.title}</h2>
      <p class="failure-message">{props.message}</p>
      <p>
        Your plan is kept: it is not part of what failed. Save it as a file to have a copy, then{" "}
        {props.action.label === "Try again" ? "try again" : "carry on"}. If this happens again,
        reload the page and open the saved plan.
      </p>
      <Show when={saveError()}>{(e) => <p class="field-error">{e()}</p>}</Show>
      <div class="row">
        <button type="button" class="primary" onClick={save}>
          Save plan as a file
        </button>
        <button type="button" onClick={() => props.action.run()}>
          {props.action.label}
        </button>
      </div>
    </div>
  );
}

/**
 * Wraps the planner: renders `children`, and in their place a notice if they throw; shows a
 * notice above them for errors thrown outside rendering (event handlers, async actions).
 * `planJson` gives the current plan as a file's text, or null while there is no plan.
 */
export function Failsafe(props: { planJson: () => string | null; children: JSX.Element }) {
  const [uncaught, setUncaught] = createSignal<string | null>(null);
  onMount(() => {
    const show = (message: string) => {
      if (!BENIGN.some((re) => re.test(message))) setUncaught(message);
    };
    const onError = (e: ErrorEvent) =>
      show(e.error === undefined ? e.message : describeError(e.error));
    const onRejection = (e: PromiseRejectionEvent) => show(describeError(e.reason));
    window.addEventListener("error", onError);
    window.addEventListener("unhandledrejection", onRejection);
    onCleanup(() => {
      window.removeEventListener("error", onError);
      window.removeEventListener("unhandledrejection", onRejection);
    });
  });
  return (
    <>
      <Show when={uncaught()}>
        {(message) => (
          <div class="failure-wrap">
            <FailureNotice
              title="Something went wrong"
              message={message()}
              planJson={props.planJson}
              action={{ label: "Dismiss", run: () => setUncaught(null) }}
            />
          </div>
        )}
      </Show>
      <ErrorBoundary
        fallback={(error: unknown, reset) => (
          // In place of the page's <main>, and a main landmark itself.
          <main class="failure-wrap">
            <FailureNotice
              title="The planner stopped on an unexpected error"
              message={describeError(error)}
              planJson={props.planJson}
              action={{ label: "Try again", run: reset }}
              takeFocus
            />
          </main>
        )}
      >
        {props.children}
      </ErrorBoundary>
    </>
  );
}

/**
 * Fault injection for e2e/failsafe.spec.ts, shipped because the test runs on the production
 * build. It renders nothing; each time `watch` changes (the plan), it reads
 * localStorage[TEST_CRASH_KEY] and, if that is exactly "1", throws while rendering, as a bug in
 * a component would. Only the test sets the key; no input of the page (listing, plan, link)
 * can, so it cannot be triggered by anything a user pastes or opens.
 */
export function CrashProbe(props: { watch: () => unknown }) {
  const probe = () => {
    props.watch();
    let flag: string | null = null;
    try {
      flag = localStorage.getItem(TEST_CRASH_KEY);
    } catch {
      flag = null; // storage may be off; then there is no switch
    }
    if (flag === "1") throw new Error(`Deliberate test crash (${TEST_CRASH_KEY} is set).`);
    return null;
  };
  return <>{probe()}</>;
}
