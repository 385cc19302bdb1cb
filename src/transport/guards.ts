import type { Author, Body, HistoryResponse, Message, SendResponse, SessionResponse, StatusEvent, TypingEvent } from '../protocol/index.ts';
import { isHttpUrl } from '../protocol/url.ts';

// Hand-written checks for everything that crosses into the browser: zod would not fit the size budget.
type Obj = Record<string, unknown>;

export const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isStr = (v: unknown): v is string => typeof v === 'string';
export const optStr = (v: unknown): boolean => v === undefined || isStr(v);
export const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const optCount = (v: unknown): boolean => v === undefined || isCount(v);
/** A string with something in it. */
const isText = (v: unknown): v is string => isStr(v) && v !== '';
export const every = <T>(v: unknown, check: (item: unknown) => item is T): v is T[] => Array.isArray(v) && v.every(check);

export const optUrl = (v: unknown): boolean => v === undefined || isHttpUrl(v);

const RICH_KINDS: readonly unknown[] = ['buttons', 'carousel', 'image', 'audio', 'video', 'file', 'select', 'form', 'email', 'csat', 'articles'] satisfies Body['kind'][];

/**
 * The envelope-level check of a body. Rich kinds are checked field by field where they are drawn
 * (rich-guards.ts, in the lazily loaded templates' chunk), so a text-only conversation never downloads those checks.
 */
const isBody = (b: Obj): boolean => {
  switch (b.kind) {
    case 'text':
      return isText(b.text);
    case 'postback':
      return isStr(b.title) && isStr(b.payload);
    case 'unsupported':
      return isStr(b.summary);
    // The values are read only when they match the question's kind (transcript.ts).
    case 'answer':
      return isStr(b.to) && isText(b.text) && isObject(b.values);
    case 'deleted':
      return true;
  }
  return RICH_KINDS.includes(b.kind);
};

/** A body this widget cannot vouch for becomes `unsupported`: shown as a summary, never dropped. */
export const toBody = (b: unknown): Body => (isObject(b) && isBody(b) ? (b as Body) : { kind: 'unsupported', summary: 'This message cannot be shown here.' });

const AUTHORS: readonly unknown[] = ['visitor', 'bot', 'agent'] satisfies Author[];

/** A valid envelope with a normalised body, or undefined. Fields this widget does not read pass unchecked. */
export const toMessage = (m: unknown): Message | undefined =>
  isObject(m) &&
  isStr(m.id) &&
  isCount(m.seq) &&
  m.seq > 0 &&
  isStr(m.conversationId) &&
  AUTHORS.includes(m.author) &&
  isStr(m.createdAt) &&
  optStr(m.clientId) &&
  // Orders replies written in the same instant (transcript.ts).
  optCount(m.order) &&
  optStr(m.replaces)
    ? ({ ...m, body: toBody(m.body) } as Message)
    : undefined;

export const isSession = (v: unknown): v is SessionResponse =>
  isObject(v) && isStr(v.token) && isStr(v.visitorId) && isStr(v.conversationId) && isStr(v.expiresAt) && typeof v.resumed === 'boolean';

export const toHistory = (v: unknown): HistoryResponse | undefined => {
  if (!isObject(v) || !Array.isArray(v.messages) || !isCount(v.deliveredSeq) || !optCount(v.readSeq) || typeof v.hasMore !== 'boolean') return undefined;
  const messages = v.messages.map(toMessage).filter((m) => m) as Message[];
  return { messages, deliveredSeq: v.deliveredSeq, readSeq: v.readSeq as number | undefined, hasMore: v.hasMore };
};

export const toSendResponse = (v: unknown): SendResponse | undefined => {
  const message = isObject(v) && typeof v.duplicate === 'boolean' ? toMessage(v.message) : undefined;
  return message && { message, duplicate: (v as Obj).duplicate as boolean };
};

export const isStatus = (v: unknown): v is StatusEvent => isObject(v) && isCount(v.deliveredSeq) && optCount(v.readSeq);
export const isTyping = (v: unknown): v is TypingEvent => isObject(v) && typeof v.on === 'boolean';

/** The `{error:{code, message}}` body of a failed request, when there is one. */
export const toApiError = (v: unknown): { code: string; message: string } | undefined =>
  isObject(v) && isObject(v.error) && isStr(v.error.code) && isStr(v.error.message) ? { code: v.error.code, message: v.error.message } : undefined;
