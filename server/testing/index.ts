/**
 * `chatport/testing`: the QA kit's framework-neutral core. `startChatport()` runs a relay with a platform stand-in
 * and a test page on loopback; its `bot` scripts the platform's answers, reads what it received and injects outages.
 * Usable from any Node test runner (Vitest, Jest, Cypress tasks, a script). Playwright users take
 * `chatport/testing/playwright`, which wraps this in fixtures. Reference: docs/testing.md.
 */
export { startChatport } from './start.ts';
export { chromiumPath } from './chromium.ts';
export type {
  ArticleSpec,
  Bot,
  ButtonSpec,
  CardSpec,
  Chatport,
  ChatportOptions,
  ChoiceSpec,
  FieldSpec,
  Matcher,
  MediaSource,
  Platform,
  PlatformRequest,
  Received,
  ReceivedAnswer,
  ReceivedFile,
  Reply,
  Rule,
  TestIdentity,
  TestPageOptions,
  WidgetOptions,
} from './types.ts';
