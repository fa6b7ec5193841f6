/**
 * The body of a burst's summary toast: its distinct titles when there are one to three of them,
 * else `openPanel`.
 */
export function burstTitles(titles: readonly string[], openPanel: string): string {
  const distinct = [...new Set(titles)];
  return distinct.length > 0 && distinct.length <= 3 ? distinct.join(' · ') : openPanel;
}
