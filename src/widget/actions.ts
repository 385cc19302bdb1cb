import { createContext } from 'preact';
import type { AnswerValues } from '../protocol/index.ts';

/** What templates may do besides drawing: the chat model provides it, tests provide a spy. */
export interface Actions {
  /** A postback button of message `to` was pressed: send its payload, show its title as the visitor's choice. */
  press(to: string, title: string, payload: string): void;
  /** The visitor answered the question in message `to`; `text` is the readable summary shown as their message. */
  answer(to: string, text: string, values: AnswerValues): void;
}

// Outside a provider buttons still render; pressing them does nothing.
export const ActionsContext = createContext<Actions>({ press: () => {}, answer: () => {} });
