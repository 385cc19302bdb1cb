import { useEffect } from 'preact/hooks';
import { useStrings } from '../../i18n/index.ts';
import type { Env } from './env.ts';
import { availability } from './hours.ts';
import { useConvStrings } from './strings.ts';
import { reopening } from './time.ts';
import { useValue } from '../use-value.ts';

/** The most suggested prompts shown. */
export const MAX_PROMPTS = 4;

/** The inbox as the relay describes it, asked for the first time a part needs it. */
const useInbox = (env: Env) => {
  useEffect(env.loadInbox, []);
  return useValue(env.inbox);
};

/**
 * Before the first message: the welcome (the site's title and line, else the inbox's own, else the usual hint) and up to
 * four suggested prompts that send their text when pressed.
 */
export const Welcome = ({ env }: { env: Env }) => {
  const t = useStrings();
  const inbox = useInbox(env);
  const { welcomeTitle, welcome, prompts = '' } = env.options;
  const title = welcomeTitle ?? inbox?.welcomeTitle ?? inbox?.name;
  const line = welcome ?? inbox?.welcomeTagline ?? inbox?.greeting ?? t.empty;
  const suggestions = prompts
    .split('|')
    .map((p) => p.trim())
    .filter(Boolean)
    .slice(0, MAX_PROMPTS);
  return (
    <div data-chatport="welcome">
      {title && <h3 dir="auto">{title}</h3>}
      <p dir="auto">{line}</p>
      {suggestions.length > 0 && (
        <div data-chatport="prompts">
          {suggestions.map((text) => (
            <button type="button" data-chatport="prompt" dir="auto" onClick={() => env.chat.send(text)}>
              {text}
            </button>
          ))}
        </div>
      )}
    </div>
  );
};

/**
 * Outside working hours (the site's `data-hours`, else the inbox's own), a quiet note saying when someone is back, in the
 * visitor's words and time. Sending stays possible: it is a note, not a gate.
 */
export const Away = ({ env }: { env: Env }) => {
  const c = useConvStrings();
  const now = useValue(env.now);
  const inbox = useInbox(env);
  const hours = env.siteHours ?? inbox?.hours;
  if (!hours) return null;
  const { open, next } = availability(hours, now);
  if (open) return null;
  return (
    <p data-chatport="away" dir="auto">
      {c.away(next === undefined ? undefined : reopening(next, now, env.timeLocale, c.at))}
    </p>
  );
};
