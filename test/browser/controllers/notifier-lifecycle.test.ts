import { expect } from 'chai';
import { LitElement, type PropertyDeclarations } from 'lit';
import { createNotifier, type Notifier, type NotifierOptions } from '../../../src/core/notifier.js';
import type { ParseFunction } from '../../../src/core/parse.js';
import { NotifierLifecycle } from '../../../src/components/notifications/notifier-lifecycle.controller.js';
import { openSockets, userUrl } from '../support/hub.js';
import { sleep, waitFor } from '../support/wait.js';

const uniqueUser = (name = 'life') => `${name}-${Math.random().toString(36).slice(2, 8)}`;

/** Every notifier made by any host, for cleanup. */
const made: Notifier[] = [];

/**
 * Which of the notifiers made so far this is (0 for the first), undefined for none. Assertions
 * compare these rather than notifiers: a failing one on a Notifier hangs the reporter, which
 * tries to serialise its whole object graph.
 */
const nth = (n: Notifier | undefined) => (n ? made.indexOf(n) : undefined);

/** Memory-store notifiers against the Hub, so that tests leave no IndexedDB behind. */
const inMemory = (options: NotifierOptions) => createNotifier({ ...options, store: 'memory' });

/** Owns a notifier made from its url, user and parse; records what the wiring was given and undid. */
class LifecycleHost extends LitElement {
  static override properties: PropertyDeclarations = { url: {}, user: {}, parse: { attribute: false }, label: {} };
  url?: string;
  user = 'default';
  parse?: ParseFunction;
  /** Not part of the source: a change only re-renders. */
  label = '';
  readonly wired: Notifier[] = [];
  readonly unwired: Notifier[] = [];
  readonly created: NotifierOptions[] = [];
  readonly lifecycle = new NotifierLifecycle(
    this,
    () => ({ url: this.url, user: this.user, parse: this.parse }),
    (notifier) => {
      this.wired.push(notifier);
      return [() => this.unwired.push(notifier)];
    },
    (options) => {
      this.created.push(options);
      const notifier = inMemory(options);
      made.push(notifier);
      return notifier;
    },
  );
}
customElements.define('test-lifecycle-host', LifecycleHost);

/** The same without a create function: the controller's default, createNotifier. */
class DefaultCreateHost extends LitElement {
  source = { user: 'default' } as { url?: string; user: string };
  readonly lifecycle = new NotifierLifecycle(
    this,
    () => this.source,
    () => [],
  );
}
customElements.define('test-lifecycle-default-host', DefaultCreateHost);

/** Polls the Hub until `user` has `count` open sockets. */
async function socketsOf(user: string, count: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((await openSockets(user)) !== count) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} open sockets of ${user}`);
    await sleep(20);
  }
}

describe('NotifierLifecycle', () => {
  const hosts: HTMLElement[] = [];
  afterEach(async () => {
    for (const host of hosts.splice(0)) host.remove();
    for (const n of made.splice(0)) await n.close();
  });

  async function mount(user = uniqueUser()): Promise<LifecycleHost> {
    const host = Object.assign(document.createElement('test-lifecycle-host') as LifecycleHost, { user, url: await userUrl(user) });
    hosts.push(host);
    document.body.append(host);
    return host;
  }

  const live = async (host: LifecycleHost): Promise<Notifier> => {
    await host.updateComplete;
    const notifier = host.lifecycle.notifier!;
    await waitFor(() => notifier.state === 'open', `the notifier of ${host.user} to connect`);
    return notifier;
  };

  it('creates the notifier on the first update, from the host url, user and parse, and it connects', async () => {
    const parse: ParseFunction = () => null;
    const user = uniqueUser();
    const host = Object.assign(document.createElement('test-lifecycle-host') as LifecycleHost, { user, url: await userUrl(user), parse });
    hosts.push(host);
    document.body.append(host);
    expect(nth(host.lifecycle.notifier), 'before the first update').to.equal(undefined);
    const notifier = await live(host);
    expect(notifier.user).to.equal(user);
    expect(host.created).to.deep.equal([{ url: host.url, user, parse }]);
    expect(host.wired.map(nth)).to.deep.equal([0]);
    expect(await openSockets(user)).to.equal(1);
  });

  it('creates with createNotifier when no create function is given', async () => {
    const user = uniqueUser();
    const url = await userUrl(user);
    const host = document.createElement('test-lifecycle-default-host') as DefaultCreateHost;
    host.source = { url, user };
    hosts.push(host);
    document.body.append(host);
    await host.updateComplete;
    const notifier = host.lifecycle.notifier!;
    made.push(notifier);
    await waitFor(() => notifier.state === 'open', 'the default notifier to connect');
    expect(notifier.user).to.equal(user);
  });

  it('keeps the notifier across re-renders that change nothing it is made from', async () => {
    const host = await mount();
    const notifier = await live(host);
    host.label = 'changed';
    await host.updateComplete;
    host.requestUpdate();
    await host.updateComplete;
    expect(nth(host.lifecycle.notifier)).to.equal(nth(notifier));
    expect(host.created).to.have.length(1);
    expect(notifier.state).to.equal('open');
  });

  it('replaces the notifier when the user changes: the old one is unwired and closed', async () => {
    const host = await mount();
    const old = await live(host);
    const newUser = uniqueUser();
    host.user = newUser; // same url: the user also names what is stored locally
    const fresh = await live(host);
    expect([nth(old), nth(fresh)]).to.deep.equal([0, 1]);
    expect(fresh.user).to.equal(newUser);
    expect(old.state).to.equal('closed');
    expect(host.unwired.map(nth)).to.deep.equal([0]);
    expect(host.wired.map(nth)).to.deep.equal([0, 1]);
  });

  it('replaces the notifier when the url or the parse function changes', async () => {
    const host = await mount();
    const first = await live(host);
    host.url = `${host.url}&again=1`;
    const second = await live(host);
    expect([nth(first), nth(second)]).to.deep.equal([0, 1]);
    expect(first.state).to.equal('closed');

    host.parse = () => null;
    await host.updateComplete;
    const third = host.lifecycle.notifier!;
    expect(nth(third)).to.equal(2);
    expect(second.state).to.equal('closed');
    expect(host.unwired.map(nth)).to.deep.equal([0, 1]);
  });

  it('closes the notifier when the host is removed and makes a new one when it is appended again', async () => {
    const host = await mount();
    const first = await live(host);
    host.remove();
    expect(nth(host.lifecycle.notifier)).to.equal(undefined);
    expect(first.state).to.equal('closed');
    expect(host.unwired.map(nth)).to.deep.equal([0]);
    await socketsOf(host.user, 0);

    document.body.append(host);
    const second = await live(host);
    expect([nth(first), nth(second)]).to.deep.equal([0, 1]);
    expect(host.wired.map(nth)).to.deep.equal([0, 1]);
    await socketsOf(host.user, 1);
  });

  it('makes no notifier for a host removed before its first update', async () => {
    const host = document.createElement('test-lifecycle-host') as LifecycleHost;
    hosts.push(host);
    document.body.append(host);
    host.remove();
    await host.updateComplete;
    await sleep(50);
    expect(host.created).to.deep.equal([]);
    expect(nth(host.lifecycle.notifier)).to.equal(undefined);
  });
});
