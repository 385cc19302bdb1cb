import type { ArticleSpec, ButtonSpec, CardSpec, ChoiceSpec, FieldSpec, MediaSource, Reply } from './types.ts';

/** The message builders `bot.text(…)`, `bot.carousel(…)`, …: plain descriptions each platform's driver translates. */
export const replyBuilders = {
  text: (text: string, { buttons }: { buttons?: ButtonSpec[] } = {}): Reply => ({ kind: 'text', text, ...(buttons?.length ? { buttons } : {}) }),
  carousel: (cards: CardSpec[], { ratio }: { ratio?: 'horizontal' | 'square' } = {}): Reply => ({ kind: 'carousel', cards, ...(ratio ? { ratio } : {}) }),
  image: (source?: MediaSource): Reply => ({ kind: 'image', ...(source === undefined ? {} : { source }) }),
  audio: (source?: MediaSource): Reply => ({ kind: 'audio', ...(source === undefined ? {} : { source }) }),
  video: (source?: MediaSource): Reply => ({ kind: 'video', ...(source === undefined ? {} : { source }) }),
  file: (source?: MediaSource): Reply => ({ kind: 'file', ...(source === undefined ? {} : { source }) }),
  select: (text: string, options: ChoiceSpec[]): Reply => ({ kind: 'select', text, options }),
  form: (text: string, fields: FieldSpec[], { submitLabel }: { submitLabel?: string } = {}): Reply => ({ kind: 'form', text, fields, ...(submitLabel ? { submitLabel } : {}) }),
  articles: (text: string, articles: ArticleSpec[]): Reply => ({ kind: 'articles', text, articles }),
  email: (text: string): Reply => ({ kind: 'email', text }),
  csat: (text: string, { display }: { display?: 'star' | 'emoji' } = {}): Reply => ({ kind: 'csat', text, ...(display ? { display } : {}) }),
  raw: (message: Record<string, unknown>): Reply => ({ kind: 'raw', message }),
};

/** A reply as given to `reply`/`say`: a string is text, and `buttons` go on text. */
export const toReply = (message: Reply | string, buttons?: ButtonSpec[]): Reply => {
  const reply = typeof message === 'string' ? replyBuilders.text(message) : message;
  if (!buttons?.length) return reply;
  if (reply.kind !== 'text') throw new Error(`buttons go on a text reply, not on ${reply.kind}`);
  return { ...reply, buttons: [...(reply.buttons ?? []), ...buttons] };
};

/** A postback button's title and payload (a string is both), or a link's title and URL. */
export const buttonOf = (button: ButtonSpec): { title: string; payload: string } | { title: string; url: string } =>
  typeof button === 'string'
    ? { title: button, payload: button }
    : 'url' in button
      ? { title: button.title, url: button.url }
      : { title: button.title, payload: button.payload ?? button.title };

/** A choice's title and value (a string is both). */
export const choiceOf = (choice: ChoiceSpec): { title: string; value: string } => (typeof choice === 'string' ? { title: choice, value: choice } : choice);
