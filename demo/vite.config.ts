import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Builds the demo's SPA page against the package's own ESM build (dist/lonceng.js), as an
// application that installed lonceng from npm would.
export default defineConfig({
  root: fileURLToPath(new URL('./spa', import.meta.url)),
  base: '/spa/',
  logLevel: 'warn',
  resolve: { alias: { lonceng: fileURLToPath(new URL('../dist/lonceng.js', import.meta.url)) } },
  build: { outDir: fileURLToPath(new URL('../demo-dist/spa', import.meta.url)), emptyOutDir: true, target: 'es2022' },
});
