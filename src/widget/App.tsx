import { useId, useRef } from 'preact/hooks';
import { MAX_LENGTH, type Chat } from '../state/chat.ts';
import { ActionsContext } from './actions.ts';
import { Composer } from './Composer.tsx';
import { ConnectionNotice } from './ConnectionNotice.tsx';
import { Launcher } from './Launcher.tsx';
import { MessageList } from './MessageList.tsx';
import type { WidgetOptions } from './options.ts';
import { Panel } from './Panel.tsx';
import { UploadProgress } from './UploadProgress.tsx';

export interface AppProps {
  chat: Chat;
  /** Kept for callers that only set a title; `options.title` wins. */
  title?: string;
  options?: WidgetOptions;
}

/** The launcher and, while open, the panel. Closing returns focus to the launcher. */
export const App = ({ chat, title: fallbackTitle = 'Chat', options = {} }: AppProps) => {
  const title = options.title ?? fallbackTitle;
  const panelId = useId();
  const launcher = useRef<HTMLButtonElement>(null);
  const open = chat.open.value;
  const close = () => {
    chat.setOpen(false);
    launcher.current?.focus();
  };
  return (
    <div data-chatport="root" data-open={open ? 'true' : 'false'}>
      <Launcher buttonRef={launcher} open={open} unread={chat.unread.value} controls={panelId} onToggle={() => (open ? close() : chat.setOpen(true))} />
      {open && (
        <Panel id={panelId} title={title} onClose={close} onAttach={chat.attach}>
          <ConnectionNotice state={chat.connection.value} />
          {/* Templates press postback buttons through the chat model. */}
          <ActionsContext.Provider value={chat}>
            <MessageList
              items={chat.items.value}
              hasMore={chat.hasMore.value}
              loadingOlder={chat.loadingOlder.value}
              typing={chat.typing.value}
              onRetry={chat.retry}
              onLoadOlder={() => void chat.loadOlder()}
            />
          </ActionsContext.Provider>
          <UploadProgress uploads={chat.uploads} />
          <Composer value={chat.composer.value} maxLength={MAX_LENGTH} onInput={(v) => (chat.composer.value = v)} onSend={chat.send} onAttach={chat.attach} />
        </Panel>
      )}
    </div>
  );
};
