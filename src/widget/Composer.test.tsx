import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Composer } from './Composer.tsx';

afterEach(cleanup);

const setup = (value = 'hello') => {
  const onSend = vi.fn();
  const onInput = vi.fn();
  render(<Composer value={value} maxLength={5000} onInput={onInput} onSend={onSend} />);
  return { onSend, onInput, textarea: screen.getByLabelText('Message') };
};

describe('Composer', () => {
  it('has a labelled textarea that reports what is typed', () => {
    const { onInput, textarea } = setup('');
    expect(textarea.tagName).toBe('TEXTAREA');
    fireEvent.input(textarea, { target: { value: 'hi' } });
    expect(onInput).toHaveBeenCalledWith('hi');
  });

  it('sends on Enter', () => {
    const { onSend, textarea } = setup();
    const notCancelled = fireEvent.keyDown(textarea, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledTimes(1);
    expect(notCancelled).toBe(false);
  });

  it('leaves Shift+Enter to insert a newline', () => {
    const { onSend, textarea } = setup();
    expect(fireEvent.keyDown(textarea, { key: 'Enter', shiftKey: true })).toBe(true);
    expect(onSend).not.toHaveBeenCalled();
  });

  it('does not send on the Enter that ends an IME composition', () => {
    const { onSend, textarea } = setup();
    fireEvent.keyDown(textarea, { key: 'Enter', isComposing: true });
    fireEvent.keyDown(textarea, { key: 'Enter', keyCode: 229 });
    expect(onSend).not.toHaveBeenCalled();
  });

  it('sends with the Send button, which is disabled while there is nothing to send', () => {
    const { onSend } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(onSend).toHaveBeenCalledTimes(1);
  });

  it('disables Send for blank text', () => {
    setup('  \n ');
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('reports leaving the textarea', () => {
    const onBlur = vi.fn();
    render(<Composer value="" maxLength={5000} onInput={() => {}} onSend={() => {}} onBlur={onBlur} />);
    fireEvent.blur(screen.getByLabelText('Message'));
    expect(onBlur).toHaveBeenCalledTimes(1);
  });
});
