import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = resolve(webRoot, '../..');
const apiTarget = 'http://localhost:3000';

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  // The protocol library is shared source, compiled into the client like the app itself.
  resolve: { alias: { '@liaison/e2ee': resolve(repoRoot, 'libs/e2ee/src/index.ts') } },
  build: {
    // apps/api serves this directory, so the web build lands next to the server build.
    outDir: resolve(repoRoot, 'dist/web'),
    emptyOutDir: true,
    // Libraries change less often than the app, so separate chunks stay cached across releases.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 3 },
            { name: 'mantine', test: /node_modules[\\/]@mantine[\\/]/, priority: 2 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  // `vite preview` reuses this proxy, so a built client can be tried against a running API.
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/health': { target: apiTarget, changeOrigin: false },
      '/realtime': { target: apiTarget, ws: true, changeOrigin: false },
      // socket.io's transport path when the gateway keeps the default and /realtime is a namespace.
      '/socket.io': { target: apiTarget, ws: true, changeOrigin: false },
    },
  },
});
