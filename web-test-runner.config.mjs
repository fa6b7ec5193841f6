// @web/test-runner: element tests in the system Chromium, with a protocol-v1 Hub
// (server/hub.ts) running inside the test server. Run through `npm run test:browser`,
// which starts WTR under `node --import tsx` so that the Hub's TypeScript can be imported.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { CHROMIUM_ARGS, findChromium } from './scripts/find-chromium.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/** Chromium reports this when a ResizeObserver callback changes layout again; it is benign. */
const BENIGN_ERROR = 'ResizeObserver loop';

/**
 * Starts one Hub for the whole run and answers the `hub-*` server commands that
 * test/browser/support/hub.ts sends. The Hub is shared by all test files, which is one
 * reason why files run one at a time (`hub-drop`, `hub-restart` and `hub-silence` act on
 * every connection).
 */
function hubPlugin() {
  /** @type {any} */
  let hub;
  /** @type {string} */
  let url;
  const need = (payload, ...keys) => {
    for (const k of keys) {
      if (payload == null || payload[k] === undefined) throw new Error(`missing payload field "${k}"`);
    }
    return payload;
  };
  // WTR treats a null or undefined result as "command not handled", so commands without a
  // value answer `true`.
  const commands = {
    'hub-url': () => ({ url }),
    'hub-publish': (p) => hub.publish(need(p, 'user', 'input').user, p.input) ?? true,
    'hub-drop': () => (hub.drop(), true),
    'hub-restart': async (p) => {
      await hub.restart({ keepBuffer: Boolean(need(p, 'keepBuffer').keepBuffer), downMs: p.downMs });
      return { url };
    },
    'hub-silence': (p) => (hub.silence(Boolean(need(p, 'on').on)), true),
    'hub-send-raw': (p) => (hub.sendRaw(need(p, 'user', 'text').user, p.text), true),
    'hub-close-user': (p) => (hub.closeUser(need(p, 'user', 'code').user, p.code, p.reason ?? '', { deny: Boolean(p.deny) }), true),
    'hub-allow': (p) => (hub.allow(need(p, 'user').user), true),
    'hub-open-sockets': (p) => ({ count: hub.openSockets(p?.user) }),
  };
  return {
    name: 'lonceng-hub',
    async serverStart() {
      let Hub;
      try {
        ({ Hub } = await import('./server/hub.ts'));
      } catch (err) {
        throw new Error(`browser tests need the reference server in server/hub.ts: ${err.message}`, { cause: err });
      }
      hub = new Hub();
      ({ url } = await hub.listen(0, '127.0.0.1'));
    },
    async serverStop() {
      await hub?.close();
      hub = undefined;
    },
    async executeCommand({ command, payload }) {
      const handler = commands[command];
      if (!handler) return undefined; // not ours: let the built-in commands answer
      if (!hub) throw new Error(`${command}: the hub is not running`);
      return await handler(payload);
    },
  };
}

/** `grant-permissions` ({ permissions }) and `clear-permissions` for the page's own origin, through Playwright. */
function permissionsPlugin() {
  return {
    name: 'lonceng-permissions',
    async executeCommand({ command, payload, session }) {
      if (command !== 'grant-permissions' && command !== 'clear-permissions') return undefined;
      const page = session.browser.getPage(session.id);
      if (command === 'clear-permissions') await page.context().clearPermissions();
      else await page.context().grantPermissions(payload.permissions, { origin: new URL(page.url()).origin });
      return true;
    },
  };
}

/**
 * Counts tests for scripts/test.mjs: writes `{ passed, failed, skipped }` as JSON to the file
 * named by WTR_SUMMARY_FILE. A test file that failed outside any test (did not load, error
 * in a hook or at top level) counts as one failure.
 */
function summaryFileReporter() {
  return {
    onTestRunFinished({ sessions: results }) {
      const file = process.env.WTR_SUMMARY_FILE;
      if (!file) return;
      const total = { passed: 0, failed: 0, skipped: 0 };
      const walk = (suite) => {
        for (const t of suite?.tests ?? []) {
          if (t.skipped) total.skipped++;
          else if (t.passed) total.passed++;
          else total.failed++;
        }
        for (const s of suite?.suites ?? []) walk(s);
      };
      for (const result of results) {
        const before = total.failed;
        walk(result.testResults);
        if (!result.passed && total.failed === before) total.failed++;
      }
      writeFileSync(file, JSON.stringify(total));
    },
  };
}

/** The default runner page plus a listener, registered before mocha's, that swallows the benign error. */
const testRunnerHtml = (testFramework) => `<!DOCTYPE html>
<html>
  <head>
    <script>
      window.addEventListener('error', (e) => {
        if (String(e.message).includes('${BENIGN_ERROR}')) {
          e.stopImmediatePropagation();
          e.preventDefault();
        }
      });
    </script>
  </head>
  <body>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`;

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  rootDir: here('.'),
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: { exportConditions: ['production'] },
  plugins: [esbuildPlugin({ ts: true, tsconfig: here('tsconfig.json'), target: 'es2022' }), hubPlugin(), permissionsPlugin()],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS },
    }),
  ],
  concurrency: 1,
  testFramework: { config: { timeout: 20_000 } },
  testRunnerHtml,
  filterBrowserLogs: ({ args }) => !args.some((a) => String(a).includes(BENIGN_ERROR)),
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 180_000,
  reporters: [defaultReporter(), summaryFileReporter()],
};
