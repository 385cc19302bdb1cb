import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { FileCard } from './FileCard.tsx';
import { BAD_URLS, HOSTILE } from './test-utils.tsx';

afterEach(cleanup);

describe('FileCard', () => {
  it('is a download link named "Download <name>", opening without an opener', () => {
    render(<FileCard url="https://files.test/invoice-42.pdf" name="invoice-42.pdf" />);
    const link = screen.getByRole('link', { name: 'Download invoice-42.pdf, PDF' });
    expect(link.getAttribute('href')).toBe('https://files.test/invoice-42.pdf');
    expect(link.getAttribute('download')).toBe('invoice-42.pdf');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link.querySelector('[data-chatport="file-name"]')?.textContent).toBe('invoice-42.pdf');
    // The icon is drawn inline and hidden from screen readers: no external asset.
    expect(link.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
    expect(link.querySelector('img, use')).toBeNull();
  });

  it('shows the type and size where known, in the visitor’s units, and says them in its name', () => {
    render(<FileCard url="https://files.test/r" name="report.pdf" size={1_234_567} mime="application/pdf" />);
    const link = screen.getByRole('link', { name: 'Download report.pdf, PDF · 1.2 MB' });
    expect(link.querySelector('[data-chatport="file-meta"]')?.textContent).toBe('PDF · 1.2 MB');
    cleanup();
    render(<FileCard url="https://files.test/x" size={980} mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document" />);
    // A type nobody would recognise is left out rather than shown as its MIME name.
    expect(screen.getByRole('link').querySelector('[data-chatport="file-meta"]')?.textContent).toBe('980 bytes');
    cleanup();
    render(<FileCard url="https://files.test/y" name="notes" />);
    expect(screen.getByRole('link').querySelector('[data-chatport="file-meta"]')).toBeNull();
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
