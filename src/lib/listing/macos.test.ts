import { describe, expect, it } from "vitest";
import { parseListing } from "./index.ts";

/** `gpt show` of a disk whose primary table is `tableBlocks` long (macOS prints no block size). */
const gptShow = (tableBlocks: number) =>
  [
    "      start       size  index  contents",
    "          0          1         PMBR",
    "          1          1         Pri GPT header",
    `          2 ${String(tableBlocks).padStart(10)}         Pri GPT table`,
    "       2048     204800      1  GPT part - C12A7328-F81F-11D2-BA4B-00A0C93EC93B",
  ].join("\n");

const note = (text: string) => {
  const result = parseListing(text);
  if (!result.ok) throw new Error(result.error);
  expect(result.format).toBe("gpt-show");
  // Whatever the hint says, the numbers stay blocks of a size the user has to give.
  expect(result.disks[0]?.sectorSizeUnknown).toBe(true);
  expect(result.disks[0]?.partitions[0]?.exact).toBe(false);
  return result.notes.map((n) => n.text).join(" ");
};

describe("gpt show: the block size is asked for, with a hint from the table's length", () => {
  it("32 blocks of table: probably 512-byte blocks", () => {
    expect(note(gptShow(32))).toContain(
      "32 blocks long, which with the usual 128 entries means 512-byte blocks",
    );
  });

  it("4 blocks of table (Apple silicon): probably 4096-byte blocks", () => {
    expect(note(gptShow(4))).toContain("means 4096-byte blocks");
  });

  it("another length: no hint, only the question", () => {
    const text = note(gptShow(16));
    expect(text).toContain("say 512 or 4096");
    expect(text).not.toContain("usual 128 entries");
  });
});
