/**
 * The server's unread count, followed through the user's stream (docs/PROTOCOL.md §13.4): the
 * welcome's `unread` covers everything up to the welcome's seq; after it each new unread
 * notification adds one, and a state frame's `unread` replaces the count. Frames the welcome
 * already covered (the replay after a resume) leave it alone.
 */
export class ServerUnread {
  /** The count; null while the server gives none (the notifier then counts what it holds). */
  count: number | null = null;
  #welcomeSeq: number | null = null;

  /** A welcome: its count (if any) and the seq it covers. */
  welcome(unread: number | undefined, seq: number): void {
    this.count = unread ?? null;
    this.#welcomeSeq = seq;
  }

  /** The socket closed: frames of the next one are judged against its own welcome. */
  reset(): void {
    this.#welcomeSeq = null;
  }

  /** Whether a frame with this seq (in the welcomed epoch; undefined when unsequenced) is already in the count. */
  covers(seq: number | undefined): boolean {
    return seq !== undefined && this.#welcomeSeq !== null && seq <= this.#welcomeSeq;
  }

  /** A new notification; `unread` when it is neither read nor archived. */
  arrival(seq: number | undefined, unread: boolean): void {
    if (this.count !== null && unread && !this.covers(seq)) this.count++;
  }

  /** A state frame from the server that changed `delta` held notifications' unread state. */
  state(seq: number | undefined, unread: number | undefined, delta: number): void {
    if (this.count === null || this.covers(seq)) return;
    this.count = unread ?? Math.max(0, this.count + delta);
  }

  /** A change made here, before the server's answer sets the exact count. */
  local(delta: number): void {
    if (this.count !== null) this.count = Math.max(0, this.count + delta);
  }
}
