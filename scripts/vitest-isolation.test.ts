/**
 * vitest.config.ts lets most test files share one module graph per worker. That is safe only
 * while each file leaves nothing behind: module mocks must run isolated, and fake timers and
 * stubbed globals must be undone after each test. This reads every test file and holds that.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ISOLATED } from "../vitest.config.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function testFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith(".test.ts") ? [relative(root, join(root, path))] : [];
  });
}

const files = [...testFiles("src"), ...testFiles("scripts")].map((path) => ({
  path,
  text: readFileSync(join(root, path), "utf8"),
}));

describe("test isolation (vitest.config.ts)", () => {
  it("finds the test files", () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it("runs every file that mocks a module isolated", () => {
    const mocking = files.filter((f) => /\bvi\.(mock|doMock|resetModules)\(/.test(f.text));
    expect(mocking.length).toBeGreaterThan(0);
    expect(mocking.map((f) => f.path).filter((p) => !ISOLATED.includes(p))).toEqual([]);
  });

  it("names only files that exist", () => {
    expect(ISOLATED.filter((p) => !existsSync(join(root, p)))).toEqual([]);
  });

  it("undoes fake timers and stubbed globals after each test in the shared files", () => {
    const leaks = files
      .filter((f) => !ISOLATED.includes(f.path))
      .flatMap((f) => {
        const found: string[] = [];
        const afterEach = /afterEach\(\(\) => \{([^]*?)\n\}\);/.exec(f.text)?.[1] ?? "";
        if (/vi\.useFakeTimers\(/.test(f.text) && !/vi\.useRealTimers\(\)/.test(afterEach))
          found.push(`${f.path}: fake timers without vi.useRealTimers() in afterEach`);
        if (/vi\.stubGlobal\(/.test(f.text) && !/vi\.unstubAllGlobals\(\)/.test(afterEach))
          found.push(`${f.path}: vi.stubGlobal without vi.unstubAllGlobals() in afterEach`);
        return found;
      });
    expect(leaks).toEqual([]);
  });
});
