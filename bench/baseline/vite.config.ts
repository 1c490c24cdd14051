import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import solid from "vite-plugin-solid";

/**
 * The baseline page of the start-up benchmark, built the way the app is (same Solid plugin,
 * target and relative base): `vite build --config bench/baseline/vite.config.ts` → dist-baseline/.
 */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  plugins: [solid()],
  build: {
    target: "es2022",
    sourcemap: false,
    outDir: fileURLToPath(new URL("../../dist-baseline", import.meta.url)),
    emptyOutDir: true,
  },
});
