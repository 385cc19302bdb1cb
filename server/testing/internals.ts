import type { Started } from '../start.ts';
import type { Driver } from './driver.ts';
import type { Chatport } from './types.ts';

/** What Chatport's own tests may reach behind the public API (config, secrets, the stand-in); not exported by the package. */
export interface ChatportInternals {
  started(): Started;
  driver: Driver;
  dataDir: string;
}

const INTERNALS = Symbol('chatport.internals');

export const attachInternals = (chatport: Chatport, internals: ChatportInternals): void => void Object.defineProperty(chatport, INTERNALS, { value: internals, enumerable: false });

/** For the project's own tests only (e2e/fixtures.testing.ts): the running relay and stand-in behind a kit. */
export const internalsOf = (chatport: Chatport): ChatportInternals => {
  const internals = (chatport as unknown as Record<symbol, ChatportInternals | undefined>)[INTERNALS];
  if (!internals) throw new Error('not a Chatport started by startChatport');
  return internals;
};
