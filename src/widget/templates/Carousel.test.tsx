import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CarouselItem } from '../../protocol/index.ts';
import { Carousel } from './Carousel.tsx';
import { renderWithActions } from './test-utils.tsx';

afterEach(cleanup);

const item = (n: number): CarouselItem => ({
  title: `Tent ${n}`,
  subtitle: `${n} people`,
  imageUrl: `https://img.test/${n}.png`,
  buttons: [{ type: 'postback', title: `Buy ${n}`, payload: `BUY_${n}` }],
});
const three = [item(1), item(2), item(3)];

const setup = (items = three) => {
  const view = renderWithActions(<Carousel ratio="horizontal" items={items} messageId="m9" />);
  const track = view.container.querySelector<HTMLElement>('[data-chatport="track"]')!;
  const cards = [...track.children] as HTMLElement[];
  // happy-dom has no layout: place the cards 250px apart, as a real track would.
  cards.forEach((card, i) => Object.defineProperty(card, 'offsetLeft', { value: i * 250 }));
  const scrollTo = vi.spyOn(track, 'scrollTo');
  const prev = screen.getByRole('button', { name: 'Previous card' });
  const next = screen.getByRole('button', { name: 'Next card' });
  return { ...view, track, cards, scrollTo, prev, next };
};

const disabled = (el: HTMLElement) => el.getAttribute('aria-disabled') === 'true';
const current = (cards: HTMLElement[]) => cards.findIndex((c) => c.tabIndex === 0);

describe('Carousel', () => {
  it('shows one item as a single card, without carousel controls', () => {
    const { container } = renderWithActions(<Carousel ratio="square" items={[item(1)]} />);
    expect(container.querySelector('[data-chatport="card"]')?.textContent).toContain('Tent 1');
    expect(screen.queryByRole('group')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Next card' })).toBeNull();
  });

  it('is a named carousel group of slides labelled "N of M"', () => {
    const { cards } = setup();
    const carousel = screen.getByRole('group', { name: '3 cards' });
    expect(carousel.getAttribute('aria-roledescription')).toBe('carousel');
    expect(cards.map((c) => [c.getAttribute('role'), c.getAttribute('aria-roledescription'), c.getAttribute('aria-label')])).toEqual([
      ['group', 'slide', '1 of 3'],
      ['group', 'slide', '2 of 3'],
      ['group', 'slide', '3 of 3'],
    ]);
    expect(within(carousel).getByRole('group', { name: '2 of 3' }).textContent).toContain('Tent 2');
  });

  it('moves one card with next/previous, disabled at the ends', () => {
    const { prev, next, scrollTo, cards, track } = setup();
    expect(next.getAttribute('aria-controls')).toBe(track.id);
    expect([disabled(prev), disabled(next)]).toEqual([true, false]);
    fireEvent.click(prev);
    expect(scrollTo).not.toHaveBeenCalled();
    fireEvent.click(next);
    expect(scrollTo).toHaveBeenLastCalledWith({ left: 250 });
    expect([disabled(prev), disabled(next), current(cards)]).toEqual([false, false, 1]);
    fireEvent.click(next);
    expect(scrollTo).toHaveBeenLastCalledWith({ left: 500 });
    expect([disabled(prev), disabled(next), current(cards)]).toEqual([false, true, 2]);
    fireEvent.click(next);
    expect(scrollTo).toHaveBeenCalledTimes(2);
    fireEvent.click(prev);
    expect(scrollTo).toHaveBeenLastCalledWith({ left: 250 });
    // The buttons move the view, not the focus.
    expect(document.activeElement).not.toBe(cards[1]);
  });

  it('moves focus between cards with the arrow keys, Home and End, staying within the row', () => {
    const { cards, scrollTo } = setup();
    expect(current(cards)).toBe(0);
    cards[0]!.focus();
    fireEvent.keyDown(cards[0]!, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(cards[1]);
    expect(scrollTo).toHaveBeenLastCalledWith({ left: 250 });
    expect(current(cards)).toBe(1);
    fireEvent.keyDown(cards[1]!, { key: 'End' });
    expect(document.activeElement).toBe(cards[2]);
    fireEvent.keyDown(cards[2]!, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(cards[2]);
    fireEvent.keyDown(cards[2]!, { key: 'Home' });
    expect(document.activeElement).toBe(cards[0]);
    fireEvent.keyDown(cards[0]!, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(cards[0]);
  });

  it('takes the arrow keys from a button inside a card too, and leaves other keys alone', () => {
    const { cards } = setup();
    const buy = screen.getByRole('button', { name: 'Buy 2' });
    buy.focus();
    const arrow = fireEvent.keyDown(buy, { key: 'ArrowLeft' });
    expect(arrow).toBe(false); // default prevented: the track does not also scroll by itself
    expect(document.activeElement).toBe(cards[0]);
    expect(fireEvent.keyDown(cards[0]!, { key: 'Enter' })).toBe(true);
    expect(document.activeElement).toBe(cards[0]);
  });

  it('follows a swipe: the controls match where the row was scrolled to', () => {
    const { track, prev, next, cards } = setup();
    Object.defineProperties(track, { clientWidth: { value: 300 }, scrollWidth: { value: 740 } });
    track.scrollLeft = 260;
    fireEvent.scroll(track);
    expect([disabled(prev), disabled(next), current(cards)]).toEqual([false, false, 1]);
    // At the far end the last card cannot reach the start edge, yet it is the current one.
    track.scrollLeft = 440;
    fireEvent.scroll(track);
    expect([disabled(prev), disabled(next), current(cards)]).toEqual([false, true, 2]);
    track.scrollLeft = 0;
    fireEvent.scroll(track);
    expect([disabled(prev), disabled(next), current(cards)]).toEqual([true, false, 0]);
  });

  it('is not pulled back by the positions a button-driven scroll passes through, and lets the visitor take over after', () => {
    const { track, next, cards, scrollTo } = setup();
    Object.defineProperties(track, { clientWidth: { value: 300 }, scrollWidth: { value: 740 } });
    fireEvent.click(next);
    // Mid-way to card 2 the row still reads as card 1; a second press goes on from card 2, not back to it.
    track.scrollLeft = 60;
    fireEvent.scroll(track);
    expect(current(cards)).toBe(1);
    fireEvent.click(next);
    expect(scrollTo).toHaveBeenLastCalledWith({ left: 500 });
    expect([disabled(next), current(cards)]).toEqual([true, 2]);
    // Arrived: swipes count again.
    track.scrollLeft = 440;
    fireEvent.scroll(track);
    track.scrollLeft = 0;
    fireEvent.scroll(track);
    expect(current(cards)).toBe(0);
  });

  it('hands the position back to the row when a scroll ends short of its card', () => {
    const { track, next, cards } = setup();
    Object.defineProperties(track, { clientWidth: { value: 300 }, scrollWidth: { value: 740 } });
    fireEvent.click(next);
    track.scrollLeft = 10;
    fireEvent(track, new Event('scrollend'));
    expect(current(cards)).toBe(0);
  });

  it("presses the buttons of any card with the carousel's message id, their title and payload", () => {
    const { press } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Buy 3' }));
    expect(press).toHaveBeenCalledWith('m9', 'Buy 3', 'BUY_3');
  });

  it("names the message in a press on a carousel's only card too", () => {
    const { press } = renderWithActions(<Carousel ratio="square" items={[item(1)]} messageId="m4" />);
    fireEvent.click(screen.getByRole('button', { name: 'Buy 1' }));
    expect(press).toHaveBeenCalledWith('m4', 'Buy 1', 'BUY_1');
  });
});
