import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './build/precompress';

/** Packages that change only with an upgrade (see codeSplitting): React itself, which the sign-in screen needs … */
const REACT = /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/;
/** … and the router and server-state cache, which only the signed-in app does. */
const STABLE_VENDORS = /[\\/]node_modules[\\/](react-router|react-router-dom|@tanstack)[\\/]/;

/**
 * Built with `vite build apps/web`, so paths here are relative to apps/web. The API serves
 * dist/web; `vite apps/web` runs a dev server that forwards the API to a backend on port 3300.
 */
export default defineConfig({
  plugins: [react(), precompress()],
  base: '/',
  resolve: {
    // `@app/domain/routing/outcome` is libs/domain/src/routing/outcome.ts, as in apps/web/tsconfig.json:
    // the web app takes the domain's vocabularies file by file (the index also brings the work calendar).
    // `@app/contract` is the HTTP contract's shapes (types only, with the domain's vocabularies).
    alias: [
      {
        find: /^@app\/contract$/,
        replacement: fileURLToPath(new URL('../../libs/contract/src/index.ts', import.meta.url)),
      },
      {
        find: /^@app\/domain\//,
        replacement: fileURLToPath(new URL('../../libs/domain/src/', import.meta.url)),
      },
    ],
  },
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    // The largest chunk, about 550 KB (≈ 185 KB gzipped), is the shell's part of antd (config
    // provider with its form context, layout, menu, modal, the style engine) and the two
    // dictionaries; a warning past 650 KB catches a screen's dependency drifting into the shell.
    chunkSizeWarningLimit: 650,
    rolldownOptions: {
      output: {
        // React, the router and TanStack Query change only with an upgrade: chunks browsers keep
        // cached across deployments. antd is left to Rolldown, so each lazily loaded screen brings the
        // components only it uses (Table, DatePicker, Upload …) instead of the first page bringing all.
        codeSplitting: {
          groups: [
            { name: 'react', test: REACT },
            { name: 'vendor', test: STABLE_VENDORS },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://127.0.0.1:3300',
      '/health': 'http://127.0.0.1:3300',
    },
  },
});
