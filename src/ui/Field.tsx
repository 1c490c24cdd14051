import {
  createEffect,
  createMemo,
  createSignal,
  createUniqueId,
  on,
  Show,
  untrack,
  type JSX,
} from "solid-js";
import type { FieldResult } from "./sizeField.ts";

/** A typed field: the text as typed, and what it means (validated on every keystroke). */
export function createField(parse: (text: string) => FieldResult, initial = "") {
  const [text, setText] = createSignal(initial);
  const result = createMemo(() => parse(text()));
  return { text, setText, result };
}
export type TypedField = ReturnType<typeof createField>;

/**
 * A field showing a value of the plan: when that value really changes (undo, redo, another
 * control), the text follows; otherwise what the user typed stays, valid or not.
 */
export function createSyncedField(parse: (text: string) => FieldResult, source: () => string) {
  const value = createMemo(source);
  const field = createField(parse, untrack(value));
  createEffect(on(value, (v) => field.setText(v), { defer: true }));
  return field;
}

interface Props {
  label: string;
  /** The input's id, when something links to it. */
  id?: string;
  field: TypedField;
  hint?: JSX.Element;
  /** Shown under the field when the value is valid, e.g. the value in other units. */
  meaning?: (value: bigint) => string;
  /** Show "Required." only after the user typed something. */
  quietWhenEmpty?: boolean;
  class?: string;
  onCommit?: () => void;
  inputMode?: "text" | "numeric";
}

/** Label, input, and the error or the value's meaning right next to it (never a lost input). */
export function Field(props: Props) {
  const uid = createUniqueId();
  const inputId = () => props.id ?? `f-${uid}`;
  const id = uid;
  const error = () => {
    const r = props.field.result();
    if (r.ok) return null;
    if (props.quietWhenEmpty && props.field.text().trim() === "") return null;
    return r.error;
  };
  const meaning = () => {
    const r = props.field.result();
    return r.ok && props.meaning ? props.meaning(r.value) : null;
  };
  return (
    <div class={`field ${props.class ?? ""}`}>
      <label for={inputId()}>{props.label}</label>
      <input
        id={inputId()}
        type="text"
        inputmode={props.inputMode ?? "text"}
        autocomplete="off"
        spellcheck={false}
        value={props.field.text()}
        aria-invalid={error() !== null}
        aria-describedby={props.hint ? `h-${id} e-${id}` : `e-${id}`}
        onInput={(e) => props.field.setText(e.currentTarget.value)}
        onChange={() => props.onCommit?.()}
      />
      <Show when={props.hint}>
        <span class="hint" id={`h-${id}`}>
          {props.hint}
        </span>
      </Show>
      <span class={error() ? "field-error" : "field-meaning"} id={`e-${id}`}>
        {error() ?? meaning() ?? ""}
      </span>
    </div>
  );
}
