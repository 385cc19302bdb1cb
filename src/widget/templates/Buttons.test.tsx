import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Button } from '../../protocol/index.ts';
import { Buttons } from './Buttons.tsx';
import { BAD_URLS, HOSTILE, renderWithActions } from './test-utils.tsx';

afterEach(cleanup);

const buttons: Button[] = [
  { type: 'postback', title: 'Track my order', payload: 'TRACK' },
  { type: 'postback', title: 'Talk to a person', payload: 'HUMAN' },
  { type: 'url', title: 'Opening hours', url: 'https://shop.test/hours' },
];

describe('Buttons', () => {
  it('shows the text and one real control per button, named by its title', () => {
    const { container } = renderWithActions(<Buttons text="How can I help?" buttons={buttons} />);
    expect(container.querySelector('[data-chatport="text"]')?.textContent).toBe('How can I help?');
    expect(screen.getByRole('button', { name: 'Track my order' }).tagName).toBe('BUTTON');
    expect(screen.getByRole('button', { name: 'Talk to a person' }).getAttribute('type')).toBe('button');
    expect(screen.getByRole('link', { name: 'Opening hours' }).tagName).toBe('A');
  });

  it('presses a postback with its message id, title and payload, and stays usable for a second choice', () => {
    const { press } = renderWithActions(<Buttons text="Pick" buttons={buttons} messageId="m7" />);
    fireEvent.click(screen.getByRole('button', { name: 'Track my order' }));
    expect(press).toHaveBeenCalledWith('m7', 'Track my order', 'TRACK');
    const second = screen.getByRole('button', { name: 'Talk to a person' }) as HTMLButtonElement;
    expect(second.disabled).toBe(false);
    fireEvent.click(second);
    expect(press.mock.calls).toEqual([
      ['m7', 'Track my order', 'TRACK'],
      ['m7', 'Talk to a person', 'HUMAN'],
    ]);
  });

  it('presses nothing without a message id to name (the relay would refuse the press)', () => {
    const { press } = renderWithActions(<Buttons text="Pick" buttons={buttons} />);
    fireEvent.click(screen.getByRole('button', { name: 'Track my order' }));
    expect(press).not.toHaveBeenCalled();
  });

  it('opens url buttons in a new tab without an opener, and never presses them', () => {
    const { press } = renderWithActions(<Buttons text="" buttons={buttons} messageId="m7" />);
    const link = screen.getByRole('link', { name: 'Opening hours' });
    expect(link.getAttribute('href')).toBe('https://shop.test/hours');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    // happy-dom would really navigate: keep the test off the network.
    link.addEventListener('click', (e) => e.preventDefault());
    fireEvent.click(link);
    expect(press).not.toHaveBeenCalled();
  });

  it('draws hostile titles and text as text', () => {
    const { container } = renderWithActions(
      <Buttons
        text={HOSTILE}
        buttons={[
          { type: 'postback', title: HOSTILE, payload: 'x' },
          { type: 'url', title: HOSTILE, url: 'https://x.test/' },
        ]}
      />,
    );
    expect(container.querySelector('script, img')).toBeNull();
    expect(screen.getByRole('button').textContent).toBe(HOSTILE);
    expect(screen.getByRole('link').textContent).toBe(HOSTILE);
    expect(container.querySelector('[data-chatport="text"]')?.textContent).toBe(HOSTILE);
  });

  it('never turns a non-http url button into a link', () => {
    for (const url of BAD_URLS) {
      const { container, unmount } = renderWithActions(<Buttons text="Pick" buttons={[{ type: 'url', title: 'Bad', url }]} />);
      expect(container.querySelector('a, [href]')).toBeNull();
      expect(container.textContent).toBe('PickBad');
      unmount();
    }
  });
});
