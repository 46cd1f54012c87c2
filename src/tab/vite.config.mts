// The tab's build: React + Fluent UI, served by the restify server under /tab from dist/tab.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/tab/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/tab', import.meta.url)),
    emptyOutDir: true,
    // Hashed file names: the server caches assets for a year and index.html not at all.
    assetsDir: 'assets',
    chunkSizeWarningLimit: 900,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3978', '/meetings': 'http://127.0.0.1:3978' } },
});
