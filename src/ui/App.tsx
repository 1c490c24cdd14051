import { createMemo, createSignal, Show } from "solid-js";
import { parseListing } from "../lib/listing/index.ts";
import { EXAMPLE_LISTING } from "../lib/example.ts";
import { ListingInput } from "./ListingInput.tsx";
import { ParsedListing } from "./ParsedListing.tsx";

export function App() {
  const [text, setText] = createSignal("");
  const result = createMemo(() => (text().trim() === "" ? null : parseListing(text())));
  return (
    <main class="page">
      <header>
        <h1>Raw Disk Planner</h1>
        <p>
          Paste a partition listing and get VirtualBox raw-disk VMDK descriptors for it. Everything
          happens in this page: nothing is uploaded, and your disk is never read or written.
        </p>
        <p class="banner" role="note">
          Raw disk access can destroy data if a range is wrong. Check every number before you use a
          descriptor.
        </p>
      </header>
      <section aria-labelledby="step-listing">
        <h2 id="step-listing">1 Listing</h2>
        <ListingInput value={text()} onInput={setText} onExample={() => setText(EXAMPLE_LISTING)} />
        <Show when={result()}>{(r) => <ParsedListing result={r()} />}</Show>
      </section>
    </main>
  );
}
