import js from "@eslint/js";
import tseslint from "typescript-eslint";
import solid from "eslint-plugin-solid/configs/typescript";
import globals from "globals";

export default tseslint.config(
  {
    ignores: [
      "node_modules",
      "dist",
      "dist-single",
      "dist-cli",
      "test-results",
      "playwright-report",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["src/ui/**/*.{ts,tsx}", "src/app/**/*.{ts,tsx}", "src/main.tsx"],
    ...solid,
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The engine is pure: no UI framework, no DOM, no Node. It must run in the browser,
    // in the CLI and in tests alike. (tsconfig.lib.json enforces the same for types.)
    files: ["src/lib/**/*.ts"],
    ignores: ["src/lib/**/*.test.ts", "src/lib/**/*.testkit.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["solid-js", "solid-js/*"], message: "src/lib is pure: no solid-js." },
            {
              group: ["node:*", "fs", "path", "child_process", "os"],
              message: "src/lib runs in the browser: no Node modules.",
            },
            {
              group: [
                "../ui/*",
                "../../ui/*",
                "../app/*",
                "../../app/*",
                "../cli/*",
                "../../cli/*",
              ],
              message: "src/lib must not depend on the UI, app or CLI.",
            },
          ],
        },
      ],
    },
  },
);
