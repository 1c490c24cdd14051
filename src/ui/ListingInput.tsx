import { createEffect, createSignal, For, on, onCleanup, onMount, Show, type JSX } from "solid-js";
import { decodeListingBytes } from "../lib/listing/decode.ts";
import { LISTING_COMMANDS } from "../lib/listing/commands.ts";
import type { ListingResult } from "../lib/listing/index.ts";
import { CopyButton } from "./CopyButton.tsx";
import { createListingReader, groupCount, MAX_LISTING_FILE_BYTES } from "./listingReader.ts";

interface Props {
  value: string;
  /** The box's text, and its parse when it was read off the main thread. */
  onInput: (text: string, parsed?: ListingResult) => void;
  onExample: () => void;
  /**
   * False until the planner has loaded (the value then switches from the early text to the
   * store's): that switch does not call off a listing being read, which then goes to the store.
   */
  ready?: boolean;
  /** What was read from the listing: shown right under the box, above the help. */
  children?: JSX.Element;
}

/** Why a listing file is not opened, before a byte of it is read. */
export function listingFileRefusal(name: string, size: number): string | null {
  if (size <= MAX_LISTING_FILE_BYTES) return null;
  const mib = (size / 2 ** 20).toFixed(1);
  return (
    `${name} is not opened: it has ${groupCount(size)} bytes (${mib} MiB), and a ` +
    `listing file may have at most ${groupCount(MAX_LISTING_FILE_BYTES)} (4 MiB). ` +
    "A partition listing is a few kilobytes (10,000 partitions fit in 1.5 MB): is this the " +
    "right file? Nothing was read from it, and the box keeps what it had."
  );
}

/**
 * The paste area. A dropped or opened file is decoded (UTF-8, or UTF-16 with a BOM as
 * `wmic … > file.txt` writes it) into the box; what the user typed is never rewritten. A big
 * listing is read in a worker (listingReader.ts) while "Reading the listing…" shows.
 */
export function ListingInput(props: Props) {
  const [dragging, setDragging] = createSignal(false);
  const [fileError, setFileError] = createSignal<string | null>(null);
  let box: HTMLTextAreaElement | undefined;
  const reader = createListingReader((text, parsed) => props.onInput(text, parsed));
  // The box replaced from elsewhere (a plan opened, a share link): what was being read is moot.
  createEffect(
    on([() => props.value, () => props.ready ?? true], ([, ready], before) => {
      // `before` is undefined on the first run, when nothing is being read yet.
      if (before !== undefined && before[1] === ready) reader.cancel();
    }),
  );
  onMount(() => {
    // A text still being read is handed over before the page is left, so autosave keeps it.
    addEventListener("pagehide", reader.flush);
    onCleanup(() => {
      removeEventListener("pagehide", reader.flush);
      reader.dispose();
    });
  });
  const input = (text: string) => {
    setFileError(null);
    reader.read(text);
  };
  const load = async (file: File | undefined) => {
    if (!file) return;
    const refusal = listingFileRefusal(file.name, file.size);
    if (refusal) return setFileError(refusal);
    const text = decodeListingBytes(new Uint8Array(await file.arrayBuffer())).text;
    if (box) box.value = text;
    input(text);
  };
  const onDrop = (event: DragEvent) => {
    setDragging(false);
    const file = event.dataTransfer?.files[0];
    if (!file) return;
    event.preventDefault();
    void load(file);
  };
  return (
    <div class="listing-input">
      <label for="listing">Partition listing</label>
      {/* The status of a listing being read shows over the box's foot: nothing below moves
          while the user may be about to click it. */}
      <div class="listing-box">
        <textarea
          ref={box}
          id="listing"
          rows={7}
          spellcheck={false}
          autocomplete="off"
          wrap="off"
          aria-describedby="listing-hint"
          classList={{ dragging: dragging() }}
          value={props.value}
          onInput={(e) => input(e.currentTarget.value)}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        />
        <Show when={reader.reading()}>
          {(r) => (
            <p role="status" class="reading">
              <progress aria-label="Reading the listing" /> Reading the listing (
              {groupCount(r().lines)} lines)…
            </p>
          )}
        </Show>
      </div>
      <Show when={fileError()}>
        {(text) => (
          <p role="alert" class="message message-error">
            {text()}
          </p>
        )}
      </Show>
      <div class="row">
        <button
          type="button"
          onClick={() => {
            reader.cancel();
            setFileError(null);
            props.onExample();
          }}
        >
          Try the example
        </button>
        <label class="file-button">
          <input
            type="file"
            class="visually-hidden"
            accept=".txt,.csv,.log,text/plain"
            onChange={(e) => {
              void load(e.currentTarget.files?.[0]);
              // The same file chosen again (after a refusal) is a change again.
              e.currentTarget.value = "";
            }}
          />
          <span>Open a listing file…</span>
        </label>
      </div>
      {props.children}
      {/* Under the box and what was read from it: the box is the first thing of the step,
          in view without scrolling on a small laptop screen. */}
      <details class="listing-help" open>
        <summary>Which command prints a listing?</summary>
        <p class="hint" id="listing-hint">
          Paste what one of these commands prints on the machine with the disk, or drop the file you
          saved it to. Other formats work too: diskpart, VBoxManage, parted, lsblk, gdisk, sfdisk,
          and FreeBSD's gpart list.
        </p>
        <ul class="commands">
          <For each={LISTING_COMMANDS}>
            {(c) => (
              <li>
                <span class="command-system">{c.system}</span>
                <span class="command-line">
                  <code>{c.command}</code>
                  <CopyButton text={c.command} label={`Copy the ${c.system} command`} />
                </span>
                <span class="hint">{c.note}</span>
              </li>
            )}
          </For>
        </ul>
      </details>
    </div>
  );
}
