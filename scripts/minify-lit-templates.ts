import type { Plugin } from 'vite';

// Vite's minifier leaves the text of template literals alone, so the indentation and comments
// of Lit's css`` and html`` templates would ship as they are written. This plugin shrinks the
// static parts (the quasis) of those templates and never touches the `${...}` expressions.
// It transforms the project's own source only (`.ts` files under a `src/` directory): any module
// whose path contains `node_modules` is excluded, so the code of a dependency (even one that ships
// its own `src/`) is bundled exactly as published.

interface TemplateElement {
  start: number;
  end: number;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

const CSS_COMMENT_OR_STRING = /\/\*[\s\S]*?\*\/|('(?:\\[\s\S]|[^'\\\n])*'|"(?:\\[\s\S]|[^"\\\n])*")/g;
const CSS_STRING = /('(?:\\[\s\S]|[^'\\\n])*'|"(?:\\[\s\S]|[^"\\\n])*")/;
/**
 * Whitespace as CSS and HTML define it (space, tab, LF, CR, FF). JavaScript's `\s` would also
 * take a no-break space (U+00A0, U+202F…), which is text, not whitespace, in markup.
 */
const WHITESPACE = /[ \t\n\r\f]+/g;
const LEADING_WHITESPACE = /^[ \t\n\r\f]+/;
const TRAILING_WHITESPACE = /[ \t\n\r\f]+$/;

/**
 * One static part of a css`` template: comments dropped, whitespace collapsed and removed
 * around `{ } ; , >`, after `:` and before `!important`, the leading zero of `0.5` dropped, the last `;` of a block dropped. Strings stay as written.
 * The space before `:` stays, since `footer :last-child` is not `footer:last-child`.
 */
export function minifyCss(text: string): string {
  const withoutComments = text.replace(CSS_COMMENT_OR_STRING, (match, string?: string) => string ?? ' ');
  return withoutComments
    .split(CSS_STRING)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(WHITESPACE, ' ')
            .replace(/ ?([{};,>]) ?/g, '$1')
            .replace(/ !important/g, '!important')
            .replace(/(^|[ :,(-])0\.(\d)/g, '$1.$2')
            .replace(/: /g, ':')
            .replace(/;}/g, '}'),
    )
    .join('');
}

/**
 * One static part of an html`` or svg`` template: runs of whitespace become one space (no `<pre>`
 * in our markup); a no-break space stays.
 */
export function minifyHtml(text: string): string {
  return text.replace(WHITESPACE, ' ');
}

const MINIFIERS: Record<string, (text: string) => string> = { css: minifyCss, html: minifyHtml, svg: minifyHtml };

/** Every template literal tagged `css`, `html` or `svg` (nested ones included), with its tag. */
function* litTemplates(node: unknown): Generator<{ tag: string; quasis: TemplateElement[] }> {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) yield* litTemplates(child);
    return;
  }
  const n = node as { type?: string; tag?: { type: string; name?: string }; quasi?: { quasis: TemplateElement[] } };
  if (n.type === 'TaggedTemplateExpression' && n.tag?.type === 'Identifier' && Object.hasOwn(MINIFIERS, n.tag.name!) && n.quasi) {
    yield { tag: n.tag.name!, quasis: n.quasi.quasis };
  }
  for (const value of Object.values(node)) yield* litTemplates(value);
}

/** The project's own modules: `.ts` files under a `src/` directory… */
export const OWN_SOURCE = /[\\/]src[\\/].+\.ts$/;
/** …unless they belong to a dependency: never any path containing `node_modules`. */
export const DEPENDENCY = /node_modules/;

/** Minifies the static text of Lit's css``, html`` and svg`` templates in the project's own modules. */
export function minifyLitTemplates(): Plugin {
  return {
    name: 'lonceng:minify-lit-templates',
    transform: {
      filter: { id: { include: OWN_SOURCE, exclude: DEPENDENCY }, code: /\b(?:css|html|svg)`/ },
      handler(code, id) {
        // The same rule again, for a host that calls the handler without applying the filter.
        if (DEPENDENCY.test(id) || !OWN_SOURCE.test(id)) return null;
        const edits: Edit[] = [];
        for (const { tag, quasis } of litTemplates(this.parse(code))) {
          quasis.forEach(({ start, end }, i) => {
            let text = MINIFIERS[tag](code.slice(start, end));
            // Whitespace at either end of a style sheet means nothing.
            if (tag === 'css' && i === 0) text = text.replace(LEADING_WHITESPACE, '');
            if (tag === 'css' && i === quasis.length - 1) text = text.replace(TRAILING_WHITESPACE, '');
            if (text !== code.slice(start, end)) edits.push({ start, end, text });
          });
        }
        if (edits.length === 0) return null;
        let out = code;
        for (const { start, end, text } of edits.sort((a, b) => b.start - a.start)) {
          out = out.slice(0, start) + text + out.slice(end);
        }
        return { code: out, map: null };
      },
    },
  };
}
