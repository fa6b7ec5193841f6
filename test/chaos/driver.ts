/**
 * The chaos driver: the real widget (script-tag build) in the system Chromium, connected to the
 * reference hub through the fault proxy. It publishes notifications at a steady rate while
 * striking the seeded plan's faults and hub restarts, waits until the page holds everything,
 * and reports what was lost, duplicated or left unannounced, whether the cursor is exact, and how
 * long outages and half-open detection took.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { HubNotification } from '../../server/hub.js';
import { launchBrowser } from '../e2e/support/browser.js';
import { FaultProxy } from './fault-proxy.js';
import { HubHost } from './hub-host.js';
import { startPageServer } from './page-server.js';
import { flushWidget, installRecorder, liveRecord, readStored, waitWelcomed, widgetState } from './page-recorder.js';
import { planChaos, type ChaosEvent, type PlannedEvent } from './plan.js';
import { seededRandom, randomSeed } from './random.js';
import { outagesOf, type ChaosReport, type StatusSample, type StruckFault } from './report.js';
import { SteadyPublisher } from './publisher.js';
import { waitUntil } from './wait.js';

export const CHAOS_USER = 'chaos';

export interface ChaosOptions {
  /** Replays a run; a fresh one is drawn (and printed) when absent. */
  seed?: number;
  notifications: number;
  faults: number;
  restarts: number;
  /** Notifications published per second while publishing is not held back. */
  rate: number;
  /** The hub's ping interval; the widget judges a socket dead after twice this without a frame. */
  heartbeatMs?: number;
  /** A browser to use (and leave open); else the system Chromium is launched and closed. */
  browser?: Browser;
  /** Progress lines. */
  log?: (line: string) => void;
  /** Also log every fault struck and every connection state the widget entered. */
  verbose?: boolean;
}

/** The nightly size: `npm run chaos` without options. */
export const NIGHTLY: Pick<ChaosOptions, 'notifications' | 'faults' | 'restarts' | 'rate'> = {
  notifications: 10_000,
  faults: 100,
  restarts: 5,
  rate: 60,
};

/** How long a black hole lasts at most when the widget does not notice it. */
const BLACK_HOLE_MAX_MS = 15_000;
/** How long to wait for the widget to be welcomed again before striking the next fault anyway. */
const RECOVERY_TIMEOUT_MS = 60_000;
/** How long the widget gets to hold everything after the last fault. */
const CONVERGE_TIMEOUT_MS = 120_000;

/** Runs one chaos run and returns its report (it does not throw on findings: see `passed`). */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const seed = options.seed ?? randomSeed();
  const log = options.log ?? (() => undefined);
  const { notifications, faults, restarts, rate, heartbeatMs = 1000 } = options;
  const plan = planChaos(seededRandom(seed), { notifications, faults, restarts });
  log(`chaos: seed ${seed}, ${notifications} notifications at ${rate}/s, ${faults} faults, ${restarts} restarts`);

  const started = Date.now();
  const hub = await HubHost.start({ heartbeatMs, historySize: notifications + 1000 });
  const proxy = new FaultProxy(() => hub.port);
  await proxy.listen();
  const pages = await startPageServer();
  const browser = options.browser ?? (await launchBrowser());
  let context: BrowserContext | undefined;
  try {
    context = await browser.newContext();
    const statuses: StatusSample[] = [];
    const pageErrors: string[] = [];
    const clock = (at: number) => `+${((at - started) / 1000).toFixed(2)} s`.padStart(10);
    const trace = options.verbose ? (at: number, line: string) => log(`${clock(at)}  ${line}`) : () => undefined;
    await installRecorder(context, {
      user: CHAOS_USER,
      onStatus: (state, at) => {
        statuses.push({ state, at });
        trace(at, `widget ${state}`);
      },
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (['error', 'warning'].includes(message.type()) && message.text().startsWith('lonceng:')) pageErrors.push(message.text());
    });
    await page.goto(
      pages.widgetUrl({
        url: `ws://127.0.0.1:${proxy.port}/ws?user=${CHAOS_USER}`,
        user: CHAOS_USER,
        'max-items': notifications * 2,
        desktop: 'off',
      }),
    );
    await waitWelcomed(page);

    const run = new Storm({ plan, hub, proxy, statuses, notifications, rate, log, trace, prefix: `n${seed}` });
    await run.go();
    const sent = run.sent;
    const expected = { epoch: hub.epoch, seq: sent.at(-1)?.seq ?? 0 };
    log(`chaos: storm over after ${((Date.now() - started) / 1000).toFixed(1)} s; waiting for the widget to hold all ${sent.length}`);
    const converged = await waitUntil(
      async () => {
        const state = await widgetState(page);
        return state.cursor?.seq === expected.seq && state.ids.length >= sent.length;
      },
      CONVERGE_TIMEOUT_MS,
      250,
    );
    return await findings(page, {
      seed,
      size: { notifications, faults, restarts, rate },
      sent,
      expected,
      converged,
      proxy,
      hub,
      statuses,
      struck: run.struck,
      halfOpen: run.halfOpen,
      pageErrors,
      started,
    });
  } finally {
    await context?.close();
    if (!options.browser) await browser.close();
    await pages.close();
    await proxy.close();
    await hub.close();
  }
}

interface StormSetup {
  plan: PlannedEvent[];
  hub: HubHost;
  proxy: FaultProxy;
  statuses: StatusSample[];
  notifications: number;
  rate: number;
  prefix: string;
  log: (line: string) => void;
  trace: (at: number, line: string) => void;
}

/**
 * One storm: a publisher at a steady rate and a striker working through the plan, side by
 * side. The publisher never gets past a planned event before it was struck, so each fault
 * lands between the same notifications every time; a fault that needs a live connection
 * waits until the widget is welcomed again (publishing goes on meanwhile, up to the next event).
 */
class Storm {
  readonly struck: StruckFault[] = [];
  readonly halfOpen: (number | null)[] = [];
  readonly #s: StormSetup;
  readonly #publisher: SteadyPublisher;
  readonly #acting: Promise<void>[] = [];
  /** Publishing may not get past this many notifications yet. */
  #gate: number;

  constructor(setup: StormSetup) {
    this.#s = setup;
    this.#gate = setup.plan[0]?.after ?? Infinity;
    this.#publisher = new SteadyPublisher({
      hub: setup.hub,
      user: CHAOS_USER,
      prefix: setup.prefix,
      rate: setup.rate,
      limit: setup.notifications,
      gate: () => this.#gate,
    });
  }

  get sent(): readonly HubNotification[] {
    return this.#publisher.sent;
  }

  async go(): Promise<void> {
    await Promise.all([this.#publisher.run(), this.#strike()]);
    await Promise.all(this.#acting);
  }

  async #strike(): Promise<void> {
    const { plan, log } = this.#s;
    for (let k = 0; k < plan.length; k++) {
      const { after, event } = plan[k];
      await waitUntil(() => this.sent.length >= after, Infinity, 5);
      if (event.kind !== 'restart' && !(await waitUntil(() => this.#live(), RECOVERY_TIMEOUT_MS))) {
        log(`chaos: the widget was not welcomed again within ${RECOVERY_TIMEOUT_MS / 1000} s; striking ${event.kind} anyway`);
      }
      const fault: StruckFault = { kind: event.kind, at: Date.now(), end: null, kills: kills(event) };
      this.struck.push(fault);
      this.#s.trace(fault.at, `strike ${k + 1}/${plan.length} after ${this.sent.length} sent: ${JSON.stringify(event)}`);
      const acting = this.#start(event, fault);
      this.#gate = plan[k + 1]?.after ?? Infinity;
      // A restart holds the striker (not the publisher) until the hub is back.
      if (event.kind === 'restart') await acting;
      else this.#acting.push(acting);
    }
  }

  #start(event: ChaosEvent, fault: StruckFault): Promise<void> {
    const { proxy, hub } = this.#s;
    const ended = () => {
      fault.end = Date.now();
      this.#s.trace(fault.end, `${event.kind} over`);
    };
    switch (event.kind) {
      case 'cut':
        proxy.cut();
        ended();
        return Promise.resolve();
      case 'black-hole':
        return proxy.blackHole(BLACK_HOLE_MAX_MS).then((ms) => {
          this.halfOpen.push(ms);
          ended();
        });
      case 'stall':
        return proxy.stall(event.direction, event.holdMs, event.outcome).then(ended);
      case 'latency':
        return proxy.latency(event.ms, event.forMs).then(ended);
      case 'restart':
        return hub.restart(event.downMs).then(ended);
    }
  }

  /**
   * The widget is on a connection no fault holds, and was welcomed on it: its last state is
   * `open`, entered after the last fault that surely took the connection down.
   */
  #live(): boolean {
    const { proxy, statuses } = this.#s;
    const last = statuses.at(-1);
    if (proxy.healthyLinks === 0 || last?.state !== 'open') return false;
    let lastKillAt = -Infinity;
    for (const fault of this.struck) if (fault.kills) lastKillAt = fault.at;
    return last.at > lastKillAt;
  }
}

const kills = (event: ChaosEvent): boolean =>
  event.kind === 'cut' || event.kind === 'black-hole' || event.kind === 'restart' || (event.kind === 'stall' && event.outcome === 'cut');

interface Outcome {
  seed: number;
  size: ChaosReport['size'];
  sent: readonly HubNotification[];
  expected: ChaosReport['cursor']['expected'];
  converged: boolean;
  proxy: FaultProxy;
  hub: HubHost;
  statuses: StatusSample[];
  struck: StruckFault[];
  halfOpen: (number | null)[];
  pageErrors: string[];
  started: number;
}

/** Compares what was published with what the page holds, stored and announced. */
async function findings(page: Page, o: Outcome): Promise<ChaosReport> {
  await flushWidget(page);
  const [widget, stored, record] = await Promise.all([widgetState(page), readStored(page, CHAOS_USER), liveRecord(page)]);
  const held = new Set(widget.ids);
  const inStore = new Set(stored.ids);
  const noted = new Map<string, number>();
  for (const id of record.notes) noted.set(id, (noted.get(id) ?? 0) + 1);
  const ids = o.sent.map((n) => n.id);
  return {
    seed: o.seed,
    size: o.size,
    sent: o.sent.length,
    faults: { ...o.proxy.counts.faults },
    stalls: { ...o.proxy.counts.stalls },
    restarts: o.hub.restarts,
    lost: ids.filter((id) => !held.has(id) || !inStore.has(id)),
    duplicated: [...noted].filter(([, n]) => n > 1).map(([id]) => id),
    unannounced: ids.filter((id) => held.has(id) && !noted.has(id)),
    cursor: { expected: o.expected, widget: widget.cursor, stored: stored.cursor },
    pageErrors: o.pageErrors,
    outages: outagesOf(o.statuses, o.struck),
    halfOpen: o.halfOpen,
    connections: { accepted: o.proxy.counts.accepted, refused: o.proxy.counts.refused },
    converged: o.converged,
    durationMs: Date.now() - o.started,
  };
}
