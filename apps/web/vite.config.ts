import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Built with `vite build apps/web`, so paths here are relative to apps/web. The API serves
 * dist/web; `vite apps/web` runs a dev server that forwards the API to a backend on port 3300.
 */
export default defineConfig({
  plugins: [react()],
  base: '/',
  resolve: {
    // `@app/domain/routing/outcome` is libs/domain/src/routing/outcome.ts, as in apps/web/tsconfig.json:
    // the web app takes the domain's vocabularies file by file (the index also brings the work calendar).
    alias: [
      {
        find: /^@app\/domain\//,
        replacement: fileURLToPath(new URL('../../libs/domain/src/', import.meta.url)),
      },
    ],
  },
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    // antd and React form one vendor chunk of about 1.4 MB (≈ 450 KB gzipped): expected for an intranet app.
    chunkSizeWarningLimit: 1600,
    rollupOptions: {
      output: {
        manualChunks: {
          vendor: ['react', 'react-dom', 'react-router-dom', 'antd', '@ant-design/icons', 'dayjs'],
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
