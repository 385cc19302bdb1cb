import type { ChatItem } from '../../state/transcript.ts';
import { toSender } from '../../transport/conversation-guards.ts';
import type { Env } from './env.ts';
import { dayKey } from './time.ts';

/** Messages of one sender this close together form a group: one name and avatar, tighter spacing. */
export const GROUP_GAP_MS = 5 * 60_000;

export interface Who {
  name: string;
  /** An http(s) image; else the name's initial is drawn. */
  avatar?: string | undefined;
}

/**
 * Who wrote a reply: the sender the platform named (Chatwoot's agents and bots), else for the bot the site's bot name
 * and avatar (its title and header avatar by default); undefined for the visitor and an agent nobody named.
 */
export const senderOf = (env: Env, item: ChatItem): Who | undefined => {
  if (item.author === 'visitor') return undefined;
  const sender = toSender(item.sender);
  if (sender) return { name: sender.name, avatar: sender.avatarUrl };
  if (item.author !== 'bot') return undefined;
  const { botName, botAvatar, avatar } = env.options;
  return { name: botName?.trim() || env.title, avatar: botAvatar ?? avatar };
};

const key = (env: Env, item: ChatItem) => `${item.author}:${senderOf(env, item)?.name ?? ''}`;

/**
 * For each row: whether it continues the group above it, and the day it starts when it is the first of its day ('' when
 * not). Plain values, so a row is redrawn only when its own place changes.
 */
export const groups = (env: Env, items: readonly ChatItem[]): Array<[continues: boolean, day: string]> => {
  let lastDay = '';
  return items.map((item, i) => {
    const at = new Date(item.createdAt);
    const day = dayKey(at);
    const newDay = day !== lastDay;
    lastDay = day;
    const before = items[i - 1];
    const continues = !!before && !newDay && key(env, before) === key(env, item) && at.getTime() - Date.parse(before.createdAt) < GROUP_GAP_MS;
    return [continues, newDay ? item.createdAt : ''];
  });
};
