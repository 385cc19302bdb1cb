/**
 * The English words only the conversation chunk uses (away note, greeting, typing, earlier messages, the resolved
 * notice, the drop hint). They ride in it, not in the first load; every other locale carries its own as `conv` (its
 * file is fetched only when chosen).
 */
export const convEn = {
  /** The away note: `when` is the next opening, already in the visitor's words ("Monday 09:00", "at 14:00"). */
  away: (when?: string) => `We're away right now${when ? ` and back ${when}` : ''}. Leave a message and we'll get back to you.`,
  /** "at 14:00" (later today) or "Monday 09:00". */
  at: (time: string) => `at ${time}`,
  /** The preview of a reply beside the closed launcher, for screen readers. */
  from: (name: string) => `New message from ${name}`,
  dismiss: 'Dismiss',
  typing: 'Typing…',
  /** The button above the transcript while earlier messages exist, and while they load. */
  older: 'Show earlier messages',
  loading: 'Loading…',
  /** Closes the log while the platform has the conversation resolved. */
  resolved: 'This conversation was closed. Write a message to start a new one.',
  /** Over the panel while files are dragged onto it. */
  dropHere: 'Drop files here',
};

export type ConvStrings = typeof convEn;
