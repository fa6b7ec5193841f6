import type { LoncengEventDetail, LoncengEventMap } from '../dom-events.js';

/** Dispatches one of the elements' DOM events, bubbling and composed; returns false when a listener cancelled it. */
export const emit = <K extends keyof LoncengEventMap>(
  target: EventTarget,
  type: K,
  detail: LoncengEventDetail<K>,
  cancelable = false,
): boolean => target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
