import { createSignal } from "solid-js";
import { decodeListingBytes } from "../lib/listing/decode.ts";

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
        Paste the output of <code>wmic partition get Name,NumberOfBlocks,StartingOffset</code>{" "}
        (Windows) or <code>sudo fdisk -l</code> (Linux), or drop the file you saved it to.
      </p>
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
