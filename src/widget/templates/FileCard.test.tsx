import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { FileCard } from './FileCard.tsx';
import { BAD_URLS, HOSTILE } from './test-utils.tsx';

afterEach(cleanup);

describe('FileCard', () => {
  it('is a download link named "Download <name>", opening without an opener', () => {
    render(<FileCard url="https://files.test/invoice-42.pdf" name="invoice-42.pdf" />);
    const link = screen.getByRole('link', { name: 'Download invoice-42.pdf' });
    expect(link.getAttribute('href')).toBe('https://files.test/invoice-42.pdf');
    expect(link.getAttribute('download')).toBe('invoice-42.pdf');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link.textContent).toBe('invoice-42.pdf');
    // The icon is drawn inline and hidden from screen readers: no external asset.
    expect(link.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
    expect(link.querySelector('img, use')).toBeNull();
  });

  it('falls back to "File" without a name', () => {
    render(<FileCard url="https://files.test/x" />);
    const link = screen.getByRole('link', { name: 'Download File' });
    expect([link.textContent, link.getAttribute('download')]).toEqual(['File', '']);
  });

  it('leaves a non-http URL as text and a hostile name as text', () => {
    for (const url of BAD_URLS) {
      const { container, unmount } = render(<FileCard url={url} name={HOSTILE} />);
      expect(container.querySelector('a, [href], script, img')).toBeNull();
      expect(container.textContent).toBe(HOSTILE);
      unmount();
    }
  });
});
