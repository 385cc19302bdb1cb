import { useId, useRef, useState } from 'preact/hooks';
import type { FieldValue, FormField } from '../../protocol/index.ts';
import { type Control, Field, initialValue, problem, shown } from './FormField.tsx';
import { Question } from './Question.tsx';
import { useRichStrings } from './strings.ts';
import { useAnswer } from './use-answer.ts';

export interface FormProps {
  text: string;
  fields: FormField[];
  submitLabel?: string;
  /** The submitted values, once answered. */
  answer?: FieldValue[];
  /** The form's message id, which the answer refers to. */
  messageId?: string;
}

// An answer's text is a message: it keeps within the protocol's text limit.
const MAX_SUMMARY = 20_000;

/** "Name: Ann, Email: a@b.c": the filled fields, as the visitor's message reads in the transcript. */
export const summarize = (fields: FormField[], values: string[]): string => {
  const line = (f: FormField, v: string) => `${f.label || f.name}: ${shown(f, v) || '—'}`;
  const filled = fields.flatMap((f, i) => (values[i] ? [line(f, values[i]!)] : []));
  return (filled.length > 0 ? filled : fields.map((f) => line(f, ''))).join(', ').slice(0, MAX_SUMMARY);
};

/** The submitted values, read-only, by their fields' labels. */
const Submitted = ({ fields, answer }: { fields: FormField[]; answer: FieldValue[] }) => (
  <dl data-chatport="submitted">
    {answer.map(({ name, value }) => {
      const field = fields.find((f) => f.name === name);
      return (
        <div>
          <dt>{field?.label || name}</dt>
          <dd>{shown(field, value) || '—'}</dd>
        </div>
      );
    })}
  </dl>
);

/**
 * A form (Chatwoot `form`): labelled fields checked by the browser's own rules (required, email, pattern), each
 * problem shown next to its field; submitted once, then shown as the values sent.
 */
export const Form = ({ text, fields, submitLabel, answer, messageId }: FormProps) => {
  const r = useRichStrings();
  const base = useId();
  const { sent, send } = useAnswer(messageId);
  const [values, setValues] = useState(() => fields.map(initialValue));
  const [errors, setErrors] = useState<string[]>([]);
  const controls = useRef<(Control | null)[]>([]);
  const check = (i: number) => {
    const el = controls.current[i];
    return el ? problem(el, fields[i]!, r) : '';
  };
  const submit = (e: Event) => {
    e.preventDefault();
    if (sent) return;
    const found = fields.map((_, i) => check(i));
    setErrors(found);
    const first = found.findIndex(Boolean);
    if (first >= 0) return controls.current[first]?.focus();
    const trimmed = values.map((v) => v.trim());
    send(summarize(fields, trimmed), { type: 'form', fields: fields.map((f, i) => ({ name: f.name, value: trimmed[i]! })) });
  };
  return (
    <Question name="form" text={text} answered={!!answer}>
      {answer ? (
        <Submitted fields={fields} answer={answer} />
      ) : (
        <form noValidate onSubmit={submit}>
          {fields.map((field, i) => (
            <Field
              field={field}
              id={`${base}-${i}`}
              value={values[i]!}
              error={errors[i] ?? ''}
              locked={sent}
              control={(el) => {
                controls.current[i] = el;
              }}
              onInput={(value) => {
                setValues((old) => old.map((v, j) => (j === i ? value : v)));
                // A shown problem goes as soon as it is fixed.
                if (errors[i]) setErrors((old) => old.map((err, j) => (j === i ? check(i) : err)));
              }}
            />
          ))}
          {/* aria-disabled, not disabled: the button keeps the focus until the answer arrives. */}
          <button type="submit" data-chatport="submit" aria-disabled={sent ? 'true' : undefined}>
            {submitLabel || r.submit}
          </button>
        </form>
      )}
    </Question>
  );
};
