import { defaultClientConditions, defineConfig } from 'vite';
import { shared } from './vite.config.ts';
import { trimPartysocket } from './scripts/trim-partysocket.ts';

// Script-tag build: dist/lonceng.iife.js, everything bundled, global `Lonceng`.
export default defineConfig({
  ...shared,
  plugins: [...shared.plugins, trimPartysocket()],
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
