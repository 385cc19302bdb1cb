import type { Ref } from 'preact';
import type { FormField } from '../../protocol/index.ts';
import type { RichStrings } from '../../i18n/rich.ts';
import { useRichStrings } from './strings.ts';

export type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/**
 * A field's pattern as the browser reads it (the whole value must match; `v` flag, `u` where `v` is unknown).
 * A pattern that does not compile is left out, as browsers ignore it, instead of throwing.
 */
export const compilePattern = (pattern: string | undefined): RegExp | undefined => {
  if (!pattern) return undefined;
  for (const flags of ['v', 'u']) {
    try {
      return new RegExp(`^(?:${pattern})$`, flags);
    } catch {
      // next flag, then none
    }
  }
  return undefined;
};

/** The value a select field starts with: its default when that is one of its options, else none. */
export const initialValue = (field: FormField): string =>
  field.type !== 'select' ? (field.default ?? '') : field.options?.some((o) => o.value === field.default) ? field.default! : '';

/** What is wrong with a control's value, from the browser's own constraint validation; '' when nothing is. */
export const problem = (el: Control, field: FormField, r: RichStrings): string => {
  const v = el.validity;
  if (v.valueMissing || (field.required && !el.value.trim())) return r.required;
  if (v.typeMismatch) return r.badEmail;
  // Textareas have no pattern attribute: the same rule is checked here.
  const re = el.localName === 'textarea' ? compilePattern(field.pattern) : undefined;
  if (v.patternMismatch || (re && el.value && !re.test(el.value))) return field.patternError || r.badFormat;
  return v.valid ? '' : r.badFormat;
};

/** How a submitted value reads: a select's option by its label. */
export const shown = (field: FormField | undefined, value: string): string => field?.options?.find((o) => o.value === value)?.label ?? value;

export interface FieldProps {
  field: FormField;
  id: string;
  value: string;
  /** The message shown under the field (and tied to it), or ''. */
  error: string;
  /** Submitted: the values stay as sent until the answered version arrives. */
  locked: boolean;
  onInput(value: string): void;
  control: Ref<Control>;
}

/** One labelled field; its error is tied to it by aria-describedby so it is read when the field gets the focus. */
export const Field = ({ field, id, value, error, locked, onInput, control }: FieldProps) => {
  const r = useRichStrings();
  const errorId = `${id}-error`;
  const pattern = field.type === 'textarea' || !compilePattern(field.pattern) ? undefined : field.pattern;
  const attrs = {
    id,
    name: field.name,
    value,
    required: field.required,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': error ? errorId : undefined,
    onInput: (e: Event) => onInput((e.currentTarget as Control).value),
  };
  return (
    <div data-chatport="field">
      <label for={id}>
        {field.label || field.name}
        {field.required && <span aria-hidden="true"> *</span>}
      </label>
      {field.type === 'select' ? (
        <select {...attrs} ref={control as Ref<HTMLSelectElement>} disabled={locked}>
          {/* A placeholder to start from, never chosen again once something is. */}
          {initialValue(field) === '' && (
            <option value="" disabled hidden={!!value}>
              {field.placeholder || r.choose}
            </option>
          )}
          {field.options?.map((o) => (
            <option value={o.value}>{o.label}</option>
          ))}
        </select>
      ) : field.type === 'textarea' ? (
        <textarea {...attrs} ref={control as Ref<HTMLTextAreaElement>} placeholder={field.placeholder} maxLength={5000} rows={3} readOnly={locked} />
      ) : (
        <input {...attrs} ref={control as Ref<HTMLInputElement>} type={field.type} placeholder={field.placeholder} pattern={pattern} maxLength={5000} readOnly={locked} />
      )}
      {error && (
        <p id={errorId} data-chatport="field-error">
          {error}
        </p>
      )}
    </div>
  );
};
