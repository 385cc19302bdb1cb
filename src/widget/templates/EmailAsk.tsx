import { useId, useRef, useState } from 'preact/hooks';
import { useStrings } from '../../i18n/index.ts';
import { Question } from './Question.tsx';
import { useRichStrings } from './strings.ts';
import { useAnswer } from './use-answer.ts';

export interface EmailAskProps {
  text: string;
  /** The email given, once answered. */
  answer?: string;
  /** The question's message id, which the answer refers to. */
  messageId?: string;
}

// What the protocol accepts as an email (a dot after the @), stricter than type=email alone.
const EMAIL = '[^\\s@]+@[^\\s@]+\\.[^\\s@]+';

/** A request for the visitor's email (Chatwoot `input_email`): one checked field and a send button, then the email. */
export const EmailAsk = ({ text, answer, messageId }: EmailAskProps) => {
  const t = useStrings();
  const r = useRichStrings();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState('');
  const { sent, send } = useAnswer(messageId);
  const check = () => (input.current!.validity.valid && input.current!.value.trim() ? '' : r.badEmail);
  return (
    <Question name="email" text={text} answered={answer !== undefined}>
      {answer !== undefined ? (
        <p data-chatport="given">{answer}</p>
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (sent) return;
            const found = check();
            setError(found);
            if (found) return input.current!.focus();
            const email = input.current!.value.trim();
            send(email, { type: 'email', email });
          }}
        >
          <input
            ref={input}
            type="email"
            required
            pattern={EMAIL}
            maxLength={320}
            autocomplete="email"
            aria-label={r.email}
            placeholder={r.email}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            readOnly={sent}
            onInput={() => error && setError(check())}
          />
          <button type="submit" data-chatport="submit" aria-disabled={sent ? 'true' : undefined}>
            {t.send}
          </button>
          {error && (
            <p id={`${id}-error`} data-chatport="field-error">
              {error}
            </p>
          )}
        </form>
      )}
    </Question>
  );
};
