import { decodeListingBytes } from "../lib/listing/decode.ts";

interface Props {
  value: string;
  onInput: (text: string) => void;
  onExample: () => void;
}

/** The paste area; a dropped file is decoded (UTF-8 or UTF-16 with BOM) into it. */
export function ListingInput(props: Props) {
  const onDrop = async (event: DragEvent) => {
    const file = event.dataTransfer?.files[0];
    if (!file) return;
    event.preventDefault();
    const data = new Uint8Array(await file.arrayBuffer());
    props.onInput(decodeListingBytes(data).text);
  };
  return (
    <div class="listing-input">
      <label for="listing">Partition listing</label>
      <textarea
        id="listing"
        rows={8}
        spellcheck={false}
        placeholder="Paste the output of wmic partition get Name,NumberOfBlocks,StartingOffset or fdisk -l here, or drop a file"
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => void onDrop(e)}
      />
      <button type="button" onClick={() => props.onExample()}>
        Try the example
      </button>
    </div>
  );
}
