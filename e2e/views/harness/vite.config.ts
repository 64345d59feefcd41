// Builds the views harness (not shipped): the views over the real worker on a bare page.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: '/tmp/irqscope-views-harness', emptyOutDir: true },
  preview: { port: 4183, strictPort: true },
});
