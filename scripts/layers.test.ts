/**
 * ESLint holds the architecture (docs/architecture.md): imports inside src/lib run one way, and
 * src/app never imports src/ui. Linted in memory, as if the files were in those folders.
 */
import { ESLint } from "eslint";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const eslint = new ESLint({ cwd: root });

async function messages(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return (result?.messages ?? []).map((m) => m.message);
}

describe("import direction", () => {
  it.each([
    [
      "src/lib/plan/x.ts",
      'import { planFiles } from "../zip/files.ts";\nexport const y = planFiles;\n',
    ],
    [
      "src/lib/listing/x.ts",
      'import { checkPlan } from "../check/index.ts";\nexport const y = checkPlan;\n',
    ],
    [
      "src/lib/plan/x.ts",
      'import { checkPlan } from "../check/index.ts";\nexport const y = checkPlan;\n',
    ],
    [
      "src/lib/guest/x.ts",
      'import { checkPlan } from "../check/index.ts";\nexport const y = checkPlan;\n',
    ],
    [
      "src/lib/check/x.ts",
      'import { planFiles } from "../zip/files.ts";\nexport const y = planFiles;\n',
    ],
    [
      "src/lib/guest/x.ts",
      'import { readDescriptor } from "../vmdk/reader.ts";\nexport const y = readDescriptor;\n',
    ],
    [
      "src/lib/vmdk/x.ts",
      'import { buildZip } from "../zip/zip.ts";\nexport const y = buildZip;\n',
    ],
    ["src/app/x.ts", 'import { count } from "../ui/format.ts";\nexport const y = count;\n'],
  ])("%s may not import upwards", async (path, code) => {
    expect((await messages(path, code)).join(" ")).toMatch(/must not import|sits below/);
  });

  it.each([
    [
      "src/lib/zip/x.ts",
      'import { checkPlan } from "../check/index.ts";\nexport const y = checkPlan;\n',
    ],
    [
      "src/lib/check/x.ts",
      'import { guestLayout } from "../guest/layout.ts";\nexport const y = guestLayout;\n',
    ],
    [
      "src/lib/plan/x.ts",
      'import { parseDecimal } from "../units.ts";\nexport const y = parseDecimal;\n',
    ],
    [
      "src/ui/x.ts",
      'import { copyText } from "../app/clipboard.ts";\nexport const y = copyText;\n',
    ],
  ])("%s may import downwards", async (path, code) => {
    expect(await messages(path, code)).toEqual([]);
  });
});
