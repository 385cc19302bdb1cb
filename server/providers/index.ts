import { chatwoot } from './chatwoot/index.ts';
import type { AnyPlatform, PlatformDefinition } from './platform.ts';
import { uchat } from './uchat/index.ts';

/**
 * Every platform the relay speaks, each defined in its own folder; the first is demo mode's default. Config, start-up
 * and the CLI loop over this list, so a new platform is one folder and one line here (see CONTRIBUTING.md).
 */
export const PLATFORMS = [uchat, chatwoot] as const satisfies readonly AnyPlatform[];

type Definition = (typeof PLATFORMS)[number];
export type PlatformName = Definition['name'];
type Named<P extends PlatformName> = Extract<Definition, { name: P }>;
type Parts<P extends PlatformName> =
  Named<P> extends PlatformDefinition<P, infer Settings, infer StandIn, infer Options> ? { settings: Settings; standIn: StandIn; options: Options } : never;

/** Each platform's settings under its name, as Config carries them (only the chosen platform's are set). */
export type PlatformSettings = { [P in PlatformName]?: Parts<P>['settings'] };
/** Demo mode's stand-in by platform name (only the running one is set). */
export type StandIns = { [P in PlatformName]?: Parts<P>['standIn'] };
/** What only code can give each platform (a stand-in to use, timings tests shorten). */
export type PlatformOptions = { [P in PlatformName]?: Parts<P>['options'] };

/** The platform a relay with these settings runs: the configured one, or in demo mode the demo provider. */
export const runningPlatform = ({ mode, demoProvider }: { mode: 'demo' | PlatformName; demoProvider: PlatformName }): AnyPlatform =>
  PLATFORMS.find((platform) => platform.name === (mode === 'demo' ? demoProvider : mode))!;
