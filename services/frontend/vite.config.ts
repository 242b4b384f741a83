import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The SPA's own directory, so the build works from any working directory. */
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
});
