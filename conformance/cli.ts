#!/usr/bin/env node
/**
 * `lonceng-conformance <ws-url> --publish-url <http-url> [--user U] [--refused-url <ws-url>] [--json]`:
 * checks a live server against the lonceng wire protocol and prints one line per check (or, with
 * `--json`, the report as JSON). Exit status 0 when no check fails, 1 when one does, 2 on a usage error.
 */
import { formatText } from './report.js';
import { parseOptions, USAGE } from './options.js';
import { runConformance } from './run.js';

const parsed = parseOptions(process.argv.slice(2));
if ('error' in parsed) {
  process.stderr.write(`lonceng-conformance: ${parsed.error}\n\n${USAGE}\n`);
  process.exitCode = 2;
} else if (parsed.help) {
  process.stdout.write(`${USAGE}\n`);
} else {
  const report = await runConformance(parsed.options);
  process.stdout.write(parsed.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatText(report)}\n`);
  process.exitCode = report.ok ? 0 : 1;
}
