import { render } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import { vi } from 'vitest';
import type { AnswerValues } from '../../protocol/index.ts';
import { ActionsContext } from '../actions.ts';

/** Renders inside an actions provider whose `press` and `answer` are spies; `rerender` keeps the provider. */
export const renderWithActions = (ui: ComponentChildren) => {
  const press = vi.fn<(to: string, title: string, payload: string) => void>();
  const answer = vi.fn<(to: string, text: string, values: AnswerValues) => void>();
  const actions = { press, answer };
  const wrap = (node: ComponentChildren) => <ActionsContext.Provider value={actions}>{node}</ActionsContext.Provider>;
  const result = render(wrap(ui));
  return { press, answer, ...result, rerender: (next: ComponentChildren) => result.rerender(wrap(next)) };
};

/** Strings a platform (or an attacker behind it) might send, which must stay text. */
export const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(1)>';
export const BAD_URLS = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'data:text/html,<b>hi</b>', 'vbscript:x'];
