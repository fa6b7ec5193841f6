import type { Plugin } from 'vite';

// partysocket's `ws` module carries code and long console texts for environments without
// EventTarget or WebSocket (older Node, React Native), a warning about sending on a closed
// socket (our Connection only sends on an open one), and debug logging that only runs with its
// `debug` option, which Connection never sets; also accessors, handler properties and options
// that Connection never uses. None of it can run or show in the script-tag
// build, which runs in browsers only, so this plugin drops or shortens it while bundling. The
// installed package is left as it is, and the ESM build keeps partysocket external.

interface Trim {
  what: string;
  pattern: RegExp;
  replacement: string;
}

const TRIMS: Trim[] = [
  {
    what: 'on* handler properties Connection never sets',
    pattern: /\n  on(?:close|error|message|open) = null;|\n    if \(this\.on(?:close|error|message|open)\) this\.on(?:close|error|message|open)\(event\);/g,
    replacement: '',
  },
  {
    what: 'subprotocol provider Connection never passes',
    pattern: /\n  _getNextProtocols\(protocolsProvider\) \{[\s\S]*?\n  \}(?=\n)/,
    replacement: '\n  _getNextProtocols() {\n    return Promise.resolve(null);\n  }',
  },
  {
    // Connection reads `retryCount`, `readyState` and the state constants only.
    what: 'accessors Connection never reads',
    pattern: /\n  (?:get binaryType|set binaryType|get bufferedAmount|get extensions|get protocol|get url|get shouldReconnect)\([^)]*\) \{[\s\S]*?\n  \}(?=\n)/g,
    replacement: '',
  },
  {
    what: 'queue draining Connection never calls',
    pattern: /\n  drainQueuedMessages\(\) \{[\s\S]*?\n  \}(?=\n)/,
    replacement: '',
  },
  {
    what: 'EventTarget check',
    pattern: /if \(!globalThis\.EventTarget \|\| !globalThis\.Event\)\s*console\.error\(`\s*PartySocket requires a global 'EventTarget'(?:[^`\\]|\\.)*`\);/,
    replacement: '',
  },
  {
    what: 'Node and React Native event cloning',
    pattern: /const isNode =[^;]*;\s*const isReactNative =[^;]*;\s*const cloneEvent = isNode \|\| isReactNative \? cloneEventNode : cloneEventBrowser;/,
    replacement: 'const cloneEvent = cloneEventBrowser;',
  },
  {
    what: 'missing WebSocket advice',
    pattern: /console\.error\(`[^`\\]*No WebSocket implementation available(?:[^`\\]|\\.)*`\)/,
    replacement: "console.error('No WebSocket implementation available')",
  },
  {
    what: 'send after close warning',
    pattern: /console\.warn\(\s*"ReconnectingWebSocket: send\(\) was called after close\(\)[^"]*"\s*\)/,
    replacement: "console.warn('ReconnectingWebSocket: send() after close()')",
  },
  {
    what: 'debug calls',
    pattern: /this\._debug\([^;]*\);/g,
    replacement: '',
  },
];

export function trimPartysocket(): Plugin {
  return {
    name: 'lonceng:trim-partysocket',
    transform: {
      filter: { id: /[\\/]node_modules[\\/]partysocket[\\/]dist[\\/]ws\.js$/ },
      handler(code) {
        let out = code;
        for (const { what, pattern, replacement } of TRIMS) {
          const trimmed = out.replace(pattern, replacement);
          if (trimmed === out) this.warn(`partysocket/ws: found no ${what} to trim; has the package changed?`);
          out = trimmed;
        }
        return { code: out, map: null };
      },
    },
  };
}
