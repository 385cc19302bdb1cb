import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Audio } from './Audio.tsx';
import { Video } from './Video.tsx';
import { BAD_URLS, HOSTILE } from './test-utils.tsx';

afterEach(cleanup);

describe.each([
  { Player: Audio, tag: 'audio', label: 'Audio', fail: 'Audio could not be played' },
  { Player: Video, tag: 'video', label: 'Video', fail: 'Video could not be played' },
])('$label', ({ Player, tag, label, fail }) => {
  it("uses the browser's own controls, loads only metadata, and is labelled", () => {
    const { container } = render(<Player url={`https://media.test/clip.${tag}`} name="Welcome clip" />);
    const el = container.querySelector(tag)!;
    expect([el.getAttribute('src'), el.hasAttribute('controls'), el.getAttribute('preload'), el.getAttribute('aria-label')]).toEqual([
      `https://media.test/clip.${tag}`,
      true,
      'metadata',
      'Welcome clip',
    ]);
    cleanup();
    expect(
      render(<Player url={`https://media.test/clip.${tag}`} />)
        .container.querySelector(tag)
        ?.getAttribute('aria-label'),
    ).toBe(label);
  });

  it('offers a download when the file cannot be played', () => {
    const { container } = render(<Player url={`https://media.test/clip.${tag}`} name="clip" />);
    fireEvent.error(container.querySelector(tag)!);
    expect(container.querySelector(tag)).toBeNull();
    expect(container.textContent).toContain(fail);
    const link = screen.getByRole('link', { name: 'Download clip' });
    expect([link.getAttribute('href'), link.hasAttribute('download'), link.getAttribute('target'), link.getAttribute('rel')]).toEqual([
      `https://media.test/clip.${tag}`,
      true,
      '_blank',
      'noopener noreferrer',
    ]);
  });

  it('never plays or links a non-http URL, and keeps a hostile name as text', () => {
    for (const url of BAD_URLS) {
      const { container, unmount } = render(<Player url={url} name={HOSTILE} />);
      expect(container.querySelector('a, audio, video, script, img, [src], [href]')).toBeNull();
      expect(container.textContent).toBe(`${fail}.`);
      unmount();
    }
    const { container } = render(<Player url={`https://media.test/x.${tag}`} name={HOSTILE} />);
    expect(container.querySelector(tag)?.getAttribute('aria-label')).toBe(HOSTILE);
    expect(container.querySelector('script, img')).toBeNull();
  });
});
