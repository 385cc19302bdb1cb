import { useEffect, useRef, useState } from 'preact/hooks';
import { useStrings } from '../../i18n/index.ts';
import { endpoint } from '../../transport/api.ts';
import { newReplies, spoken } from '../announce.ts';
import { useValue } from '../use-value.ts';
import type { Env } from './env.ts';
import { senderOf } from './groups.ts';
import { useConvStrings } from './strings.ts';

/** Where the relay serves the reply sound (a few hundred bytes, fetched the first time it plays). */
export const SOUND_PATH = 'sounds/message.wav';
/** A preview shows this much of a reply. */
const EXCERPT = 120;

/** Keeps the relative times moving while the widget is mounted, and fresh whenever the panel opens. */
const useClock = (env: Env, open: boolean) => {
  useEffect(() => {
    const timer = setInterval(() => (env.now.value = Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => void (env.now.value = Date.now()), [open]);
};

/**
 * While the page is hidden, replies that arrive count up in the tab title (`(2) Page title`), put back when the visitor
 * returns; with `data-sound="on"` a short sound plays for a reply while the panel is closed or the page hidden, never
 * before the visitor has interacted with the page. `Chatport('mute')` stops both.
 */
const useAttention = (env: Env, open: boolean) => {
  const isOpen = useRef(open);
  isOpen.current = open;
  useEffect(() => {
    const { chat, options } = env;
    let seen: string | undefined;
    let count = 0;
    let base = '';
    let ours = '';
    let touched = false;
    let sound: HTMLAudioElement | undefined;
    const restore = () => {
      // A title the page changed since is left alone.
      if (count && document.title === ours) document.title = base;
      count = 0;
    };
    const arrived = (n: number) => {
      if (chat.muted.peek()) return;
      if (document.hidden) {
        if (!count) base = document.title;
        count += n;
        document.title = ours = `(${count}) ${base}`;
      }
      if (options.sound === 'on' && (document.hidden || !isOpen.current) && (navigator.userActivation?.hasBeenActive ?? touched)) {
        sound ??= new Audio(endpoint(chat.relayUrl, SOUND_PATH));
        void sound.play().catch(() => undefined);
      }
    };
    // Only replies that arrive live count: not the history a returning visitor gets back.
    const offItems = chat.items.subscribe((items) => {
      const fresh = seen !== undefined && chat.connection.peek() === 'online' ? newReplies(items, seen) : [];
      seen = items.at(-1)?.key ?? '';
      if (fresh.length) arrived(fresh.length);
    });
    const offMuted = chat.muted.subscribe((muted) => muted && restore());
    const back = () => document.hidden || restore();
    const touch = () => void (touched = true);
    document.addEventListener('visibilitychange', back);
    addEventListener('pointerdown', touch, true);
    addEventListener('keydown', touch, true);
    return () => {
      offItems();
      offMuted();
      restore();
      document.removeEventListener('visibilitychange', back);
      removeEventListener('pointerdown', touch, true);
      removeEventListener('keydown', touch, true);
    };
  }, []);
};

interface Preview {
  text: string;
  /** The sender of a reply; none for the site's greeting. */
  from?: string;
}

/** Whether the visitor dismissed the greeting in this browser session (per relay, so two widgets do not mix). */
const dismissedKey = (env: Env) => `chatport:greeting-dismissed:${new URL(env.chat.relayUrl).origin}`;
const session = (fn: (s: Storage) => unknown): unknown => {
  try {
    return fn(sessionStorage);
  } catch {
    return undefined;
  }
};

/**
 * A small bubble beside the closed launcher: the site's greeting (`Chatport('greet')`, `data-greeting`), or an excerpt
 * of a reply that arrived while the panel was closed. Said politely by screen readers; pressing it opens the chat; once
 * the greeting is dismissed it does not come back in this session.
 */
const Greeting = ({ env, open }: { env: Env; open: boolean }) => {
  const t = useStrings();
  const c = useConvStrings();
  const greeting = useValue(env.chat.greeting);
  const unread = useValue(env.chat.unread);
  const [preview, setPreview] = useState<Preview>();
  const replies = useRef(unread);

  useEffect(() => {
    if (env.options.greeting && !greeting) env.chat.greet(env.options.greeting);
  }, []);
  useEffect(() => {
    if (greeting && !session((s) => s.getItem(dismissedKey(env)))) setPreview({ text: greeting });
  }, [greeting]);
  useEffect(() => {
    // More replies waiting than before: the newest one, as its sender and an excerpt.
    if (unread > replies.current) {
      const item = env.chat.items.peek().findLast((i) => i.author !== 'visitor');
      if (item) setPreview({ text: spoken(t, item.body), from: senderOf(env, item)?.name ?? t[item.author as 'bot' | 'agent'] });
    }
    replies.current = unread;
  }, [unread]);
  useEffect(() => void (open && setPreview(undefined)), [open]);

  const dismiss = () => {
    if (!preview?.from) session((s) => s.setItem(dismissedKey(env), '1'));
    setPreview(undefined);
  };
  const text = preview && ([...preview.text].length > EXCERPT ? `${[...preview.text].slice(0, EXCERPT - 1).join('')}…` : preview.text);
  return (
    <div data-chatport="greeting-region" aria-live="polite">
      {preview && !open && (
        <div data-chatport="greeting">
          <button type="button" data-chatport="greeting-open" onClick={() => env.chat.setOpen(true)}>
            {preview.from && (
              <>
                <span data-chatport="sr-only">{`${c.from(preview.from)}: `}</span>
                <bdi aria-hidden="true">{preview.from}</bdi>
              </>
            )}
            <span dir="auto">{text}</span>
          </button>
          <button type="button" data-chatport="greeting-dismiss" aria-label={c.dismiss} onClick={dismiss}>
            <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <path d="M6 6l12 12M18 6L6 18" />
            </svg>
          </button>
        </div>
      )}
    </div>
  );
};

/** What the chunk adds outside the panel: the clock, the tab title and sound, and the greeting bubble. */
export const Outside = ({ env, open }: { env: Env; open: boolean }) => {
  useClock(env, open);
  useAttention(env, open);
  return <Greeting env={env} open={open} />;
};
