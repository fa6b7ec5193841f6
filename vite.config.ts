import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import { minifyLitTemplates } from './scripts/minify-lit-templates.ts';

// ESM library build: dist/lonceng.js (elements + core) and dist/core.js (headless core).
// Runtime dependencies stay external so that an application bundles one copy of Lit;
// code shared by both entries goes into a hashed chunk.

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
const runtimeDeps = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });
const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** Matches every runtime dependency and its subpaths (`lit`, `lit/decorators.js`, `partysocket/ws`). */
export const externalDeps = new RegExp(`^(?:${runtimeDeps.map(escape).join('|')})(?:/.*)?$`);

/** Settings shared by the ESM and the IIFE build. */
export const shared = {
  build: {
    target: 'es2022',
    outDir: 'dist',
    sourcemap: false,
    reportCompressedSize: false,
    minify: 'oxc' as const,
  },
  plugins: [minifyLitTemplates()],
  logLevel: 'warn' as const,
};

export default defineConfig({
  ...shared,
  build: {
    ...shared.build,
    emptyOutDir: true,
    lib: {
      entry: {
        lonceng: 'src/lonceng.ts',
        core: 'src/core/index.ts',
      },
      formats: ['es'],
      fileName: (_format, entryName) => `${entryName}.js`,
    },
    rolldownOptions: {
      external: (id) => externalDeps.test(id),
      output: {
        // Vite only mangles ESM library output by default; also drop the whitespace.
        // Pure annotations are kept so that consumers can still tree-shake.
        minify: { compress: true, mangle: true, codegen: true },
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
    },
  },
});
