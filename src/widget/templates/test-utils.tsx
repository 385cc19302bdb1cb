import { render } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import { vi } from 'vitest';
import { ActionsContext } from '../actions.ts';

/** Renders inside an actions provider whose `press` is a spy. */
export const renderWithActions = (ui: ComponentChildren) => {
  const press = vi.fn<(title: string, payload: string) => void>();
  return { press, ...render(<ActionsContext.Provider value={{ press }}>{ui}</ActionsContext.Provider>) };
};

/** Strings a platform (or an attacker behind it) might send, which must stay text. */
export const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(1)>';
export const BAD_URLS = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'data:text/html,<b>hi</b>', 'vbscript:x'];
