import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { boxRatio, Image } from './Image.tsx';
import { Lightbox } from './Lightbox.tsx';
import { BAD_URLS, HOSTILE } from './test-utils.tsx';

afterEach(cleanup);

const open = () => {
  const opener = screen.getByRole('button', { name: 'View larger image' });
  opener.focus();
  fireEvent.click(opener);
  return { opener, dialog: screen.getByRole('dialog') };
};

describe('Image', () => {
  it('shows the image, named by the file or "Image", inside a "View larger image" button', () => {
    render(<Image url="https://img.test/receipt.png" name="receipt.png" />);
    const opener = screen.getByRole('button', { name: 'View larger image' });
    const img = opener.querySelector('img')!;
    expect([img.getAttribute('src'), img.getAttribute('alt')]).toEqual(['https://img.test/receipt.png', 'receipt.png']);
    cleanup();
    render(<Image url="https://img.test/a.png" />);
    expect(screen.getByRole('img').getAttribute('alt')).toBe('Image');
  });

  it('keeps its box in the image’s shape before it loads, where the size is known, else 4:3', () => {
    render(<Image url="https://img.test/wide.png" width={800} height={400} />);
    const img = screen.getByRole('img');
    const [w, h = '1'] = img.style.aspectRatio.split('/');
    expect([img.getAttribute('width'), img.getAttribute('height'), Number(w) / Number(h)]).toEqual(['800', '400', 2]);
    cleanup();
    render(<Image url="https://img.test/unknown.png" />);
    expect(screen.getByRole('img').style.aspectRatio).toBe('4 / 3');
    // A sliver of a panorama or a very tall screenshot still gets a usable box (and shows whole inside it).
    expect([boxRatio(5000, 100), boxRatio(100, 5000)]).toEqual(['2.400', '0.500']);
  });

  it('opens a labelled modal lightbox that takes the focus, and Escape closes it back to the opener', () => {
    render(<Image url="https://img.test/receipt.png" name="receipt.png" />);
    const { opener, dialog } = open();
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.getAttribute('aria-label')).toBe('receipt.png');
    expect(dialog.querySelector('img')?.getAttribute('src')).toBe('https://img.test/receipt.png');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('holds the focus as soon as it is drawn, so an Escape pressed at once closes it and not the panel behind', async () => {
    // A plain DOM click, outside act(): the dialog is drawn on the next microtask, before any paint or timer.
    render(<Image url="https://img.test/a.png" />);
    const opener = screen.getByRole('button', { name: 'View larger image' });
    opener.focus();
    opener.click();
    for (let i = 0; i < 5 && !screen.queryByRole('dialog'); i++) await Promise.resolve();
    expect(screen.queryByRole('dialog')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
  });

  it('closes with its Close button and with a click beside the image, not on it', () => {
    render(<Image url="https://img.test/a.png" />);
    let { dialog, opener } = open();
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
    ({ dialog } = open());
    fireEvent.click(dialog.querySelector('img')!);
    expect(screen.queryByRole('dialog')).toBeTruthy();
    fireEvent.click(dialog);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('shows a clear fallback with a link when the image fails to load', () => {
    const { container } = render(<Image url="https://img.test/gone.png" name="gone.png" />);
    fireEvent.error(container.querySelector('img')!);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('Image could not be loaded');
    const link = screen.getByRole('link', { name: 'Open image' });
    expect([link.getAttribute('href'), link.getAttribute('target'), link.getAttribute('rel')]).toEqual(['https://img.test/gone.png', '_blank', 'noopener noreferrer']);
  });

  it('never loads or links a non-http URL, and keeps a hostile name as text', () => {
    for (const url of BAD_URLS) {
      const { container, unmount } = render(<Image url={url} name={HOSTILE} />);
      expect(container.querySelector('a, img, [src], [href]')).toBeNull();
      expect(container.textContent).toBe('Image could not be loaded.');
      unmount();
    }
    const { container } = render(<Image url="https://img.test/a.png" name={HOSTILE} />);
    expect(container.querySelectorAll('img')).toHaveLength(1);
    expect(container.querySelector('img')?.getAttribute('alt')).toBe(HOSTILE);
  });
});

describe('Lightbox', () => {
  it('keeps Tab and Escape inside: the chat panel around it does not see them', () => {
    const onClose = vi.fn();
    const outer = vi.fn();
    render(
      // biome-ignore lint/a11y/noStaticElementInteractions: stands for the chat panel's key handler around the lightbox
      <div onKeyDown={outer}>
        <Lightbox src="https://img.test/a.png" alt="Photo" onClose={onClose} />
      </div>,
    );
    const close = screen.getByRole('button', { name: 'Close' });
    expect(document.activeElement).toBe(close);
    expect(fireEvent.keyDown(close, { key: 'Tab' })).toBe(false);
    expect(document.activeElement).toBe(close);
    fireEvent.keyDown(close, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(outer).not.toHaveBeenCalled();
    fireEvent.keyDown(close, { key: 'a' });
    expect(outer).toHaveBeenCalledTimes(1);
  });
});
