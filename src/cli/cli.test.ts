/**
 * The CLI as a user runs it: exactly `npm run -s cli -- parse …` from the repository root, its
 * whole standard output parsed as JSON (a stray line there would fail the test). Starting npm
 * costs about a second, so two runs go through npm (a file, and standard input) and the rest
 * call the same main() in this process (inProcess.testkit.ts).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SUPPORTED_FORMATS_TEXT } from "../lib/listing/index.ts";
import { cliInProcess } from "./inProcess.testkit.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function npmCli(args: string[], input?: Uint8Array | string): Run {
  const run = spawnSync("npm", ["run", "-s", "cli", "--", ...args], {
    cwd: root,
    input,
    encoding: "utf8",
    timeout: 60_000,
  });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** main() in this process; the repository's paths made absolute, as npm's run from its root. */
function cli(args: string[]): Promise<Run> {
  return cliInProcess(...args.map((a) => (a.startsWith("test-fixtures/") ? resolve(root, a) : a)));
}

/** Standard input through a file: main() reads "-" from fd 0, which a test cannot feed. */
async function cliText(text: string): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), "rdp-cli-"));
  try {
    const path = join(dir, "listing.txt");
    writeFileSync(path, text);
    return await cli(["parse", path]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
    const run = npmCli(["parse", workedPath]);
    const json = expectWorkedExample(run);
    expect(json.disks[0]?.device).toBe("\\\\.\\PhysicalDrive0");
    expect(run.stdout).toContain('"device": "\\\\\\\\.\\\\PhysicalDrive0"');
  });

  it("reads standard input with '-'", async () => {
    const fromFile = await cli(["parse", workedPath]);
    const fromStdin = npmCli(["parse", "-"], readFileSync(resolve(root, workedPath)));
    expectWorkedExample(fromStdin);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });

  it("reads the UTF-16LE file with a BOM and CRLF to the same numbers", async () => {
    const run = await cli(["parse", "test-fixtures/wmic/worked-example.utf16le-bom-crlf.txt"]);
    expectWorkedExample(run);
    expect(run.stdout).toBe((await cli(["parse", workedPath])).stdout);
  });

  it("exits 1 on an unrecognised text, naming the supported formats on standard error", async () => {
    const run = await cliText("Dear IT,\nplease find my partitions attached.\n");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("No partition listing recognised");
    expect(run.stderr).toContain(SUPPORTED_FORMATS_TEXT);
    expect(run.stderr).toContain("wmic partition get");
    expect(run.stderr).toContain("fdisk -l");
    expect((JSON.parse(run.stdout) as JsonListing).disks).toEqual([]);
  });

  it("exits 1 with the parser's message when wmic output lacks StartingOffset", async () => {
    const run = await cliText(
      "Name                   NumberOfBlocks\nDisk #0, Partition #0  2048\n",
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("must include StartingOffset");
    expect((JSON.parse(run.stdout) as JsonListing).error).toContain("must include StartingOffset");
  });

  it("exits 2 with the usage for a wrong command line or an unreadable file", async () => {
    const usage = await cli(["parse"]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("usage:");
    expect(usage.stdout).toBe("");
    const missing = await cli(["parse", "test-fixtures/wmic/no-such-file.txt"]);
    expect(missing.status).toBe(2);
    // The message names the path as given.
    expect(missing.stderr).toContain(
      `cannot read ${resolve(root, "test-fixtures/wmic/no-such-file.txt")}:`,
    );
    expect(missing.stdout).toBe("");
  });
});
