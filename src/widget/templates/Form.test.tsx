import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { FormField } from '../../protocol/index.ts';
import { Form, summarize } from './Form.tsx';
import { compilePattern } from './FormField.tsx';
import { HOSTILE, renderWithActions } from './test-utils.tsx';

afterEach(cleanup);

const fields: FormField[] = [
  { name: 'name', label: 'Name', type: 'text', placeholder: 'Your name', required: true },
  { name: 'email', label: 'Email', type: 'email', required: true },
  { name: 'code', label: 'Order code', type: 'text', pattern: '[A-Z]{3}-[0-9]+', patternError: 'Like ABC-123' },
  {
    name: 'topic',
    label: 'Topic',
    type: 'select',
    required: true,
    options: [
      { label: 'Billing', value: 'billing' },
      { label: 'Shipping', value: 'ship' },
    ],
  },
  { name: 'note', label: 'Note', type: 'textarea', default: 'Thanks' },
];

const type = (label: string, value: string) => fireEvent.input(screen.getByLabelText(label, { exact: false }), { target: { value } });
const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
const errorOf = (el: HTMLElement) => el.getAttribute('aria-describedby') && document.getElementById(el.getAttribute('aria-describedby')!)?.textContent;

describe('Form', () => {
  it('ties each label to its field, with its type, placeholder, default and required state', () => {
    renderWithActions(<Form text="Your details" fields={fields} messageId="m1" />);
    const name = screen.getByRole('textbox', { name: /Name/ }) as HTMLInputElement;
    expect(name.placeholder).toBe('Your name');
    expect(name.required).toBe(true);
    expect((screen.getByRole('textbox', { name: /Email/ }) as HTMLInputElement).type).toBe('email');
    expect((screen.getByRole('textbox', { name: 'Order code' }) as HTMLInputElement).pattern).toBe('[A-Z]{3}-[0-9]+');
    expect(screen.getByRole('textbox', { name: 'Note' }).tagName).toBe('TEXTAREA');
    expect((screen.getByRole('textbox', { name: 'Note' }) as HTMLTextAreaElement).value).toBe('Thanks');
    const topic = screen.getByRole('combobox', { name: /Topic/ }) as HTMLSelectElement;
    expect([...topic.options].map((o) => o.value)).toEqual(['', 'billing', 'ship']);
    expect(topic.value).toBe('');
    expect(screen.getByRole('button', { name: 'Submit' }).getAttribute('type')).toBe('submit');
  });

  it('shows each problem next to its field, focuses the first, and sends nothing', () => {
    const { answer } = renderWithActions(<Form text="" fields={fields} messageId="m1" />);
    type('Email', 'not-an-email');
    type('Order code', 'abc');
    submit();
    expect(answer).not.toHaveBeenCalled();
    const name = screen.getByRole('textbox', { name: /Name/ });
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(errorOf(name)).toBe('Please fill in this field.');
    expect(errorOf(screen.getByRole('textbox', { name: /Email/ }))).toBe('Please enter a valid email address.');
    expect(errorOf(screen.getByRole('textbox', { name: 'Order code' }))).toBe('Like ABC-123');
    expect(errorOf(screen.getByRole('combobox', { name: /Topic/ }))).toBe('Please fill in this field.');
    expect(screen.getByRole('textbox', { name: 'Note' }).hasAttribute('aria-invalid')).toBe(false);
    expect(document.activeElement).toBe(name);
    // Fixed, the problem goes at once.
    type('Name', 'Ann');
    expect(name.hasAttribute('aria-invalid')).toBe(false);
    expect(name.hasAttribute('aria-describedby')).toBe(false);
  });

  it('submits once with every value by name and a readable summary', () => {
    const { answer } = renderWithActions(<Form text="" fields={fields} messageId="m1" submitLabel="Send details" />);
    type('Name', ' Ann ');
    type('Email', 'a@b.c');
    fireEvent.input(screen.getByRole('combobox', { name: /Topic/ }), { target: { value: 'ship' } });
    const button = screen.getByRole('button', { name: 'Send details' });
    fireEvent.click(button);
    fireEvent.click(button);
    expect(answer.mock.calls).toEqual([
      [
        'm1',
        'Name: Ann, Email: a@b.c, Topic: Shipping, Note: Thanks',
        {
          type: 'form',
          fields: [
            { name: 'name', value: 'Ann' },
            { name: 'email', value: 'a@b.c' },
            { name: 'code', value: '' },
            { name: 'topic', value: 'ship' },
            { name: 'note', value: 'Thanks' },
          ],
        },
      ],
    ]);
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect((screen.getByRole('textbox', { name: /Name/ }) as HTMLInputElement).readOnly).toBe(true);
  });

  it('shows the submitted values read-only once answered', () => {
    const { container } = renderWithActions(
      <Form
        text="Your details"
        fields={fields}
        messageId="m1"
        answer={[
          { name: 'name', value: 'Ann' },
          { name: 'topic', value: 'ship' },
          { name: 'code', value: '' },
          { name: 'gone', value: 'x' },
        ]}
      />,
    );
    expect(container.querySelector('[data-chatport="form"]')?.hasAttribute('data-answered')).toBe(true);
    expect(container.querySelector('input, textarea, select, button')).toBeNull();
    expect([...container.querySelectorAll('dt')].map((d) => d.textContent)).toEqual(['Name', 'Topic', 'Order code', 'gone']);
    expect([...container.querySelectorAll('dd')].map((d) => d.textContent)).toEqual(['Ann', 'Shipping', '—', 'x']);
  });

  it('starts a select on a placeholder that cannot be chosen again: the form’s own, else “Choose…”', () => {
    renderWithActions(<Form text="" fields={fields} messageId="m1" />);
    const select = screen.getByLabelText('Topic', { exact: false }) as HTMLSelectElement;
    const placeholder = select.options[0]!;
    expect([placeholder.value, placeholder.textContent, placeholder.disabled]).toEqual(['', 'Choose…', true]);
    expect(select.value).toBe('');
    cleanup();
    renderWithActions(<Form text="" fields={[{ ...fields[3]!, placeholder: 'Pick a topic' }]} messageId="m1" />);
    expect((screen.getByLabelText('Topic', { exact: false }) as HTMLSelectElement).options[0]?.textContent).toBe('Pick a topic');
  });

  it('ignores a pattern that does not compile, as browsers do, instead of throwing', () => {
    expect(compilePattern('([a-z')).toBeUndefined();
    expect(compilePattern('[A-Z]+')?.test('ABC')).toBe(true);
    expect(compilePattern('[A-Z]+')?.test('ABC1')).toBe(false);
    const { answer } = renderWithActions(
      <Form
        text=""
        fields={[
          { name: 'x', label: 'X', type: 'text', pattern: '([a-z' },
          { name: 'y', label: 'Y', type: 'textarea', pattern: '(' },
        ]}
        messageId="m1"
      />,
    );
    expect(screen.getByRole('textbox', { name: 'X' }).hasAttribute('pattern')).toBe(false);
    type('X', 'anything');
    type('Y', 'at all');
    submit();
    expect(answer).toHaveBeenCalledWith('m1', 'X: anything, Y: at all', {
      type: 'form',
      fields: [
        { name: 'x', value: 'anything' },
        { name: 'y', value: 'at all' },
      ],
    });
  });

  it('checks a textarea against its pattern too, with the localized message when the form has none', () => {
    const { answer } = renderWithActions(<Form text="" fields={[{ name: 'zip', label: 'Zip', type: 'textarea', pattern: '[0-9]{5}' }]} messageId="m1" />);
    type('Zip', '12a');
    submit();
    expect(answer).not.toHaveBeenCalled();
    expect(errorOf(screen.getByRole('textbox', { name: 'Zip' }))).toBe('Please match the requested format.');
  });

  it('draws hostile labels, defaults and options as text', () => {
    const { container } = renderWithActions(
      <Form
        text={HOSTILE}
        fields={[{ name: HOSTILE, label: HOSTILE, type: 'select', placeholder: HOSTILE, options: [{ label: HOSTILE, value: HOSTILE }] }]}
        submitLabel={HOSTILE}
        messageId="m1"
      />,
    );
    expect(container.querySelector('script, img')).toBeNull();
    expect(screen.getByRole('button').textContent).toBe(HOSTILE);
  });

  it('summarizes empty forms by their fields and keeps long answers within a message', () => {
    expect(summarize([{ name: 'a', label: '', type: 'text' }], [''])).toBe('a: —');
    expect(summarize([{ name: 'a', label: 'A', type: 'text' }], ['x'.repeat(30_000)])).toHaveLength(20_000);
  });
});
