// Polling helpers for browser tests: generous deadlines, no fixed timings in assertions.

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `condition()` is truthy; fails after `timeoutMs` naming `what` it waited for. */
export async function waitFor(condition: () => unknown, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
