import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Built with `vite build apps/web`, so paths here are relative to apps/web. The API serves
 * dist/web; `vite apps/web` runs a dev server that forwards the API to a backend on port 3300.
 */
export default defineConfig({
  plugins: [react()],
  base: '/',
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
