// Configuration of @custom-elements-manifest/analyzer (`cem analyze`), run by scripts/build.mjs.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.spec.ts', 'src/**/*.d.ts'],
  outdir: 'dist',
  litelement: true,
  // package.json already has "customElements"; do not let the analyzer rewrite it.
  packagejson: false,
};
