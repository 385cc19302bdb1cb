import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
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

  it('shows unread replies as a badge that describes the button', () => {
    render(<Launcher open={false} unread={3} controls="p1" onToggle={() => {}} />);
    const button = screen.getByRole('button', { name: 'Open chat' });
    const badge = button.querySelector('[data-chatport="unread"]');
    expect(badge?.textContent).toBe('3 unread replies');
    expect(button.getAttribute('aria-describedby')).toBe(badge?.id);
  });

  it('has no badge without unread replies', () => {
    render(<Launcher open={false} unread={0} controls="p1" onToggle={() => {}} />);
    expect(screen.getByRole('button').querySelector('[data-chatport="unread"]')).toBeNull();
    expect(screen.getByRole('button').hasAttribute('aria-describedby')).toBe(false);
  });
});
