/**
 * `cli parse` on the listing formats: the detected format's name, exact numbers, and
 * `--sector-size` for a table that does not say its sector size.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cliInProcess } from "./inProcess.testkit.ts";
import { TAKEN_OUT, TOOL_FORMATS, toolCases } from "../lib/listing/toolFixtures.testkit.ts";

const dir = mkdtempSync(join(tmpdir(), "rdp-parse-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Json {
  format?: string;
  disks: { partitions: { startByte: string | null; exact: boolean }[] }[];
}

describe("cli parse prints the detected format", () => {
  // Not a case whose every disk is taken out: that listing is refused (TAKEN_OUT).
  const read = (c: ReturnType<typeof toolCases>[number]) =>
    (TAKEN_OUT[c.file]?.disks.length ?? 0) < c.truth.length;
  const firstOfEach = TOOL_FORMATS.map((f) =>
    toolCases().find((c) => c.format === f && read(c)),
  ).filter((c) => c !== undefined);
  it.each(firstOfEach)("$file → $format", async ({ file, format }) => {
    const run = await cliInProcess("parse", join("test-fixtures", file));
    expect((JSON.parse(run.stdout) as Json).format).toBe(format);
  });
});

describe("cli parse --sector-size", () => {
  const trimmed = join(dir, "trimmed.txt");
  writeFileSync(
    trimmed,
    "Device     Boot   Start     End Sectors  Size Id Type\n/dev/sda1  *       2048 1050623 1048576  512M 83 Linux\n",
  );

  it("without it: sectors kept, nothing exact, and the flag named", async () => {
    const run = await cliInProcess("parse", trimmed);
    const json = JSON.parse(run.stdout) as Json;
    expect(json.disks[0]?.partitions[0]).toMatchObject({ startByte: null, exact: false });
    expect(run.stderr).toContain("--sector-size");
  });

  it.each([
    ["512", "1048576"],
    ["4096", "8388608"],
  ])("with %s: exact bytes", async (size, start) => {
    const run = await cliInProcess("parse", "--sector-size", size, trimmed);
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as Json;
    expect(json.disks[0]?.partitions[0]).toMatchObject({ startByte: start, exact: true });
  });

  it("names where macOS and FreeBSD give the sector size, for a gpt show listing", async () => {
    const run = await cliInProcess("parse", join("test-fixtures", "gpt-show", "gpt-r-show.txt"));
    expect(run.stderr).toContain("macOS: diskutil info diskN");
    expect(run.stderr).toContain("FreeBSD: diskinfo -v");
  });

  it("refuses another size", async () => {
    expect((await cliInProcess("parse", "--sector-size", "1000", trimmed)).status).toBe(2);
  });
});
