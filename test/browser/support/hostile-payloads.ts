// A corpus of hostile text for the widget: markup and script in every form a server (or whoever
// feeds it) could send, characters that reorder or hide text, and shapes that break layouts.
// Every payload that would run script sets `window[PWNED_FLAG]`, so a test sees any execution.

/** Set by any payload's script, should one ever run. */
export const PWNED_FLAG = '__loncengPwned';
const RUN = `window.${PWNED_FLAG}=1`;

export interface HostilePayload {
  /** What it tries, for test names and failure messages. */
  name: string;
  text: string;
}

/** Text that must show up literally (after the documented caps and bidi stripping) and never run. */
export const HOSTILE_PAYLOADS: readonly HostilePayload[] = [
  { name: 'script tag', text: `<script>${RUN}</script>` },
  { name: 'script tag, upper case', text: `<SCRIPT>${RUN}</SCRIPT>` },
  { name: 'script with src', text: `<script src="data:text/javascript,${RUN}"></script>` },
  { name: 'img onerror', text: `<img src=x onerror="${RUN}">` },
  { name: 'img onerror, unquoted', text: `<IMG SRC=x ONERROR=${RUN}>` },
  { name: 'svg onload', text: `<svg onload="${RUN}"></svg>` },
  { name: 'svg with script', text: `<svg><script>${RUN}</script></svg>` },
  { name: 'attribute breakout', text: `"><img src=x onerror=${RUN}>` },
  { name: 'single-quote breakout', text: `'><svg/onload=${RUN}>` },
  { name: 'iframe javascript:', text: `<iframe src="javascript:${RUN}"></iframe>` },
  { name: 'iframe srcdoc', text: `<iframe srcdoc="<script>parent.${RUN}</script>"></iframe>` },
  { name: 'anchor javascript:', text: `<a href="javascript:${RUN}">click</a>` },
  { name: 'javascript: URL', text: `javascript:${RUN}` },
  { name: 'javascript: URL, mixed case and spaces', text: ` JaVaScRiPt:${RUN}` },
  { name: 'data: URL', text: `data:text/html,<script>${RUN}</script>` },
  { name: 'details ontoggle', text: `<details open ontoggle="${RUN}">x</details>` },
  { name: 'input autofocus onfocus', text: `<input autofocus onfocus="${RUN}">` },
  { name: 'body onload', text: `<body onload="${RUN}">` },
  { name: 'object data', text: `<object data="javascript:${RUN}"></object>` },
  { name: 'embed', text: `<embed src="javascript:${RUN}">` },
  { name: 'math mutation', text: `<math><mtext><table><mglyph><style><img src=x onerror=${RUN}>` },
  { name: 'style breakout', text: `</style><style>*{display:none!important}</style>` },
  { name: 'template with script', text: `<template><script>${RUN}</script></template>` },
  { name: 'comment breakout', text: `--><script>${RUN}</script><!--` },
  { name: 'Lit marker', text: `<!--?lit$1234567$--><img src=x onerror=${RUN}>` },
  { name: 'template literal', text: `\${${RUN}}` },
  { name: 'template injection', text: `{{constructor.constructor('${RUN}')()}}` },
  { name: 'placeholder injection', text: '{customerName}{orderCode}{v}' },
  { name: 'named entities', text: `&lt;script&gt;${RUN}&lt;/script&gt; &amp; &quot;` },
  { name: 'numeric entities', text: `&#60;img src=x onerror=${RUN}&#62; &#x3C;svg onload=${RUN}&#x3E;` },
  { name: 'right-to-left override', text: '\u202eevil.exe\u202c (Rp 150.000)' },
  { name: 'unterminated right-to-left override', text: 'gpj.\u202etxt.exe' },
  { name: 'isolates and marks', text: '\u2066\u2067\u2068abc\u2069\u200e\u200f\u061c' },
  { name: 'zero-width characters', text: 'z\u200bw\u200cs\u200dp\ufeffx\u2060' },
  { name: 'only zero-width characters', text: '\u200b\u200b\u200b' },
  { name: 'lone surrogates', text: 'a\ud800b\udfffc\ud83d' },
  { name: 'combining marks', text: `Z${'\u0336\u0321\u0322\u031b\u0317'.repeat(40)}algo` },
  { name: 'emoji sequences', text: '👩🏽‍💻🏳️‍🌈👨‍👩‍👧‍👦'.repeat(30) },
  { name: 'control characters', text: 'nul\u0000 bell\u0007 esc\u001b[31m del\u007f' },
  { name: 'line and tab breaks', text: 'line 1\nline 2\r\nline 3\ttab\u2028\u2029end' },
  { name: 'many lines', text: 'line\n'.repeat(300) },
  { name: 'format strings', text: '%s %d %o %n %x {0} $1 $& $`' },
  { name: 'prototype names', text: '__proto__ constructor prototype toString' },
  { name: 'a 10,000-character word', text: 'w'.repeat(10_000) },
  { name: 'a 10,000-character word of wide characters', text: '字'.repeat(10_000) },
  { name: 'a long URL without breaks', text: `https://evil.example/${'a/'.repeat(2_000)}` },
];

/** Host link templates that must keep their origin (relative ones: the page's) whatever the data. */
export const SAFE_LINKS: readonly { name: string; template: string; origin: string | null }[] = [
  { name: 'a path', template: '/admin/orders/{v}', origin: null },
  { name: 'a relative path', template: '../orders/{v}', origin: null },
  { name: 'a query', template: '?order={v}', origin: null },
  { name: 'an absolute URL', template: 'https://shop.example/orders/{v}?q={v}#{v}', origin: 'https://shop.example' },
];

/** Host link templates that must give no link at all. */
export const UNSAFE_LINKS: readonly { name: string; template: string }[] = [
  { name: 'javascript:', template: `javascript:${RUN}//{v}` },
  { name: 'javascript: in mixed case', template: `JavaScript:${RUN}//{v}` },
  { name: 'javascript: after a space', template: ` javascript:${RUN}//{v}` },
  { name: 'data:', template: `data:text/html,<script>${RUN}</script>{v}` },
  { name: 'vbscript:', template: 'vbscript:msgbox({v})' },
  { name: 'protocol-relative', template: '//evil.example/{v}' },
  { name: 'a backslash for a slash', template: '/\\evil.example/{v}' },
  { name: 'a tab inside the scheme', template: `java\tscript:${RUN}//{v}` },
  { name: 'a placeholder for the host', template: 'https://{v}/orders' },
  { name: 'a placeholder for the origin', template: '{v}/orders' },
  { name: 'a placeholder for the scheme', template: '{v}://shop.example/orders' },
];

/** Data values that try to steer a link elsewhere through its path, query or fragment. */
export const HOSTILE_LINK_DATA: readonly string[] = [
  `javascript:${RUN}`,
  '//evil.example',
  '../../../../evil',
  '..',
  '@evil.example',
  '\\\\evil.example',
  'https://evil.example/',
  '%2F%2Fevil.example',
  '?next=//evil.example#x',
  ' \t\n',
  '\u202eevil',
];

/** A data value that cannot be percent-encoded (a lone surrogate): no link at all. */
export const UNENCODABLE_LINK_DATA = 'order\ud800';
