import { useState } from 'preact/hooks';
import type { Rating } from '../../protocol/index.ts';
import { Question } from './Question.tsx';
import { FACES, RatingScale } from './RatingScale.tsx';
import { useRichStrings } from './strings.ts';
import { useAnswer } from './use-answer.ts';

export interface CsatProps {
  text: string;
  display: 'emoji' | 'star';
  /** The rating given, once answered. */
  answer?: Rating;
  /** The survey's message id, which the answer refers to. */
  messageId?: string;
}

const stars = (rating: number) => '★'.repeat(rating) + '☆'.repeat(5 - rating);

/** "★★★★☆ Great support": the rating as the visitor's message reads in the transcript. */
export const summarizeRating = (rating: number, feedback?: string) => (feedback ? `${stars(rating)} ${feedback}` : stars(rating));

/**
 * A satisfaction survey (Chatwoot `input_csat`): a rating on five faces or stars, then an optional comment and a
 * submit button; answered, the rating and comment with a thank-you.
 */
export const Csat = ({ text, display, answer, messageId }: CsatProps) => {
  const r = useRichStrings();
  const [rating, setRating] = useState(0);
  const [feedback, setFeedback] = useState('');
  const { sent, send } = useAnswer(messageId);
  const named = (i: number) => r.rate(i, r.levels[i - 1] ?? '');
  return (
    <Question name="csat" text={text} answered={!!answer}>
      {answer ? (
        <>
          <p data-chatport="rated" data-display={display} role="img" aria-label={named(answer.rating)}>
            {display === 'emoji' ? FACES[answer.rating - 1] : stars(answer.rating)}
          </p>
          {answer.feedback && <p data-chatport="feedback">{answer.feedback}</p>}
          <p data-chatport="thanks">{r.thanks}</p>
        </>
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!rating || sent) return;
            const comment = feedback.trim();
            send(summarizeRating(rating, comment), comment ? { type: 'csat', rating, feedback: comment } : { type: 'csat', rating });
          }}
        >
          <RatingScale display={display} value={rating} onChange={(i) => sent || setRating(i)} />
          {/* The comment and the button come once a rating is chosen: nothing to submit before. */}
          {rating > 0 && (
            <>
              <textarea
                aria-label={r.feedback}
                placeholder={r.feedback}
                value={feedback}
                maxLength={5000}
                rows={2}
                readOnly={sent}
                onInput={(e) => setFeedback(e.currentTarget.value)}
              />
              <button type="submit" data-chatport="submit" aria-disabled={sent ? 'true' : undefined}>
                {r.submit}
              </button>
            </>
          )}
        </form>
      )}
    </Question>
  );
};
