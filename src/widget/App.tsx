import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { en, loadStrings, pickLocale, StringsContext, type Strings } from '../i18n/index.ts';
import { MAX_LENGTH, type Chat } from '../state/chat.ts';
import { useValue } from './use-value.ts';
import { ActionsContext } from './actions.ts';
import { Composer } from './Composer.tsx';
import { ConnectionNotice } from './ConnectionNotice.tsx';
import { ConversationContext, loadConversation, type Conversation } from './extras.ts';
import { Launcher, type LauncherProps } from './Launcher.tsx';
import { MessageList } from './MessageList.tsx';
import type { WidgetOptions } from './options.ts';
import { Panel } from './Panel.tsx';
import { adoptStyles } from './styles.ts';
import { linkShades, parseColor, textOn } from './theme.ts';

export interface AppProps {
  chat: Chat;
  /** Kept for callers that only set a title; `options.title` wins. */
  title?: string;
  options?: WidgetOptions;
}

const pageLocale = (choice: string | undefined) => pickLocale(choice, document.documentElement.lang, navigator.languages);

/**
 * The primary colour: the option, else `--chatport-primary` from the page; with the text colour that reads on it and
 * the shades of it that read as text on the light and dark panels.
 */
const usePrimary = (root: { current: HTMLElement | null }, color: string | undefined) => {
  const [fromPage, setFromPage] = useState<[string, string]>();
  useLayoutEffect(() => {
    if (color || !root.current) return;
    const style = getComputedStyle(root.current);
    setFromPage([style.getPropertyValue('--chatport-primary').trim(), style.getPropertyValue('--chatport-on-primary').trim()]);
  }, [color]);
  const primary = color && parseColor(color) ? color : undefined;
  const base = primary ?? (fromPage?.[0] || '#2563eb');
  // A site that sets its own text colour on the primary keeps it.
  const on = !fromPage?.[1] && textOn(base);
  return { ...(primary && { '--cp-primary': primary }), ...(on && { '--cp-on-primary': on }), ...linkShades(base) };
};

// Each part reads the signals it draws (these wrap the parts whose tests hand them plain values; the connection notice
// and the upload list read theirs themselves), so a change redraws that part only: a keystroke the composer, a message
// the list (and in it the one row that changed), the connection its notice. The root reads only whether it is open.
type Part = { chat: Chat };

const ChatLauncher = ({ chat, ...props }: Part & Omit<LauncherProps, 'unread'>) => <Launcher {...props} unread={useValue(chat.unread)} />;

const ChatLog = ({ chat }: Part) => {
  const connection = useValue(chat.connection);
  return (
    <MessageList
      items={useValue(chat.items)}
      hasMore={useValue(chat.hasMore)}
      loadingOlder={useValue(chat.loadingOlder)}
      typing={useValue(chat.typing)}
      resolved={useValue(chat.conversation) === 'resolved'}
      live={connection === 'online'}
      waiting={connection === 'offline' || connection === 'reconnecting'}
      onRetry={chat.retry}
      onLoadOlder={chat.loadOlder}
    />
  );
};

const ChatComposer = ({ chat }: Part) => (
  <Composer value={useValue(chat.composer)} maxLength={MAX_LENGTH} onInput={chat.input} onSend={() => chat.send()} onBlur={chat.quiet} onAttach={chat.attach} />
);

/** The launcher and, while open, the panel, in the visitor's language. Closing returns focus to the launcher. */
export const App = ({ chat, title: fallbackTitle, options = {} }: AppProps) => {
  const locale = pageLocale(options.locale);
  const [strings, setStrings] = useState<Strings | undefined>(locale === 'en' ? en : undefined);
  useEffect(() => {
    let live = true;
    if (locale === 'en') setStrings(en);
    else void loadStrings(locale).then((s) => live && setStrings(s));
    return () => void (live = false);
  }, [locale]);

  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const launcher = useRef<HTMLButtonElement>(null);
  const style = usePrimary(root, options.color);
  const open = useValue(chat.open);
  const close = () => {
    chat.setOpen(false);
    launcher.current?.focus();
  };
  const t = strings ?? en;
  const title = options.title ?? fallbackTitle ?? t.chat;
  // The conversation chunk, fetched once the widget has drawn (tried again when the panel opens, should it have failed);
  // the transcript draws plainly until it is here.
  const [x, setX] = useState<Conversation>();
  useEffect(() => {
    if (!x)
      loadConversation().then(
        (module) => {
          if (root.current) adoptStyles(root.current, module.css);
          setX(module);
        },
        () => undefined,
      );
  }, [open]);
  const env = useMemo(() => x?.createEnv({ x, chat, options, title, locale }), [x, title, locale]);
  return (
    <div
      ref={root}
      data-chatport="root"
      // Preact writes false as "false" on data- attributes.
      data-open={open}
      data-theme={options.theme ?? 'light'}
      data-position={options.position === 'left' ? 'left' : 'right'}
      lang={locale}
      dir={t.dir}
      style={style}
    >
      {/* Nothing shows until the visitor's strings are here (one small chunk), so no English flashes first. */}
      {strings && (
        <StringsContext.Provider value={strings}>
          <ConversationContext.Provider value={env}>
            <ChatLauncher chat={chat} buttonRef={launcher} open={open} controls={panelId} onToggle={() => (open ? close() : chat.setOpen(true))} />
            {open && (
              <Panel id={panelId} title={title} avatar={options.avatar} onClose={close}>
                <ConnectionNotice connection={chat.connection} />
                {env && <env.x.Away env={env} />}
                {/* Templates press postback buttons and answer questions through the chat model. */}
                <ActionsContext.Provider value={chat}>
                  <ChatLog chat={chat} />
                </ActionsContext.Provider>
                {env && <env.x.Files uploads={chat.uploads} onAttach={chat.attach} />}
                <ChatComposer chat={chat} />
              </Panel>
            )}
            {env && <env.x.Outside env={env} open={open} />}
          </ConversationContext.Provider>
        </StringsContext.Provider>
      )}
    </div>
  );
};
