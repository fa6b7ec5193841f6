import { defaultClientConditions, defineConfig } from 'vite';
import { shared } from './vite.config.ts';

// Script-tag build: dist/lonceng.iife.js, everything bundled, global `Lonceng`. Dependencies
// (Lit, partysocket, idb-keyval) are bundled exactly as published.
export default defineConfig({
  ...shared,
  define: {
    'process.env.NODE_ENV': JSON.stringify('production'),
  },
  resolve: {
    // Lit ships its development build under the `development` export condition.
    conditions: [...defaultClientConditions.filter((c) => c !== 'development|production'), 'production'],
  },
  build: {
    ...shared.build,
    emptyOutDir: false,
    lib: {
      entry: 'src/iife.ts',
      name: 'Lonceng',
      formats: ['iife'],
      fileName: () => 'lonceng.iife.js',
    },
  },
});
