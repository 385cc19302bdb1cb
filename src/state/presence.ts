/** Sends best-effort requests to the relay (`v1/typing` with `{on}`, `v1/seen`). */
export type Ping = (path: string, body?: unknown) => void;

/**
 * The visitor's side of presence, for platforms that show it to agents: typing on (at once, then every 3 s while it
 * goes on) and off (after 5 s of quiet, on send, blur or close); read receipts, debounced, once replies are seen
 * (panel open, page visible).
 */
export const createPresence = (ping: Ping, canSee: () => boolean) => {
  let quietTimer: ReturnType<typeof setTimeout> | undefined;
  let seenTimer: ReturnType<typeof setTimeout> | undefined;
  /** When "typing on" was last sent; 0 while off. */
  let typingSince = 0;
  /** Replies arrived that the relay has not been told were seen. */
  let unseen = false;

  const look = () => {
    // Replies shown in a hidden tab are not seen yet.
    if (!unseen || !canSee() || globalThis.document?.hidden) return;
    unseen = false;
    clearTimeout(seenTimer);
    seenTimer = setTimeout(ping, 1000, 'v1/seen');
  };

  const quiet = () => {
    clearTimeout(quietTimer);
    if (!typingSince) return;
    typingSince = 0;
    ping('v1/typing', { on: false });
  };

  return {
    look,
    quiet,
    /** Replies arrived (`true`), or may have while the panel was closed (`unread`); reported once seen. */
    replies(arrived: boolean) {
      unseen ||= arrived;
      look();
    },
    /** The visitor typed: writing, they have also seen what came while the page was hidden. */
    typed() {
      look();
      clearTimeout(quietTimer);
      quietTimer = setTimeout(quiet, 5000);
      if (Date.now() - typingSince < 3000) return;
      typingSince = Date.now();
      ping('v1/typing', { on: true });
    },
    stop() {
      clearTimeout(seenTimer);
      quiet();
    },
  };
};
