import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { CarouselItem } from '../../protocol/index.ts';
import { Card } from './Card.tsx';
import { BAD_URLS, HOSTILE, renderWithActions } from './test-utils.tsx';

afterEach(cleanup);

const shoe: CarouselItem = {
  title: 'Trail shoe',
  subtitle: 'Waterproof, sizes 36–47',
  imageUrl: 'https://img.test/shoe.png',
  itemUrl: 'https://shop.test/shoe',
  buttons: [
    { type: 'postback', title: 'Add to cart', payload: 'CART_SHOE' },
    { type: 'url', title: 'Size guide', url: 'https://shop.test/sizes' },
  ],
};

const draw = (item: CarouselItem, ratio: 'horizontal' | 'square' = 'horizontal') => {
  const view = renderWithActions(<Card item={item} ratio={ratio} to="m5" />);
  return { ...view, card: view.container.querySelector<HTMLElement>('[data-chatport="card"]')! };
};

describe('Card', () => {
  it('reserves the image box by ratio and shows title and subtitle', () => {
    const { card } = draw(shoe);
    const media = card.querySelector('[data-chatport="card-media"]')!;
    expect(media.getAttribute('data-ratio')).toBe('horizontal');
    expect(media.querySelector('img')?.getAttribute('src')).toBe('https://img.test/shoe.png');
    expect(card.querySelector('[data-chatport="card-title"]')?.textContent).toBe('Trail shoe');
    expect(card.querySelector('[data-chatport="card-subtitle"]')?.textContent).toBe('Waterproof, sizes 36–47');
    expect(
      draw({ ...shoe }, 'square')
        .card.querySelector('[data-chatport="card-media"]')
        ?.getAttribute('data-ratio'),
    ).toBe('square');
  });

  it('makes image and title one link to the item, named by the title', () => {
    draw(shoe);
    const link = screen.getByRole('link', { name: 'Trail shoe' });
    expect(link.getAttribute('href')).toBe('https://shop.test/shoe');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link.querySelector('img')?.getAttribute('alt')).toBe('');
  });

  it('uses a url default action as the link when there is no item URL', () => {
    draw({ ...shoe, itemUrl: undefined, defaultAction: { type: 'url', title: 'Trail shoe', url: 'https://shop.test/shoe?ref=card' } });
    expect(screen.getByRole('link', { name: 'Trail shoe' }).getAttribute('href')).toBe('https://shop.test/shoe?ref=card');
  });

  it('presses a postback default action from the title and image', () => {
    const { press } = draw({ ...shoe, itemUrl: undefined, defaultAction: { type: 'postback', title: 'Trail shoe', payload: 'SHOW_SHOE' } });
    expect(screen.queryByRole('link', { name: 'Trail shoe' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Trail shoe' }));
    expect(press).toHaveBeenCalledWith('m5', 'Trail shoe', 'SHOW_SHOE');
  });

  it('has buttons that press or link like a button template', () => {
    const { press } = draw(shoe);
    fireEvent.click(screen.getByRole('button', { name: 'Add to cart' }));
    expect(press).toHaveBeenCalledWith('m5', 'Add to cart', 'CART_SHOE');
    const guide = screen.getByRole('link', { name: 'Size guide' });
    expect([guide.getAttribute('target'), guide.getAttribute('rel')]).toEqual(['_blank', 'noopener noreferrer']);
  });

  it('without any action the head is plain, and a card without image has no image box', () => {
    const { card } = draw({ title: 'Plain', buttons: [] });
    expect(card.querySelector('a, button, img, [data-chatport="card-media"]')).toBeNull();
    expect(card.textContent).toBe('Plain');
  });

  it('keeps the reserved image box when the image fails to load, with nothing for a screen reader to announce', () => {
    const { card } = draw(shoe);
    const img = card.querySelector('img')!;
    fireEvent.error(img);
    expect(img.getAttribute('alt')).toBe('');
    expect(card.querySelector('[data-chatport="card-media"]')?.contains(img)).toBe(true);
    expect(screen.getByRole('link', { name: 'Trail shoe' })).toBeTruthy();
  });

  it('keeps hostile strings as text and unsafe URLs away from href and src', () => {
    for (const url of BAD_URLS) {
      const { card, unmount } = draw({
        title: HOSTILE,
        subtitle: HOSTILE,
        imageUrl: url,
        itemUrl: url,
        defaultAction: { type: 'url', title: 't', url },
        buttons: [{ type: 'url', title: 'Go', url }],
      });
      expect(card.querySelector('a, img, script, [href], [src]')).toBeNull();
      expect(card.textContent).toBe(`${HOSTILE}${HOSTILE}Go`);
      unmount();
    }
  });
});
