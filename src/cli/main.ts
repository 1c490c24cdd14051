/**
 * The command line:
 *
 *   npm run -s cli -- parse FILE|-                 listing → JSON on standard output
 *   npm run -s cli -- check PLAN.json|-            the plan's findings → JSON on standard output
 *   npm run -s cli -- build PLAN.json|- -o OUT.zip the plan's zip, written to OUT.zip
 *
 * With `npm run -s`, only the JSON reaches standard output; messages go to standard error.
 * Exit status: 0 done, 1 the input is refused (a plan with errors writes nothing), 2 usage.
 */
import { readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import {
  applySectorSize,
  countPartitions,
  listingToJson,
  parseListing,
} from "../lib/listing/index.ts";
import { checkPlan } from "../lib/check/index.ts";
import { loadPlan } from "../lib/plan/codec.ts";
import type { Finding } from "../lib/plan/findings.ts";
import { hasErrors, omittedSentence, summariseFindings } from "../lib/plan/findings.ts";
import { TARGETS, type Plan, type Target } from "../lib/plan/types.ts";

const USAGE = `usage:
  npm run -s cli -- parse [--sector-size 512|4096] FILE
                                            print the parsed listing as JSON ("-" reads standard input)
  npm run -s cli -- check PLAN.json         print the plan's findings as JSON (exit 1 on errors)
  npm run -s cli -- build [--target virtualbox,qemu,libvirt,dm] PLAN.json -o OUT.zip
                                            write the plan's zip (nothing when the plan has errors)`;

function usage(): number {
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

function readInput(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path === "-" ? 0 : path));
}

/** The file's bytes, or null after saying why on standard error. */
function readOrSay(path: string): Uint8Array | null {
  try {
    return readInput(path);
  } catch (e) {
    process.stderr.write(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}\n`);
    return null;
  }
}

function cmdParse(argv: string[]): number {
  const args = [...argv];
  let sectorSize: 512 | 4096 | null = null;
  const flag = args.indexOf("--sector-size");
  if (flag >= 0) {
    const value = args[flag + 1];
    if (value !== "512" && value !== "4096") {
      process.stderr.write(`--sector-size takes 512 or 4096, not ${value ?? "nothing"}\n`);
      return 2;
    }
    sectorSize = value === "512" ? 512 : 4096;
    args.splice(flag, 2);
  }
  const path = args[0];
  if (path === undefined || args.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let data: Uint8Array;
  try {
    data = readInput(path);
  } catch (e) {
    process.stderr.write(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const parsed = parseListing(data);
  const result = sectorSize === null ? parsed : applySectorSize(parsed, sectorSize);
  if (sectorSize === null && parsed.ok && parsed.disks.some((d) => d.sectorSizeUnknown)) {
    process.stderr.write(
      "The listing counts in sectors but does not say how many bytes a sector has: its partitions are not exact. Run again with --sector-size 512 or --sector-size 4096 (Linux: cat /sys/block/sdX/queue/logical_block_size; macOS: diskutil info diskN, Device Block Size; FreeBSD: diskinfo -v adaN, sectorsize).\n",
    );
  }
  process.stdout.write(`${JSON.stringify(listingToJson(result), null, 2)}\n`);
  if (!result.ok) {
    process.stderr.write(`${result.error}\n`);
    return 1;
  }
  if (countPartitions(result) === 0) {
    process.stderr.write("The listing was recognised but has no partitions.\n");
    return 1;
  }
  return 0;
}

type Loaded =
  { ok: true; plan: Plan } | { ok: false; findings: Finding[] } | { ok: false; status: 2 };

/** Reads and validates a plan file; an invalid one becomes `invalid-plan` error findings. */
function loadPlanFile(path: string): Loaded {
  const data = readOrSay(path);
  if (!data) return { ok: false, status: 2 };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    return { ok: false, findings: [invalidPlan(`${path} is not UTF-8 text.`)] };
  }
  const loaded = loadPlan(text);
  if (!loaded.ok) {
    return {
      ok: false,
      findings: loaded.issues.map((issue) =>
        invalidPlan(`${issue.path || "plan"}: ${issue.message}`),
      ),
    };
  }
  return { ok: true, plan: loaded.plan };
}

const invalidPlan = (message: string): Finding => ({
  severity: "error",
  code: "invalid-plan",
  message,
  targets: [],
});

/**
 * The findings on standard error, a few of each code and a count of the rest (a plan at the
 * format's limits has tens of thousands of per-range warnings); `check` prints them all.
 */
function sayFindings(findings: readonly Finding[]): void {
  const { shown, omitted } = summariseFindings(findings);
  for (const f of shown) process.stderr.write(`${f.severity} ${f.code}: ${f.message}\n`);
  for (const more of omitted) {
    const sentence = omittedSentence(more).replace(/\.$/, "; `cli check` lists every one.");
    process.stderr.write(`${more.severity} ${more.code}: ${sentence}\n`);
  }
}

function cmdCheck(args: string[]): number {
  const path = args[0];
  if (path === undefined || args.length > 1) return usage();
  const loaded = loadPlanFile(path);
  if (!loaded.ok && "status" in loaded) return loaded.status;
  const findings = loaded.ok ? checkPlan(loaded.plan) : loaded.findings;
  process.stdout.write(`${JSON.stringify(findings, null, 2)}\n`);
  return hasErrors(findings) ? 1 : 0;
}

async function cmdBuild(args: string[]): Promise<number> {
  let planPath: string | undefined;
  let outPath: string | undefined;
  let targets: Target[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--target") {
      const list = (args[++i] ?? "").split(",").map((t) => t.trim());
      const unknown = list.filter((t) => !TARGETS.includes(t as Target));
      if (list.length === 0 || unknown.length > 0) {
        process.stderr.write(
          `--target takes a comma-separated list of ${TARGETS.join(", ")}; not ${unknown.join(", ") || "nothing"}\n`,
        );
        return 2;
      }
      targets = [...new Set(list as Target[])];
    } else if (arg === "-o" || arg === "--output") {
      if (outPath !== undefined || args[i + 1] === undefined) return usage();
      outPath = args[++i];
    } else if (
      arg !== undefined &&
      (arg === "-" || !arg.startsWith("-")) &&
      planPath === undefined
    ) {
      planPath = arg;
    } else {
      return usage();
    }
  }
  if (planPath === undefined || outPath === undefined) return usage();

  const loaded = loadPlanFile(planPath);
  if (!loaded.ok) {
    if ("status" in loaded) return loaded.status;
    sayFindings(loaded.findings);
    return 1;
  }
  // Loaded only now: parse and check need no zip writer.
  const { buildZip } = await import("../lib/zip/zip.ts");
  const built = await buildZip(loaded.plan, targets ? { targets } : {});
  if (!built.ok) {
    sayFindings(built.findings);
    process.stderr.write(`The plan has errors: ${outPath} was not written.\n`);
    return 1;
  }
  sayFindings(built.findings);
  // Write beside the target and rename, so a failed write never leaves half a zip.
  const partial = `${outPath}.partial`;
  try {
    writeFileSync(partial, built.bytes);
    renameSync(partial, outPath);
  } catch (e) {
    rmSync(partial, { force: true });
    process.stderr.write(
      `cannot write ${outPath}: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    return 2;
  }
  const assigned = built.plan.vms.filter((vm, i) => loaded.plan.vms[i]?.uuid === null).length;
  if (assigned > 0) {
    process.stderr.write(
      `${assigned} VM${assigned === 1 ? "" : "s"} got a new UUID: the plan.json inside ${outPath}` +
        " keeps it; build from that file next time to get the same zip.\n",
    );
  }
  // Guest table identities (MBR signature, GPT disk and partition GUIDs) assigned now: Windows
  // ties drive letters and boot entries to them, so they must not change at the next build.
  const withIds = built.plan.vms.filter((vm, i) => {
    const before = loaded.plan.vms[i];
    if (!before) return false;
    const filled = (a: unknown, b: unknown) =>
      (a === null || a === undefined) && typeof b === "string";
    return (
      filled(before.diskSignature, vm.diskSignature) ||
      filled(before.diskGuid, vm.diskGuid) ||
      vm.ranges.some((r, j) => filled(before.ranges[j]?.partitionGuid, r.partitionGuid))
    );
  }).length;
  if (withIds > 0) {
    process.stderr.write(
      `${withIds} VM${withIds === 1 ? "" : "s"} got new partition-table identities (disk signature or GPT GUIDs): the plan.json inside ${outPath}` +
        " keeps them; build from that file next time, or Windows sees another disk.\n",
    );
  }
  process.stderr.write(`wrote ${outPath} (${built.bytes.length} bytes)\n`);
  return 0;
}

const commands: Record<string, (args: string[]) => number | Promise<number>> = {
  parse: cmdParse,
  check: cmdCheck,
  build: cmdBuild,
};
/** Runs one command line (without `node main.ts`); resolves to the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const run = command === undefined ? undefined : commands[command];
  return run ? run(rest) : usage();
}

// Run when started as a program; tests import main() instead.
const started = process.argv[1];
if (started !== undefined && import.meta.url === pathToFileURL(realpathSync(started)).href) {
  process.exitCode = await main(process.argv.slice(2));
}
