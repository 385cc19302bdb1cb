import type { Choice } from '../../protocol/index.ts';
import { Question } from './Question.tsx';
import { useAnswer } from './use-answer.ts';

export interface SelectProps {
  text: string;
  options: Choice[];
  /** The visitor's choice, once answered. */
  answer?: Choice[];
  /** The question's message id, which the answer refers to. */
  messageId?: string;
}

/** A question with one choice (Chatwoot `input_select`): options as buttons, then the chosen title in their place. */
export const Select = ({ text, options, answer, messageId }: SelectProps) => {
  const { sent, send } = useAnswer(messageId);
  return (
    <Question name="select" text={text} answered={!!answer}>
      {answer ? (
        <ul data-chatport="chosen">
          {answer.map((choice) => (
            <li>{choice.title}</li>
          ))}
        </ul>
      ) : (
        <div data-chatport="options">
          {options.map((option) => (
            // aria-disabled, not disabled: the pressed button keeps the focus until the answer arrives.
            <button type="button" data-chatport="option" aria-disabled={sent ? 'true' : undefined} onClick={() => send(option.title, { type: 'select', choices: [option] })}>
              {option.title}
            </button>
          ))}
        </div>
      )}
    </Question>
  );
};
