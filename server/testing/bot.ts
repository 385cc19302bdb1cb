import type { Driver } from './driver.ts';
import { replyBuilders, toReply } from './replies.ts';
import type { Bot, Matcher, Received, Reply, Rule } from './types.ts';

/** The words a string matcher compares with: a message's text, a press's title and payload, an answer's values. */
const wordsOf = (message: Received): string[] => {
  switch (message.kind) {
    case 'text':
      return [message.text];
    case 'postback':
      return [message.title, message.payload];
    case 'attachment':
      return message.text ? [message.text] : [];
    case 'answer':
      return message.type === 'select' ? [message.title, message.value] : message.type === 'email' ? [message.email] : [];
  }
};

const matches = (match: Matcher, message: Received): boolean => {
  if (typeof match === 'function') return match(message);
  const words = wordsOf(message).map((word) => word.trim());
  return typeof match === 'string' ? words.includes(match.trim()) : words.some((word) => match.test(word));
};

const count = (n: number, name: string) => {
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new Error(`bot.${name}(n): n is a whole number from 1 to 10000, got ${n}`);
  return n;
};

/**
 * The platform-neutral bot over one platform's driver: rules (later ones first), the demo or silence for the rest,
 * proactive messages, what was received, and faults. `reset()` returns it to a clean script between tests.
 */
export const createBot = (driver: Driver, { replyDelayMs }: { replyDelayMs: number }): Bot & { reset(): void } => {
  let rules: { match: Matcher; replies: Reply[] }[] = [];
  let unmatched: 'demo' | 'silent' = 'demo';
  /** Conversations of earlier tests: a late delivery from one of them does not count as this test's. */
  const earlier = new Set<string>();

  const current = () => driver.received().filter((message) => !earlier.has(message.conversation));

  driver.respond((message) => {
    const rule = rules.findLast((candidate) => matches(candidate.match, message));
    if (rule) return rule.replies;
    return unmatched === 'demo' ? undefined : [];
  });

  /** The conversation to address: the one named, else the latest of this test. */
  const target = (to: string | undefined, action: string): string => {
    const conversation = to ?? current().at(-1)?.conversation;
    if (conversation === undefined) {
      throw new Error(`bot.${action}: no visitor has written in this test yet, so the platform knows no conversation to address (or pass { to })`);
    }
    return conversation;
  };

  return {
    ...replyBuilders,
    on(match) {
      const entry = { match, replies: [] as Reply[] };
      rules.push(entry);
      const rule: Rule = {
        reply(message, options = {}) {
          const reply = toReply(message, options.buttons);
          driver.check(reply);
          entry.replies.push(reply);
          return rule;
        },
      };
      return rule;
    },
    otherwise(behaviour) {
      if (behaviour !== 'demo' && behaviour !== 'silent') throw new Error(`bot.otherwise: "demo" or "silent", got ${String(behaviour)}`);
      unmatched = behaviour;
    },
    delay(ms) {
      if (!Number.isInteger(ms) || ms < 0 || ms > 60_000) throw new Error(`bot.delay(ms): milliseconds from 0 to 60000, got ${ms}`);
      driver.setDelay(ms);
    },
    async say(message, { to, buttons } = {}) {
      const reply = toReply(message, buttons);
      driver.check(reply);
      await driver.say(target(to, 'say'), reply);
    },
    received: current,
    requests: () => driver.requests(),
    fail: (n = 1, status = 503) => {
      if (!Number.isInteger(status) || status < 400 || status > 599) throw new Error(`bot.fail(n, status): an HTTP error status from 400 to 599, got ${status}`);
      driver.fault('status', count(n, 'fail'), status);
    },
    hang: (n = 1) => driver.fault('hang', count(n, 'hang')),
    drop: (n = 1) => driver.fault('reset', count(n, 'drop')),
    down: () => driver.setDown(true),
    up: () => driver.setDown(false),
    typing: (on, { to } = {}) => driver.typing(() => target(to, 'typing'), on),
    resolve: ({ to } = {}) => driver.resolve(() => target(to, 'resolve')),
    reset() {
      for (const message of driver.received()) earlier.add(message.conversation);
      rules = [];
      unmatched = 'demo';
      driver.setDelay(replyDelayMs);
      driver.clear();
    },
  };
};
