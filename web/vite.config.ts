import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const webRoot = fileURLToPath(new URL(".", import.meta.url));

/** Builds the single-page UI into dist/web, which the API server serves at `/`. */
export default defineConfig({
  root: webRoot,
  base: "/",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    // pdf.js is large and only needed for the export preview; it is split into its own chunk.
    chunkSizeWarningLimit: 1600,
    sourcemap: false,
  },
  server: {
    host: "127.0.0.1",
    // `npx vite --config web/vite.config.ts` serves the UI with hot reload against `npm start` on port 3000.
    proxy: { "/api": "http://127.0.0.1:3000" },
  },
});
