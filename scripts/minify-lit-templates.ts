import type { Plugin } from 'vite';

// Vite's minifier leaves the text of template literals alone, so the indentation and comments
// of Lit's css`` and html`` templates would ship as they are written. This plugin shrinks the
// static parts (the quasis) of those templates and never touches the `${...}` expressions.

interface TemplateElement {
  start: number;
  end: number;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

const CSS_COMMENT_OR_STRING = /\/\*[\s\S]*?\*\/|('(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*")/g;
const CSS_STRING = /('(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*")/;

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
            .replace(/\s+/g, ' ')
            .replace(/ ?([{};,>]) ?/g, '$1')
            .replace(/ !important/g, '!important')
            .replace(/(^|[\s:,(-])0\.(\d)/g, '$1.$2')
            .replace(/: /g, ':')
            .replace(/;}/g, '}'),
    )
    .join('');
}

/** One static part of an html`` or svg`` template: runs of whitespace become one space (no `<pre>` in our markup). */
export function minifyHtml(text: string): string {
  return text.replace(/\s+/g, ' ');
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

/** Minifies the static text of Lit's css``, html`` and svg`` templates in the project's own modules. */
export function minifyLitTemplates(): Plugin {
  return {
    name: 'lonceng:minify-lit-templates',
    transform: {
      filter: { id: /[\\/]src[\\/].+\.ts$/, code: /\b(?:css|html|svg)`/ },
      handler(code) {
        const edits: Edit[] = [];
        for (const { tag, quasis } of litTemplates(this.parse(code))) {
          quasis.forEach(({ start, end }, i) => {
            let text = MINIFIERS[tag]!(code.slice(start, end));
            // Whitespace at either end of a style sheet means nothing.
            if (tag === 'css' && i === 0) text = text.trimStart();
            if (tag === 'css' && i === quasis.length - 1) text = text.trimEnd();
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
