import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Articles } from './Articles.tsx';
import { BAD_URLS, HOSTILE } from './test-utils.tsx';

afterEach(cleanup);

describe('Articles', () => {
  it('lists each article as a link to a new tab, without an opener, its description below', () => {
    const { container } = render(
      <Articles
        text="These may help"
        items={[
          { title: 'Returns', description: 'Within 30 days', url: 'https://help.test/returns' },
          { title: 'Shipping', url: 'http://help.test/ship' },
        ]}
      />,
    );
    expect(container.querySelector('[data-chatport="text"]')?.textContent).toBe('These may help');
    expect(screen.getAllByRole('listitem')).toHaveLength(2);
    const link = screen.getByRole('link', { name: 'Returns' });
    expect(link.getAttribute('href')).toBe('https://help.test/returns');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(container.querySelector('[data-chatport="article-description"]')?.textContent).toBe('Within 30 days');
    expect(screen.getByRole('link', { name: 'Shipping' }).getAttribute('href')).toBe('http://help.test/ship');
  });

  it('never links a non-http URL and draws hostile text as text', () => {
    for (const url of BAD_URLS) {
      const { container, unmount } = render(<Articles text={HOSTILE} items={[{ title: HOSTILE, description: HOSTILE, url }]} />);
      expect(container.querySelector('a, [href], script, img')).toBeNull();
      expect(container.querySelector('[data-chatport="article"]')?.textContent).toBe(HOSTILE);
      unmount();
    }
  });
});
