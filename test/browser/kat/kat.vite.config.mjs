// Bundles test/browser/kat/entry.ts (the protocol library and its known-answer tests) into one
// ES module for Chromium: `vite build --config test/browser/kat/kat.vite.config.mjs`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../../dist/kat', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    lib: { entry: `${here}entry.ts`, formats: ['es'], fileName: () => 'kat.js' },
  },
});
