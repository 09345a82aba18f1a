import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer: one build served by the headless Director and loaded by the Electron window.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  publicDir: '../assets',
  build: {
    outDir: '../dist-renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { port: 5173, strictPort: false, host: '127.0.0.1' },
});
