import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { en, StringsContext } from '../i18n/index.ts';
import { Launcher } from './Launcher.tsx';

afterEach(cleanup);

describe('Launcher', () => {
  it('is a button named for what it does, with its expanded state', () => {
    const onToggle = vi.fn();
    const { rerender } = render(<Launcher open={false} unread={0} controls="p1" onToggle={onToggle} />);
    const button = screen.getByRole('button', { name: 'Open chat' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(button.getAttribute('aria-controls')).toBe('p1');
    expect(button.getAttribute('data-chatport')).toBe('launcher');
    fireEvent.click(button);
    expect(onToggle).toHaveBeenCalledTimes(1);
    rerender(<Launcher open unread={0} controls="p1" onToggle={onToggle} />);
    expect(screen.getByRole('button', { name: 'Close chat' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('puts the unread count in its name and shows it as a badge hidden from screen readers', () => {
    const { rerender } = render(<Launcher open={false} unread={2} controls="p1" onToggle={() => {}} />);
    const button = screen.getByRole('button', { name: 'Open chat, 2 unread messages' });
    const badge = button.querySelector('[data-chatport="unread"]');
    expect(badge?.textContent).toBe('2');
    expect(badge?.getAttribute('aria-hidden')).toBe('true');
    rerender(<Launcher open={false} unread={1} controls="p1" onToggle={() => {}} />);
    expect(screen.getByRole('button', { name: 'Open chat, 1 unread message' })).toBeTruthy();
  });

  it('speaks the chosen language', () => {
    render(
      <StringsContext.Provider value={{ ...en, openUnread: (n) => `Abrir chat, ${n} mensajes sin leer` }}>
        <Launcher open={false} unread={4} controls="p1" onToggle={() => {}} />
      </StringsContext.Provider>,
    );
    expect(screen.getByRole('button', { name: 'Abrir chat, 4 mensajes sin leer' })).toBeTruthy();
  });

  it('has no badge without unread replies', () => {
    render(<Launcher open={false} unread={0} controls="p1" onToggle={() => {}} />);
    expect(screen.getByRole('button').querySelector('[data-chatport="unread"]')).toBeNull();
    expect(screen.getByRole('button').hasAttribute('aria-describedby')).toBe(false);
  });
});
