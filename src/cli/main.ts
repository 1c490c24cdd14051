/**
 * The command line:
 *
 *   npm run -s cli -- parse FILE|-     listing → JSON on standard output
 *
 * With `npm run -s`, only the JSON reaches standard output; messages go to standard error.
 */
import { readFileSync } from "node:fs";
import { countPartitions, listingToJson, parseListing } from "../lib/listing/index.ts";

const USAGE = `usage:
  npm run -s cli -- parse FILE     print the parsed listing as JSON ("-" reads standard input)`;

function readInput(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path === "-" ? 0 : path));
}

function cmdParse(args: string[]): number {
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
  const result = parseListing(data);
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

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, (args: string[]) => number> = { parse: cmdParse };
const run = command === undefined ? undefined : commands[command];
if (!run) {
  process.stderr.write(`${USAGE}\n`);
  process.exitCode = 2;
} else {
  process.exitCode = run(rest);
}
