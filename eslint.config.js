import js from "@eslint/js";
import tseslint from "typescript-eslint";
import solid from "eslint-plugin-solid/configs/typescript";
import globals from "globals";

/**
 * Imports inside src/lib run one way (docs/architecture.md): the ground floor (units, vbox,
 * spans, devices, listing) knows nothing of the plan; check → guest → plan; the writers (vmdk,
 * zip, share, state, targets) sit on top. Each rule names the folders a layer must not import.
 */
/** What no file of src/lib may import: it is pure, and below the UI, the app and the CLI. */
const LIB_PATTERNS = [
  { group: ["solid-js", "solid-js/*"], message: "src/lib is pure: no solid-js." },
  {
    group: ["node:*", "fs", "path", "child_process", "os"],
    message: "src/lib runs in the browser: no Node modules.",
  },
  {
    group: ["../ui/*", "../../ui/*", "../app/*", "../../app/*", "../cli/*", "../../cli/*"],
    message: "src/lib must not depend on the UI, app or CLI.",
  },
];

const WRITERS = ["vmdk", "zip", "share", "state", "targets"];
const LAYERS = [
  { folder: "listing", below: ["plan", "guest", "check", ...WRITERS] },
  { folder: "devices", below: ["plan", "guest", "check", ...WRITERS] },
  { folder: "plan", below: ["guest", "check", ...WRITERS] },
  { folder: "guest", below: ["check", ...WRITERS] },
  { folder: "check", below: ["zip", "share", "state", "targets"] },
  { folder: "vmdk", below: ["zip", "share", "state", "targets"] },
];

function layerRules() {
  return LAYERS.map(({ folder, below }) => ({
    files: [`src/lib/${folder}/**/*.ts`],
    ignores: ["src/lib/**/*.test.ts", "src/lib/**/*.testkit.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...LIB_PATTERNS,
            {
              group: below.flatMap((b) => [`../${b}/*`, `../../${b}/*`]),
              message: `src/lib/${folder} sits below ${below.join(", ")}: imports run one way (docs/architecture.md).`,
            },
          ],
        },
      ],
    },
  }));
}

export default tseslint.config(
  {
    ignores: [
      "node_modules",
      "dist",
      "dist-single",
      "dist-cli",
      "dist-baseline",
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
    files: ["src/ui/**/*.{ts,tsx}", "src/app/**/*.{ts,tsx}", "src/*.{ts,tsx}", "bench/**/*.tsx"],
    ...solid,
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The wiring sits below the components: src/ui imports src/app, never the other way.
    files: ["src/app/**/*.{ts,tsx}"],
    ignores: ["src/app/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["../ui/*", "../../ui/*"], message: "src/app must not import src/ui." },
          ],
        },
      ],
    },
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
          patterns: [...LIB_PATTERNS],
        },
      ],
    },
  },
  // After the general src/lib rule: these carry its patterns and add each layer's own.
  ...layerRules(),
);
