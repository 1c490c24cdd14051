import { createRoot } from "solid-js";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { EXAMPLE_LISTING } from "../lib/example.ts";
import * as listing from "../lib/listing/index.ts";
import { createAppStore } from "./store.ts";

// Counts the parses: the listing is parsed where the store is, so its calls are the store's.
vi.mock("../lib/listing/index.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../lib/listing/index.ts")>();
  return { ...real, parseListing: vi.fn(real.parseListing) };
});
const parses = vi.mocked(listing.parseListing);

function withStore(run: (store: ReturnType<typeof createAppStore>) => void): void {
  createRoot((dispose) => {
    try {
      run(createAppStore());
    } finally {
      dispose();
    }
  });
}

/** A listing no earlier test has parsed (the store keeps the last parse by its text). */
let fresh = 0;
const freshListing = () => `${EXAMPLE_LISTING}${"\n".repeat(++fresh)}`;

describe("the store parses each listing once", () => {
  beforeEach(() => parses.mockClear());

  it("once for the action and every reader of the listing", () => {
    withStore((store) => {
      store.actions.setListingText(freshListing());
      expect(store.listing()?.ok).toBe(true);
      expect(store.plan().disks).toHaveLength(1);
      store.listing();
      expect(parses).toHaveBeenCalledTimes(1);
    });
  });

  it("not at all when the caller hands in the parse (read in a worker)", () => {
    const text = freshListing();
    const parsed = listing.parseListing(text);
    parses.mockClear();
    withStore((store) => {
      store.actions.setListingText(text, parsed);
      expect(store.listing()).toBe(parsed);
      expect(store.plan().disks.map((d) => d.partitions.length)).toEqual([3]);
      expect(parses).not.toHaveBeenCalled();
    });
  });

  it("not again when a sector size is answered or the same text comes back", () => {
    const text = `Device Start End Sectors Size Type\n/dev/sdb1 2048 4095 2048 1M Linux\n${"\n".repeat(++fresh)}`;
    withStore((store) => {
      store.actions.setListingText(text);
      expect(store.listing()?.ok).toBe(true);
      store.actions.setListingSectorSize(0, 4096);
      store.actions.setListingText(text);
      expect(parses).toHaveBeenCalledTimes(1);
    });
  });
});
