/**
 * The CLI as a user runs it: exactly `npm run -s cli -- parse …` from the repository root, its
 * whole standard output parsed as JSON (a stray line there would fail the test).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SUPPORTED_FORMATS_TEXT } from "../lib/listing/index.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], input?: Uint8Array | string): Run {
  const run = spawnSync("npm", ["run", "-s", "cli", "--", ...args], {
    cwd: root,
    input,
    encoding: "utf8",
    timeout: 60_000,
  });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

interface JsonListing {
  format?: string;
  error?: string;
  disks: {
    device: string | null;
    partitions: { number: number; startByte: string; sizeBytes: string; exact: boolean }[];
  }[];
  notes: { line: number; text: string }[];
}

const WORKED = [
  { number: 0, startByte: "1048576", sizeBytes: "64424509440", exact: true },
  { number: 1, startByte: "64425558016", sizeBytes: "64424509440", exact: true },
  { number: 2, startByte: "128850067456", sizeBytes: "17179869184", exact: true },
];

function expectWorkedExample(run: Run): JsonListing {
  expect(run.status).toBe(0);
  const json = JSON.parse(run.stdout) as JsonListing;
  expect(json.format).toBe("wmic");
  expect(json.disks.map((d) => d.device)).toEqual(["\\\\.\\PhysicalDrive0"]);
  expect(
    json.disks[0]?.partitions.map(({ number, startByte, sizeBytes, exact }) => ({
      number,
      startByte,
      sizeBytes,
      exact,
    })),
  ).toEqual(WORKED);
  return json;
}

describe("npm run -s cli -- parse", () => {
  const workedPath = "test-fixtures/wmic/worked-example.txt";

  it("prints the worked example's exact numbers as JSON, and only JSON, on standard output", () => {
    const run = cli(["parse", workedPath]);
    const json = expectWorkedExample(run);
    expect(json.disks[0]?.device).toBe("\\\\.\\PhysicalDrive0");
    expect(run.stdout).toContain('"device": "\\\\\\\\.\\\\PhysicalDrive0"');
  });

  it("reads standard input with '-'", () => {
    const fromFile = cli(["parse", workedPath]);
    const fromStdin = cli(["parse", "-"], readFileSync(resolve(root, workedPath)));
    expectWorkedExample(fromStdin);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });

  it("reads the UTF-16LE file with a BOM and CRLF to the same numbers", () => {
    const run = cli(["parse", "test-fixtures/wmic/worked-example.utf16le-bom-crlf.txt"]);
    expectWorkedExample(run);
    expect(run.stdout).toBe(cli(["parse", workedPath]).stdout);
  });

  it("exits 1 on an unrecognised text, naming the supported formats on standard error", () => {
    const run = cli(["parse", "-"], "Dear IT,\nplease find my partitions attached.\n");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("No partition listing recognised");
    expect(run.stderr).toContain(SUPPORTED_FORMATS_TEXT);
    expect(run.stderr).toContain("wmic partition get");
    expect(run.stderr).toContain("fdisk -l");
    expect((JSON.parse(run.stdout) as JsonListing).disks).toEqual([]);
  });

  it("exits 1 with the parser's message when wmic output lacks StartingOffset", () => {
    const run = cli(
      ["parse", "-"],
      "Name                   NumberOfBlocks\nDisk #0, Partition #0  2048\n",
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("must include StartingOffset");
    expect((JSON.parse(run.stdout) as JsonListing).error).toContain("must include StartingOffset");
  });

  it("exits 2 with the usage for a wrong command line or an unreadable file", () => {
    const usage = cli(["parse"]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("usage:");
    expect(usage.stdout).toBe("");
    const missing = cli(["parse", "test-fixtures/wmic/no-such-file.txt"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("cannot read test-fixtures/wmic/no-such-file.txt");
    expect(missing.stdout).toBe("");
  });
});
