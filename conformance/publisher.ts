/**
 * The publish hook: how the checker makes the server publish a notification. It POSTs
 * `{"user":U,"event":S,"data":{...},"title"?:S,"body"?:S}` as JSON to `--publish-url` and expects
 * a 2xx answer.
 */

export interface PublishRequest {
  event: string;
  data: Record<string, unknown>;
  title?: string;
  body?: string;
}

export type PublishResult = { ok: true; status: number; ms: number } | { ok: false; status?: number; error: string; ms: number };

export class Publisher {
  /** How many publishes were answered 2xx. */
  published = 0;

  constructor(
    readonly url: string,
    readonly user: string,
    readonly timeoutMs: number,
  ) {}

  async publish(request: PublishRequest): Promise<PublishResult> {
    const started = Date.now();
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: this.user, ...request }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.arrayBuffer();
      const ms = Date.now() - started;
      if (response.status < 200 || response.status > 299) {
        return { ok: false, status: response.status, error: `answered HTTP ${response.status}`, ms };
      }
      this.published++;
      return { ok: true, status: response.status, ms };
    } catch (error) {
      const ms = Date.now() - started;
      const cause = (error as Error & { cause?: Error }).cause;
      const message =
        (error as Error).name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : (cause?.message ?? (error as Error).message);
      return { ok: false, error: message, ms };
    }
  }
}
