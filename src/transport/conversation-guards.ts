import type { InboxResponse, OpeningWindow, Sender, WorkingHours } from '../protocol/index.ts';
import { isHttpUrl } from '../protocol/url.ts';
import { every, isCount, isObject, isStr, optStr, optUrl } from './guards.ts';

// Checks for what only the conversation chunk reads (src/widget/conversation), so they ride in it: a reply's sender,
// and the inbox's welcome and hours. Kept in step with the protocol's zod schemas by guards.schema.test.ts.

/** A reply's sender as drawn: a name with something in it, and an http(s) avatar or none. Anything else: no sender. */
export const toSender = (v: unknown): Sender | undefined =>
  isObject(v) && isStr(v.name) && v.name.trim() !== '' && optUrl(v.avatarUrl) ? { name: v.name.trim(), ...(isHttpUrl(v.avatarUrl) && { avatarUrl: v.avatarUrl }) } : undefined;

const isMinute = (v: unknown): v is number => isCount(v) && v <= 1440;
const isWindow = (w: unknown): w is OpeningWindow => isObject(w) && isCount(w.day) && w.day <= 6 && isMinute(w.from) && isMinute(w.to);
const isHours = (h: unknown): h is WorkingHours => isObject(h) && isStr(h.timezone) && h.timezone !== '' && every(h.windows, isWindow);

/** The relay's `GET /v1/inbox` answer, or undefined when it is not one. */
export const toInbox = (v: unknown): InboxResponse | undefined =>
  isObject(v) && optStr(v.name) && optStr(v.welcomeTitle) && optStr(v.welcomeTagline) && optStr(v.greeting) && (v.hours === undefined || isHours(v.hours))
    ? (v as InboxResponse)
    : undefined;
