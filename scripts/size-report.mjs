#!/usr/bin/env node
// Prints raw, minified and gzip (level 9) sizes of every .js file in dist/ and of what an
// application ships when it bundles lonceng, and enforces the size budget of the script-tag build.
// Usage: node scripts/size-report.mjs [distDir]   (exit 1 when over budget)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, defaultClientConditions, minifySync } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Budget per file, gzip bytes. */
export const BUDGETS = { 'lonceng.iife.js': 24 * 1024 };

function jsFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.js') && statSync(join(dir, f)).isFile())
    .sort();
}

/** Size after an oxc minify pass (the dist files are minified already, so close to raw). */
function minifiedSize(file, code) {
  try {
    return Buffer.byteLength(minifySync(file, code, { compress: true, mangle: true }).code);
  } catch {
    return Buffer.byteLength(code);
  }
}

/** @returns {{ file: string, raw: number, min: number, gzip: number, budget?: number, over: boolean }[]} */
export function measure(distDir = 'dist') {
  return jsFiles(distDir).map((f) => {
    const file = f.replaceAll('\\', '/');
    const buf = readFileSync(join(distDir, f));
    const gzip = gzipSync(buf, { level: 9 }).length;
    const budget = BUDGETS[file];
    return {
      file,
      raw: buf.length,
      min: minifiedSize(file, buf.toString('utf8')),
      gzip,
      budget,
      over: budget !== undefined && gzip > budget,
    };
  });
}

/**
 * What an application ships for one import: a one-line entry bundled the way an application's
 * production build would (Lit's production build, everything bundled, minified).
 */
export const CONSUMERS = [
  { label: "consumer: import 'lonceng'", entry: "import 'lonceng';" },
  {
    label: "consumer: import { createNotifier } from 'lonceng/core'",
    entry: "import { createNotifier } from 'lonceng/core'; console.log(createNotifier);",
  },
];

/**
 * Bundles `entry` against the npm build in distDir, minified with oxc or not at all; returns the
 * code of every emitted chunk. Writes nothing.
 */
async function bundle(entry, distDir, minify) {
  const ENTRY = 'virtual:lonceng-size-entry';
  const output = await build({
    configFile: false,
    envFile: false,
    root,
    mode: 'production',
    logLevel: 'silent',
    publicDir: false,
    plugins: [
      {
        name: 'lonceng:size-entry',
        resolveId: (id) => (id === ENTRY ? `\0${ENTRY}` : null),
        load: (id) => (id === `\0${ENTRY}` ? entry : null),
      },
    ],
    resolve: {
      alias: [
        { find: /^lonceng$/, replacement: resolve(distDir, 'lonceng.js') },
        { find: /^lonceng\/core$/, replacement: resolve(distDir, 'core.js') },
      ],
      // As in vite.iife.config.ts: Lit's production build, not its development one.
      conditions: [...defaultClientConditions.filter((c) => c !== 'development|production'), 'production'],
    },
    build: {
      write: false,
      emptyOutDir: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      modulePreload: { polyfill: false },
      target: 'es2022',
      minify: minify ? 'oxc' : false,
      rolldownOptions: { input: ENTRY, output: { format: 'es' } },
    },
  });
  return [output]
    .flat()
    .flatMap((o) => o.output)
    .filter((chunk) => chunk.type === 'chunk')
    .map((chunk) => chunk.code);
}

const bytes = (codes) => codes.reduce((sum, code) => sum + Buffer.byteLength(code), 0);

/**
 * raw: the bundle unminified; min: minified by the bundler; gzip: of the minified bundle.
 * @returns {Promise<{ file: string, raw: number, min: number, gzip: number, chunks: number }[]>}
 */
export async function measureConsumers(distDir = 'dist') {
  const rows = [];
  for (const { label, entry } of CONSUMERS) {
    const raw = await bundle(entry, distDir, false);
    const min = await bundle(entry, distDir, true);
    const gzip = min.reduce((sum, code) => sum + gzipSync(code, { level: 9 }).length, 0);
    rows.push({ file: label, raw: bytes(raw), min: bytes(min), gzip, chunks: min.length });
  }
  return rows;
}

const kb = (n) => `${(n / 1024).toFixed(2)} KiB`.padStart(11);

/** Prints the table; resolves to false when a file is over its budget. */
export async function report(distDir = 'dist', log = console.log) {
  const rows = measure(distDir);
  if (rows.length === 0) throw new Error(`no .js files in ${distDir}`);
  const consumers = await measureConsumers(distDir);
  const width = Math.max(4, ...[...rows, ...consumers].map((r) => r.file.length));
  const line = (r, note) => log(`${r.file.padEnd(width)}  ${kb(r.raw)}  ${kb(r.min)}  ${kb(r.gzip)}  ${note}`.trimEnd());
  log(`${'file'.padEnd(width)}  ${'raw'.padStart(11)}  ${'min'.padStart(11)}  ${'gzip -9'.padStart(11)}  budget`);
  for (const r of rows) line(r, r.budget === undefined ? '' : `${r.over ? 'OVER' : 'ok'} (${r.gzip} / ${r.budget} B)`);
  for (const r of consumers) line(r, r.chunks > 1 ? `(${r.chunks} chunks)` : '');
  for (const [file, budget] of Object.entries(BUDGETS)) {
    const row = rows.find((r) => r.file === file);
    if (!row) {
      log(`size budget: ${file} is missing from ${distDir}`);
      return false;
    }
    if (row.over) {
      log(`size budget exceeded: ${file} is ${row.gzip} B gzip, budget ${budget} B`);
      return false;
    }
  }
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = resolve(process.argv[2] ?? join(root, 'dist'));
  console.log(`size report for ${relative(process.cwd(), dir) || '.'}`);
  process.exit((await report(dir)) ? 0 : 1);
}
