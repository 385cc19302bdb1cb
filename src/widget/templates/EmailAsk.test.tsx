import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { EmailAsk } from './EmailAsk.tsx';
import { HOSTILE, renderWithActions } from './test-utils.tsx';

afterEach(cleanup);

const field = () => screen.getByRole('textbox', { name: 'Email address' }) as HTMLInputElement;
const send = () => fireEvent.click(screen.getByRole('button', { name: 'Send' }));

describe('EmailAsk', () => {
  it('asks with the text, one labelled email field and a send button', () => {
    const { container } = renderWithActions(<EmailAsk text="Where can we reach you?" messageId="m1" />);
    expect(container.querySelector('[data-chatport="text"]')?.textContent).toBe('Where can we reach you?');
    expect(field().type).toBe('email');
    expect(field().required).toBe(true);
    expect(field().autocomplete).toBe('email');
  });

  it('refuses an empty or invalid email with a message tied to the field, then clears it once fixed', () => {
    const { answer } = renderWithActions(<EmailAsk text="" messageId="m1" />);
    send();
    expect(field().getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(field().getAttribute('aria-describedby')!)?.textContent).toBe('Please enter a valid email address.');
    expect(document.activeElement).toBe(field());
    // type=email alone would take "a@b"; the protocol wants a dot after the @.
    for (const value of ['a@b', 'a b@c.d', '@x.test']) {
      fireEvent.input(field(), { target: { value } });
      send();
      expect(field().getAttribute('aria-invalid'), value).toBe('true');
    }
    expect(answer).not.toHaveBeenCalled();
    fireEvent.input(field(), { target: { value: 'ann@shop.test' } });
    expect(field().hasAttribute('aria-invalid')).toBe(false);
  });

  it('sends the email once', () => {
    const { answer } = renderWithActions(<EmailAsk text="" messageId="m1" />);
    fireEvent.input(field(), { target: { value: 'ann@shop.test' } });
    send();
    send();
    expect(answer.mock.calls).toEqual([['m1', 'ann@shop.test', { type: 'email', email: 'ann@shop.test' }]]);
    expect(screen.getByRole('button', { name: 'Send' }).getAttribute('aria-disabled')).toBe('true');
    expect(field().readOnly).toBe(true);
  });

  it('shows the email given once answered, as text', () => {
    const { container } = renderWithActions(<EmailAsk text="Your email?" answer={HOSTILE} messageId="m1" />);
    expect(container.querySelector('[data-chatport="email"]')?.hasAttribute('data-answered')).toBe(true);
    expect(container.querySelector('input, button, script, img')).toBeNull();
    expect(container.querySelector('[data-chatport="given"]')?.textContent).toBe(HOSTILE);
  });
});
