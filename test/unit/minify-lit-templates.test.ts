import { build, parseAst, type Plugin, type Rolldown } from 'vite';
import { describe, expect, it } from 'vitest';
import { minifyCss, minifyHtml, minifyLitTemplates } from '../../scripts/minify-lit-templates.ts';

// The minifier of the static text of Lit templates (scripts/minify-lit-templates.ts), which
// every build of the widget goes through.

describe('minifyCss', () => {
  it('shrinks a realistic style sheet', () => {
    const sheet = `
      :host {
        display: block; /* the host */
        opacity: 0.5;
        width: 10.5px;
      }
      .a > .b , .c {
        color: red !important;
        transition: opacity 0.15s ease-out, transform 0.2s;
      }
    `;
    expect(minifyCss(sheet)).toBe(
      ' :host{display:block;opacity:.5;width:10.5px}.a>.b,.c{color:red!important;transition:opacity .15s ease-out,transform .2s}',
    );
  });

  it('drops comments, also one that holds a quote, and keeps them apart from what follows', () => {
    expect(minifyCss(`/* don't */ a { b: c }`)).toBe(' a{b:c}');
    expect(minifyCss(`a { color: red; /* the last one */ }`)).toBe('a{color:red}');
    expect(minifyCss('.a/* x */.b{}')).toBe('.a .b{}');
  });

  it('leaves strings as written, also ones holding ; { /* or escaped quotes', () => {
    expect(minifyCss(`.x::before { content: "a;  b {  c /* d */"; }`)).toBe(`.x::before{content:"a;  b {  c /* d */"}`);
    expect(minifyCss(`.x::before { content: 'it\\'s  ;  { }' }`)).toBe(`.x::before{content:'it\\'s  ;  { }'}`);
    expect(minifyCss(`grid-template-areas: "a  b"   "c  d";`)).toBe(`grid-template-areas:"a  b" "c  d";`);
  });

  it('leaves a string continued on the next line with a backslash as written', () => {
    expect(minifyCss(`a { content: "x\\\n    y"; }`)).toBe(`a{content:"x\\\n    y"}`);
  });

  it('keeps the space of a descendant combinator before a pseudo-class', () => {
    expect(minifyCss('footer :last-child { margin: 0 }')).toBe('footer :last-child{margin:0}');
    expect(minifyCss('footer > :last-child { margin: 0 }')).toBe('footer>:last-child{margin:0}');
  });

  it('drops the leading zero of a fraction, never a digit of a larger number', () => {
    expect(minifyCss('a { margin: -0.25em 0.5em; width: 10.5px; flex: 20.05 }')).toBe('a{margin:-.25em .5em;width:10.5px;flex:20.05}');
    expect(minifyCss('a { color: rgb(0 0 0 / 0.5); translate: 0.5px,0.5px; b: calc(0.5 * 2) }')).toBe(
      'a{color:rgb(0 0 0 / .5);translate:.5px,.5px;b:calc(.5 * 2)}',
    );
  });

  it('drops the last ; of every block, nested ones included', () => {
    expect(minifyCss('@media (max-width: 600px) { .a { gap: 0.5rem; } .b { top: 0; } }')).toBe(
      '@media (max-width:600px){.a{gap:.5rem}.b{top:0}}',
    );
  });

  it('keeps a no-break space, which CSS does not count as whitespace', () => {
    expect(minifyCss('a\u00a0b { c: d }')).toBe('a\u00a0b{c:d}');
  });
});

describe('minifyHtml', () => {
  it('collapses every run of whitespace to one space', () => {
    const markup = `
      <div class="panel"   role="dialog">
        <span>x</span>   <b>y</b>
      </div>
    `;
    expect(minifyHtml(markup)).toBe(' <div class="panel" role="dialog"> <span>x</span> <b>y</b> </div> ');
    expect(minifyHtml('a\t\r\n\fb')).toBe('a b');
  });

  it('keeps no-break spaces, which are text and not whitespace', () => {
    expect(minifyHtml('<p>10\u00a0km  \u202f!</p>')).toBe('<p>10\u00a0km \u202f!</p>');
  });
});

type TransformHook = Extract<NonNullable<Plugin['transform']>, { handler: unknown }>;

function transformHook(): TransformHook {
  const hook = minifyLitTemplates().transform;
  if (!hook || typeof hook === 'function') throw new Error('expected a transform hook with a filter');
  return hook;
}

/** Calls the plugin's transform handler as Vite would, with a context that only offers `parse`. */
function transform(code: string, id = '/project/src/components/panel/panel.styles.ts'): string | null {
  const { handler } = transformHook();
  const context = { parse: (input: string) => parseAst(input) } as unknown as ThisParameterType<typeof handler>;
  const result = handler.call(context, code, id) as { code: string } | null | undefined;
  return result?.code ?? null;
}

/** Whether a transform filter's `id` condition (RegExp or include/exclude) lets a module through. */
function idFilterAccepts(hook: TransformHook, id: string): boolean {
  const filter = hook.filter?.id;
  const test = (pattern: unknown) => [pattern].flat().some((p) => (p instanceof RegExp ? p.test(id) : typeof p === 'string' && p === id));
  if (filter === undefined) return true;
  if (filter instanceof RegExp || typeof filter === 'string' || Array.isArray(filter)) return test(filter);
  const { include, exclude } = filter as { include?: unknown; exclude?: unknown };
  return (include === undefined || test(include)) && (exclude === undefined || !test(exclude));
}

describe('minifyLitTemplates plugin', () => {
  it('minifies the quasis of css`` and html`` and leaves every ${...} expression as written', () => {
    const code = [
      "const label = 'Notifikasi — 🔔';",
      'export const styles = css`',
      '  :host {',
      "    color: ${unsafeCSS('red  ;  {  /* x */')};",
      '    opacity: 0.5;',
      '  }',
      '`;',
      'export const view = (open) => html`',
      '  <p   class="${open  ?  "a  b"  :  "c"}">',
      "    ${open ? html`  <b>  x  </b>  ` : '  keep  me  '}",
      '  </p>',
      '`;',
    ].join('\n');
    expect(transform(code)).toBe(
      [
        "const label = 'Notifikasi — 🔔';",
        "export const styles = css`:host{color:${unsafeCSS('red  ;  {  /* x */')};opacity:.5}`;",
        'export const view = (open) => html` <p class="${open  ?  "a  b"  :  "c"}"> ' +
          "${open ? html` <b> x </b> ` : '  keep  me  '} </p> `;",
      ].join('\n'),
    );
  });

  it('leaves other tagged templates and plain template literals alone', () => {
    expect(transform('const a = `  a {  b: c;  }  `;\nconst b = sql`  select  1  `;\nconst c = lit.css`  a {  }  `;')).toBeNull();
  });

  it('leaves a module under node_modules alone, even one in a src/ directory', () => {
    const code = 'export const styles = css`\n  :host {\n    color: red;\n  }\n`;';
    expect(transform(code, '/project/src/a.ts')).not.toBeNull();
    expect(transform(code, '/project/node_modules/some-dependency/src/styles.ts')).toBeNull();
    expect(transform(code, 'C:\\project\\node_modules\\.pnpm\\dep@1.0.0\\node_modules\\dep\\src\\styles.ts')).toBeNull();
  });

  it("declares a filter that keeps Vite from handing it anything but the project's own source", () => {
    const hook = transformHook();
    expect(idFilterAccepts(hook, '/project/src/components/bell/bell.styles.ts')).toBe(true);
    expect(idFilterAccepts(hook, 'C:\\project\\src\\core\\index.ts')).toBe(true);
    expect(idFilterAccepts(hook, '/project/node_modules/some-dependency/src/styles.ts')).toBe(false);
    expect(idFilterAccepts(hook, '/project/node_modules/.pnpm/dep@1.0.0/node_modules/dep/src/styles.ts')).toBe(false);
    expect(idFilterAccepts(hook, '/project/node_modules/lit/index.js')).toBe(false);
    expect(idFilterAccepts(hook, '/project/demo/admin.js')).toBe(false);
  });

  it('minifies own source and leaves a dependency as published in a real Vite build', async () => {
    const modules: Record<string, string> = {
      '/project/src/own.ts': "const note = 'Catatan — ✓';\nexport default css`\n  .own {\n    color: red;\n  }\n`;",
      '/project/node_modules/dep/src/dep.ts': 'export default css`\n  .dep {\n    color: red;\n  }\n`;',
    };
    const entry = "import own from '/project/src/own.ts';\nimport dep from '/project/node_modules/dep/src/dep.ts';\nconsole.log(own, dep);";
    const virtual: Plugin = {
      name: 'test:virtual-modules',
      enforce: 'pre',
      resolveId: (id) => (id === 'entry' ? '\0entry' : id in modules ? id : null),
      load: (id) => (id === '\0entry' ? entry : (modules[id] ?? null)),
    };
    const output = (await build({
      configFile: false,
      logLevel: 'silent',
      publicDir: false,
      plugins: [virtual, minifyLitTemplates()],
      build: { write: false, minify: false, rolldownOptions: { input: 'entry' } },
    })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
    const code = [output]
      .flat()
      .flatMap((o) => o.output.map((chunk) => (chunk.type === 'chunk' ? chunk.code : '')))
      .join('\n');
    expect(code).toContain('css`.own{color:red}`');
    expect(code).toContain('css`\n  .dep {\n    color: red;\n  }\n`');
  });
});
