import type { LoncengNotification } from '../../src/core/types.js';

/** A notification as the notifier holds it, for catalog and describer tests. */
export const note = (event: string, data: Record<string, unknown>, extra: Partial<LoncengNotification> = {}): LoncengNotification => ({
  id: 'n1',
  event,
  at: '2024-05-01T10:00:00Z',
  data,
  read: false,
  receivedAt: 0,
  ...extra,
});
