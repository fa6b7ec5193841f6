/**
 * What the checks found, collected while they run, and the report made of it: one result per check
 * of the catalogue, as text lines or as JSON.
 */
import { CHECKS, checkSpec, type CheckName } from './catalog.js';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface CheckResult {
  name: CheckName;
  status: CheckStatus;
  /** The section of docs/PROTOCOL.md, e.g. `§3.2`. */
  section: string;
  level: 'MUST' | 'SHOULD';
  /** What passed, what went wrong, or why the check was skipped. */
  message: string;
  /** What to change in the server (failures and warnings). */
  fix?: string;
}

/** What the server's first welcome said about it. */
export interface ServerInfo {
  epoch: string;
  seq: number;
  heartbeatMs?: number;
  features: string[];
  unread?: number;
}

export interface ConformanceReport {
  target: { url: string; publishUrl: string; user: string; refusedUrl?: string };
  /** True when no check failed (warnings and skips allowed). */
  ok: boolean;
  /** Set when the checker itself stopped early. */
  error?: string;
  durationMs: number;
  server: ServerInfo | null;
  counts: Record<CheckStatus, number>;
  checks: CheckResult[];
}

interface Note {
  status: 'fail' | 'warn';
  message: string;
  fix?: string;
  /** How many times the same finding was made. */
  times: number;
}

/** Several findings of one check are listed up to this many. */
const LISTED = 3;

/** Collects the findings of each check while the run goes on. */
export class Recorder {
  readonly #notes = new Map<CheckName, Note[]>();
  readonly #passed = new Map<CheckName, string[]>();
  readonly #skipped = new Map<CheckName, string>();

  /** The check ran and found this in order; `detail` (a measurement) is added to its line. */
  pass(name: CheckName, detail?: string): void {
    const details = this.#passed.get(name) ?? [];
    if (detail) details.push(detail);
    this.#passed.set(name, details);
  }

  /** The server broke the check's requirement: a FAIL for a MUST, a WARN for a SHOULD. */
  fail(name: CheckName, message: string, fix?: string): void {
    this.#note(name, { status: checkSpec(name).level === 'MUST' ? 'fail' : 'warn', message, fix, times: 1 });
  }

  /** Something the protocol only recommends (or allows but discourages) is not so. */
  warn(name: CheckName, message: string, fix?: string): void {
    this.#note(name, { status: 'warn', message, fix, times: 1 });
  }

  /** The check could not run, e.g. because the server does not advertise what it needs. */
  skip(name: CheckName, reason: string): void {
    if (!this.#skipped.has(name)) this.#skipped.set(name, reason);
  }

  /** Whether anything was recorded for the check. */
  has(name: CheckName): boolean {
    return this.#notes.has(name) || this.#passed.has(name);
  }

  /** Whether the check has failed so far. */
  failed(name: CheckName): boolean {
    return (this.#notes.get(name) ?? []).some((note) => note.status === 'fail');
  }

  /** One result per check of the catalogue; checks with no finding are skipped with `notRun`. */
  results(notRun: string): CheckResult[] {
    return CHECKS.map(({ name, section, level, passes, fix }): CheckResult => {
      const base = { name, section, level };
      const notes = this.#notes.get(name) ?? [];
      for (const status of ['fail', 'warn'] as const) {
        const found = notes.filter((note) => note.status === status);
        if (found.length === 0) continue;
        const listed = found.slice(0, LISTED).map((note) => (note.times > 1 ? `${note.message} (${note.times} times)` : note.message));
        if (found.length > LISTED) listed.push(`and ${found.length - LISTED} more`);
        return { ...base, status, message: listed.join('; '), fix: found.find((note) => note.fix)?.fix ?? fix };
      }
      const details = this.#passed.get(name);
      if (details) return { ...base, status: 'pass', message: details.length > 0 ? `${passes} (${details.join('; ')})` : passes };
      return { ...base, status: 'skip', message: this.#skipped.get(name) ?? notRun };
    });
  }

  #note(name: CheckName, note: Note): void {
    const notes = this.#notes.get(name) ?? [];
    const same = notes.find((seen) => seen.status === note.status && seen.message === note.message);
    if (same) same.times++;
    else notes.push(note);
    this.#notes.set(name, notes);
  }
}

/** Counts the results by status. */
export function countResults(checks: readonly CheckResult[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const check of checks) counts[check.status]++;
  return counts;
}

/** The report as text: one line per check, then a summary line. */
export function formatText(report: ConformanceReport): string {
  const width = Math.max(...report.checks.map((check) => check.name.length));
  const lines = report.checks.map((check) => {
    const head = `${check.status.toUpperCase().padEnd(4)}  ${check.name.padEnd(width)}  ${check.section.padEnd(5)}  `;
    return check.fix ? `${head}${check.message} — fix: ${check.fix} (${check.section})` : `${head}${check.message}`;
  });
  if (report.error) lines.push(`ERROR  the checker stopped: ${report.error}`);
  const { pass, fail, warn, skip } = report.counts;
  const seconds = (report.durationMs / 1000).toFixed(1);
  lines.push(
    `${report.ok ? 'OK' : 'NOT CONFORMANT'}: ${pass} passed, ${fail} failed, ${warn} warnings, ${skip} skipped in ${seconds} s (${report.target.url})`,
  );
  return lines.join('\n');
}
