import type { PlatformOptions } from '../providers/index.ts';
import type { PlatformRequest, Received, Reply } from './types.ts';

/** Decides the bot's answer to what a visitor sent: replies (none: silence), or undefined for the stand-in's demo. */
export type Responder = (message: Received) => Reply[] | undefined;

export type FaultKind = 'status' | 'hang' | 'reset';

/** What the kit needs from one platform's stand-in; one implementation per platform (uchat.ts, chatwoot.ts). */
export interface Driver {
  /** For startRelayFromConfig: the stand-in the relay runs against. */
  platformOptions: PlatformOptions;
  standInUrl: string;
  /** Throws at once for a reply this platform cannot send, so a test fails where it scripts it. */
  check(reply: Reply): void;
  /** The one responder the bot's rules answer through. */
  respond(responder: Responder): void;
  setDelay(ms: number): void;
  /** Sends a message as the platform does on its own (signed push or callback); rejects when the relay refused it. */
  say(conversation: string, reply: Reply): Promise<void>;
  /** What visitors sent that the platform accepted since the last clear, in order. */
  received(): Received[];
  requests(): PlatformRequest[];
  fault(kind: FaultKind, count: number, status?: number): void;
  setDown(down: boolean): void;
  /** Chatwoot's agent actions; the conversation is asked for only where the platform has them. */
  typing(conversation: () => string, on: boolean): Promise<void>;
  resolve(conversation: () => string): Promise<void>;
  /** Forgets what was received and every fault; the platform is up again. */
  clear(): void;
  close(): Promise<void>;
}

/** A normalised message with its conversation and raw request attached, not enumerable so `toEqual` compares the rest. */
export const received = <T extends object>(fields: T, conversation: string, raw: unknown): T & { readonly conversation: string; readonly raw: unknown } =>
  Object.defineProperties({ ...fields }, { conversation: { value: conversation, enumerable: false }, raw: { value: raw, enumerable: false } }) as T & {
    conversation: string;
    raw: unknown;
  };

/** Waits without keeping the process alive. */
export const pause = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms).unref()) : Promise.resolve());

/** The error a driver gives for a message its platform cannot send. */
export const notOn = (platform: string, what: string, instead: string) => new Error(`${what} is not a ${platform} message; ${instead}`);
