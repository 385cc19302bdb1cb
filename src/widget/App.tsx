import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { en, loadStrings, pickLocale, StringsContext, type Strings } from '../i18n/index.ts';
import { MAX_LENGTH, type Chat } from '../state/chat.ts';
import { useValue } from './use-value.ts';
import { ActionsContext } from './actions.ts';
import { Composer } from './Composer.tsx';
import { ConnectionNotice } from './ConnectionNotice.tsx';
import { LazyUploads } from './LazyUploads.tsx';
import { Launcher } from './Launcher.tsx';
import { MessageList } from './MessageList.tsx';
import type { WidgetOptions } from './options.ts';
import { Panel } from './Panel.tsx';
import { parseColor, textOn } from './theme.ts';

export interface AppProps {
  chat: Chat;
  /** Kept for callers that only set a title; `options.title` wins. */
  title?: string;
  options?: WidgetOptions;
}

const pageLocale = (choice: string | undefined) => pickLocale(choice, document.documentElement.lang, navigator.languages);

/** The primary colour: the option, else `--chatport-primary` from the page; with the text colour that reads on it. */
const usePrimary = (root: { current: HTMLElement | null }, color: string | undefined) => {
  const [fromPage, setFromPage] = useState<string>();
  useLayoutEffect(() => {
    if (color || !root.current) return;
    const style = getComputedStyle(root.current);
    // A site that sets its own text colour on the primary keeps it.
    if (style.getPropertyValue('--chatport-on-primary').trim()) return;
    setFromPage(style.getPropertyValue('--chatport-primary').trim() || undefined);
  }, [color]);
  const primary = color && parseColor(color) ? color : undefined;
  const on = textOn(primary ?? fromPage ?? '');
  return { ...(primary && { '--cp-primary': primary }), ...(on && { '--cp-on-primary': on }) };
};

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
  const unread = useValue(chat.unread);
  const items = useValue(chat.items);
  const hasMore = useValue(chat.hasMore);
  const loadingOlder = useValue(chat.loadingOlder);
  const typing = useValue(chat.typing);
  const uploads = useValue(chat.uploads);
  const composer = useValue(chat.composer);
  const close = () => {
    chat.setOpen(false);
    launcher.current?.focus();
  };
  const t = strings ?? en;
  const title = options.title ?? fallbackTitle ?? t.chat;
  const connection = useValue(chat.connection);
  const status = useValue(chat.conversation);
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
          <Launcher buttonRef={launcher} open={open} unread={unread} controls={panelId} onToggle={() => (open ? close() : chat.setOpen(true))} />
          {open && (
            <Panel id={panelId} title={title} avatar={options.avatar} onClose={close} onAttach={chat.attach}>
              <ConnectionNotice state={connection} />
              {/* Templates press postback buttons and answer questions through the chat model. */}
              <ActionsContext.Provider value={chat}>
                <MessageList
                  items={items}
                  hasMore={hasMore}
                  loadingOlder={loadingOlder}
                  typing={typing}
                  resolved={status === 'resolved'}
                  live={connection === 'online'}
                  waiting={connection === 'offline' || connection === 'reconnecting'}
                  onRetry={chat.retry}
                  onLoadOlder={() => void chat.loadOlder()}
                />
              </ActionsContext.Provider>
              <LazyUploads uploads={uploads} />
              <Composer value={composer} maxLength={MAX_LENGTH} onInput={chat.input} onSend={chat.send} onBlur={chat.quiet} onAttach={chat.attach} />
            </Panel>
          )}
        </StringsContext.Provider>
      )}
    </div>
  );
};
