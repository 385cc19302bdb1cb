import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Choice } from '../../protocol/index.ts';
import { Select } from './Select.tsx';
import { HOSTILE, renderWithActions } from './test-utils.tsx';

afterEach(cleanup);

const options: Choice[] = [
  { title: 'Small', value: 's' },
  { title: 'Large', value: 'l' },
];

describe('Select', () => {
  it('shows the question and one button per option, named by its title', () => {
    const { container } = renderWithActions(<Select text="Which size?" options={options} messageId="m1" />);
    expect(container.querySelector('[data-chatport="text"]')?.textContent).toBe('Which size?');
    expect(screen.getAllByRole('button').map((b) => [b.textContent, b.getAttribute('type')])).toEqual([
      ['Small', 'button'],
      ['Large', 'button'],
    ]);
    expect(container.querySelector('[data-chatport="select"]')?.hasAttribute('data-answered')).toBe(false);
  });

  it('answers the question once with the chosen option, then holds until the answer arrives', () => {
    const { answer } = renderWithActions(<Select text="Which size?" options={options} messageId="m1" />);
    const large = screen.getByRole('button', { name: 'Large' });
    fireEvent.click(large);
    fireEvent.click(large);
    fireEvent.click(screen.getByRole('button', { name: 'Small' }));
    expect(answer.mock.calls).toEqual([['m1', 'Large', { type: 'select', choices: [{ title: 'Large', value: 'l' }] }]]);
    // Still focusable (the pressed button keeps the focus), but announced as unavailable.
    for (const b of screen.getAllByRole('button')) expect(b.getAttribute('aria-disabled')).toBe('true');
  });

  it('shows the chosen title, not clickable, once answered, and keeps the focus on the message', () => {
    const { container, rerender } = renderWithActions(<Select text="Which size?" options={options} messageId="m1" />);
    screen.getByRole('button', { name: 'Large' }).focus();
    rerender(<Select text="Which size?" options={options} messageId="m1" answer={[options[1]!]} />);
    const box = container.querySelector<HTMLElement>('[data-chatport="select"]')!;
    expect(box.hasAttribute('data-answered')).toBe(true);
    expect(screen.queryAllByRole('button')).toEqual([]);
    expect(container.querySelector('[data-chatport="chosen"]')?.textContent).toBe('Large');
    expect(document.activeElement).toBe(box);
  });

  it('cannot be answered without its message id', () => {
    const { answer } = renderWithActions(<Select text="?" options={options} />);
    fireEvent.click(screen.getByRole('button', { name: 'Small' }));
    expect(answer).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Small' }).getAttribute('aria-disabled')).toBe('true');
  });

  it('draws hostile text and titles as text', () => {
    const { container, answer } = renderWithActions(<Select text={HOSTILE} options={[{ title: HOSTILE, value: HOSTILE }]} messageId="m1" />);
    expect(container.querySelector('script, img')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: HOSTILE }));
    expect(answer).toHaveBeenCalledWith('m1', HOSTILE, { type: 'select', choices: [{ title: HOSTILE, value: HOSTILE }] });
  });
});
