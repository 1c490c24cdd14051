import { createSignal, For } from "solid-js";
import { decodeListingBytes } from "../lib/listing/decode.ts";
import { LISTING_COMMANDS } from "../lib/listing/commands.ts";
import { CopyButton } from "./CopyButton.tsx";

interface Props {
  value: string;
  onInput: (text: string) => void;
  onExample: () => void;
}

/**
 * The paste area. A dropped or opened file is decoded (UTF-8, or UTF-16 with a BOM as
 * `wmic … > file.txt` writes it) into the box; what the user typed is never rewritten.
 */
export function ListingInput(props: Props) {
  const [dragging, setDragging] = createSignal(false);
  const load = async (file: File | undefined) => {
    if (!file) return;
    const data = new Uint8Array(await file.arrayBuffer());
    props.onInput(decodeListingBytes(data).text);
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
      <p class="hint" id="listing-hint">
        Paste what one of these commands prints on the machine with the disk, or drop the file you
        saved it to. Other formats work too: diskpart, VBoxManage, parted, lsblk, gdisk, sfdisk.
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
      <textarea
        id="listing"
        rows={7}
        spellcheck={false}
        autocomplete="off"
        wrap="off"
        aria-describedby="listing-hint"
        classList={{ dragging: dragging() }}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      />
      <div class="row">
        <button type="button" onClick={() => props.onExample()}>
          Try the example
        </button>
        <label class="file-button">
          <input
            type="file"
            class="visually-hidden"
            accept=".txt,.csv,.log,text/plain"
            onChange={(e) => void load(e.currentTarget.files?.[0])}
          />
          <span>Open a listing file…</span>
        </label>
      </div>
    </div>
  );
}
