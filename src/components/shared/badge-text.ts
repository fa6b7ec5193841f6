/** How an unread count reads on the badge and in the document title: the count, or `99+` above 99. */
export const badgeText = (count: number): string => (count > 99 ? '99+' : String(count));
