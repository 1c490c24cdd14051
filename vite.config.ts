import { defineConfig } from "vite";
import solid from "vite-plugin-solid";

export default defineConfig({
  // Relative asset URLs: the build runs from any sub-path, any static host, or a file share.
  base: "./",
  plugins: [solid()],
  build: {
    target: "es2022",
    sourcemap: false,
  },
  preview: { port: 4173, strictPort: true },
});
