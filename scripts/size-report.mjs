#!/usr/bin/env node
// Prints raw, minified and gzip (level 9) sizes of every .js file in dist/ and
// enforces the size budget of the script-tag build.
// Usage: node scripts/size-report.mjs [distDir]   (exit 1 when over budget)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { minifySync } from 'vite';

/** Budget per file, gzip bytes. */
export const BUDGETS = { 'lonceng.iife.js': 20480 };

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
  return jsFiles(distDir).map((file) => {
    const buf = readFileSync(join(distDir, file));
    const gzip = gzipSync(buf, { level: 9 }).length;
    const budget = BUDGETS[file.replaceAll('\\', '/')];
    return {
      file: file.replaceAll('\\', '/'),
      raw: buf.length,
      min: minifiedSize(file, buf.toString('utf8')),
      gzip,
      budget,
      over: budget !== undefined && gzip > budget,
    };
  });
}

const kb = (n) => `${(n / 1024).toFixed(2)} KiB`.padStart(11);

/** Prints the table; returns false when a file is over its budget. */
export function report(distDir = 'dist', log = console.log) {
  const rows = measure(distDir);
  if (rows.length === 0) throw new Error(`no .js files in ${distDir}`);
  const width = Math.max(4, ...rows.map((r) => r.file.length));
  log(`${'file'.padEnd(width)}  ${'raw'.padStart(11)}  ${'min'.padStart(11)}  ${'gzip -9'.padStart(11)}  budget`);
  for (const r of rows) {
    const budget = r.budget === undefined ? '' : `${r.over ? 'OVER' : 'ok'} (${r.gzip} / ${r.budget} B)`;
    log(`${r.file.padEnd(width)}  ${kb(r.raw)}  ${kb(r.min)}  ${kb(r.gzip)}  ${budget}`);
  }
  for (const [file, budget] of Object.entries(BUDGETS)) {
    if (!rows.some((r) => r.file === file)) {
      log(`size budget: ${file} is missing from ${distDir}`);
      return false;
    }
    const row = rows.find((r) => r.file === file);
    if (row.over) {
      log(`size budget exceeded: ${file} is ${row.gzip} B gzip, budget ${budget} B`);
      return false;
    }
  }
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const dir = resolve(process.argv[2] ?? join(root, 'dist'));
  console.log(`size report for ${relative(process.cwd(), dir) || '.'}`);
  process.exit(report(dir) ? 0 : 1);
}
