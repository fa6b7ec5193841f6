/** Dispatches a bubbling, composed DOM event; returns false when a listener cancelled it. */
export const emit = <T>(target: EventTarget, type: string, detail: T, cancelable = false): boolean =>
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
