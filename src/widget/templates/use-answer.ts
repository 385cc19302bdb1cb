import { useContext, useRef, useState } from 'preact/hooks';
import type { AnswerValues } from '../../protocol/index.ts';
import { ActionsContext } from '../actions.ts';

export interface Answering {
  /** Answered already (or not answerable: a message without an id): the controls stay put but do nothing. */
  sent: boolean;
  send(text: string, values: AnswerValues): void;
}

/** A question is answered once: a second click (even in the same tick) or submit does nothing until its answer arrives. */
export const useAnswer = (to: string | undefined): Answering => {
  const { answer } = useContext(ActionsContext);
  const once = useRef(false);
  const [sent, setSent] = useState(false);
  return {
    sent: sent || !to,
    send: (text, values) => {
      if (once.current || !to) return;
      once.current = true;
      setSent(true);
      answer(to, text, values);
    },
  };
};
