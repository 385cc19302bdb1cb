import type { Command } from '../cli/command.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/types.ts';
import type { BlobStore } from '../uploads/index.ts';
import type { Provider } from './types.ts';

/** One setting as loadConfig reads it: trimmed, undefined when unset or empty. */
export type SettingValue = (name: string) => string | undefined;

/** What opening a platform takes besides its settings. */
export interface OpenOptions<Settings, Options> {
  /** The platform's settings; undefined in demo mode, where its stand-in supplies them. */
  settings: Settings | undefined;
  logger: Logger;
  /** How long a platform request may take (PLATFORM_TIMEOUT_MS). */
  timeoutMs: number;
  /** Demo mode: how long the stand-in's bot or agent waits before answering (SIMULATOR_REPLY_DELAY_MS). */
  replyDelayMs: number;
  /** Demo mode: the stand-in's port (SIMULATOR_PORT); 0 takes any free one. */
  standInPort: number;
  /** What only code can give: a stand-in to use instead of starting one, timings that tests shorten. */
  options: Options;
}

/** One platform, opened: its provider, what to do once the relay listens, and what it started itself. */
export interface OpenedPlatform<Settings, StandIn> {
  /** The settings the relay runs with (in demo mode, the stand-in's). */
  settings: Settings;
  provider(deps: { store: Store; blobs: BlobStore }): Provider;
  /** Called with the relay's public base URL once it listens (demo mode points the stand-in at it). */
  listening(base: string): Promise<void>;
  /** Demo mode: the stand-in the relay talks to, and its address. */
  standIn?: StandIn;
  standInUrl?: string;
  close(): Promise<void>;
}

/** What `chatport serve` prints about the platform once the relay runs. */
export interface Banner {
  /** What the relay runs against. */
  headline: string;
  /** What to set or know next: the webhook URL to give the platform, the stand-in's address. */
  details: string[];
}

/**
 * Everything the relay knows about one platform, exported by `server/providers/<name>/index.ts` and listed once in
 * `server/providers/index.ts`: config, start-up and the CLI loop over that list.
 */
export interface PlatformDefinition<Name extends string = string, Settings = unknown, StandIn = unknown, Options = object> {
  /** The provider's name: `/webhooks/<name>`, a CHATPORT_DEMO_PROVIDER / `serve --provider` value, its key in Config. */
  name: Name;
  /** As people write it: "UChat". */
  title: string;
  /** What a relay with these settings talks to, for the help text: "that UChat workspace". */
  connects: string;
  /** Its built-in stand-in, for the help text: "the built-in UChat simulator". */
  standInName: string;
  settings: {
    /** The settings any one of which selects this platform. */
    selectors: readonly string[];
    /** Every setting it reads, for the help text. */
    names: readonly string[];
    /** How messages name the group: "UCHAT_*". */
    pattern: string;
    /** Reads the settings; every bad or missing value goes to `issues` by name, without echoing a secret. */
    parse(value: SettingValue, issues: string[]): Settings | undefined;
  };
  /** The provider for these settings or, in demo mode, for the built-in stand-in it starts. */
  open(options: OpenOptions<Settings, Options>): Promise<OpenedPlatform<Settings, StandIn>>;
  banner(facts: { settings: Settings; publicUrl: string; standInUrl?: string }): Banner;
  /** Its own `chatport` commands (setting the platform up), by name. */
  commands?: Readonly<Record<string, Command>>;
}

/** Any platform, for code that loops over the list (each definition's own types are kept in `PLATFORMS`). */
export type AnyPlatform = PlatformDefinition<string, unknown, unknown, unknown>;
