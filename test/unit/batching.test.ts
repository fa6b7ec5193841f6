import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ArrivalBatcher, Throttle } from '../../src/components/notifications/batching.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('ArrivalBatcher', () => {
  it('closes a batch when arrivals pause, so a replay becomes one batch', () => {
    const batches: number[][] = [];
    const batcher = new ArrivalBatcher<number>((b) => batches.push(b), 150, 1000);
    for (let i = 0; i < 50; i++) {
      batcher.add(i);
      vi.advanceTimersByTime(5);
    }
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(150);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(50);
  });

  it('closes a batch after maxMs even while arrivals keep coming', () => {
    const batches: number[][] = [];
    const batcher = new ArrivalBatcher<number>((b) => batches.push(b), 150, 1000);
    for (let i = 0; i < 30; i++) {
      batcher.add(i);
      vi.advanceTimersByTime(100);
    }
    vi.advanceTimersByTime(150);
    expect(batches.map((b) => b.length)).toEqual([10, 10, 10]);
  });
});

describe('Throttle', () => {
  it('fires at most once per interval, each time with everything since the last', () => {
    let now = 0;
    const fired: number[][] = [];
    const throttle = new Throttle<number>(
      (items) => fired.push(items),
      1000,
      50,
      () => now,
    );
    const tick = (ms: number) => {
      now += ms;
      vi.advanceTimersByTime(ms);
    };
    throttle.add(1);
    tick(50);
    expect(fired).toEqual([[1]]);
    for (let i = 2; i <= 20; i++) {
      throttle.add(i);
      tick(100);
    }
    tick(1000);
    expect(fired.length).toBeLessThanOrEqual(3);
    expect(fired.flat()).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const times: number[] = [];
    const spaced = new Throttle<number>(
      () => times.push(now),
      1000,
      50,
      () => now,
    );
    for (let i = 0; i < 40; i++) {
      spaced.add(i);
      tick(100);
    }
    tick(2000);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(1000);
  });
});
