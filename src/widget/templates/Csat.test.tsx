import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StringsContext } from '../../i18n/index.ts';
import { strings as fr } from '../../i18n/fr.ts';
import { Csat, summarizeRating } from './Csat.tsx';
import { renderWithActions } from './test-utils.tsx';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const names = ['1 of 5, very unhappy', '2 of 5, unhappy', '3 of 5, neutral', '4 of 5, happy', '5 of 5, very happy'];

describe('Csat', () => {
  it('offers five faces named by their rating, then a comment and a submit button', () => {
    renderWithActions(<Csat text="How did we do?" display="emoji" messageId="m1" />);
    expect(screen.getByRole('group', { name: 'Rating' })).toBeTruthy();
    const faces = names.map((name) => screen.getByRole('button', { name }));
    expect(faces.map((f) => f.getAttribute('aria-pressed'))).toEqual(['false', 'false', 'false', 'false', 'false']);
    expect(screen.queryByRole('button', { name: 'Submit' })).toBeNull();
    fireEvent.click(faces[3]!);
    expect(faces[3]!.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('textbox', { name: 'Tell us more (optional)' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Submit' })).toBeTruthy();
  });

  it('answers once with the rating, the comment and a summary', () => {
    const { answer } = renderWithActions(<Csat text="" display="emoji" messageId="m1" />);
    fireEvent.click(screen.getByRole('button', { name: names[3] }));
    fireEvent.input(screen.getByRole('textbox'), { target: { value: '  Great support ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
    fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect(answer.mock.calls).toEqual([['m1', '★★★★☆ Great support', { type: 'csat', rating: 4, feedback: 'Great support' }]]);
    expect(screen.getByRole('button', { name: 'Submit' }).getAttribute('aria-disabled')).toBe('true');
  });

  it('leaves the comment out when there is none', () => {
    const { answer } = renderWithActions(<Csat text="" display="star" messageId="m1" />);
    fireEvent.click(screen.getByRole('radio', { name: names[1] }));
    fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect(answer).toHaveBeenCalledWith('m1', '★★☆☆☆', { type: 'csat', rating: 2 });
  });

  it('draws stars as one radio group: one tab stop, arrow keys move and choose, wrapping', () => {
    renderWithActions(<Csat text="" display="star" messageId="m1" />);
    expect(screen.getByRole('radiogroup', { name: 'Rating' })).toBeTruthy();
    const stars = () => screen.getAllByRole('radio');
    expect(stars().map((s) => s.getAttribute('aria-label'))).toEqual(names);
    expect(stars().map((s) => s.tabIndex)).toEqual([0, -1, -1, -1, -1]);
    fireEvent.keyDown(stars()[0]!, { key: 'ArrowRight' });
    expect(stars().map((s) => s.getAttribute('aria-checked'))).toEqual(['false', 'true', 'false', 'false', 'false']);
    expect(document.activeElement).toBe(stars()[1]);
    expect(stars().map((s) => s.tabIndex)).toEqual([-1, 0, -1, -1, -1]);
    fireEvent.keyDown(stars()[1]!, { key: 'End' });
    expect(document.activeElement).toBe(stars()[4]);
    fireEvent.keyDown(stars()[4]!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(stars()[0]);
    fireEvent.keyDown(stars()[0]!, { key: 'ArrowLeft' });
    expect(stars()[4]!.getAttribute('aria-checked')).toBe('true');
    // The stars up to the rating are lit.
    fireEvent.keyDown(stars()[4]!, { key: 'ArrowUp' });
    expect(stars().map((s) => s.hasAttribute('data-on'))).toEqual([true, true, true, true, false]);
  });

  it('mirrors the arrow keys in right-to-left languages', () => {
    // happy-dom computes no direction from dir="rtl": the widget's computed style is stood in for.
    const real = window.getComputedStyle.bind(window);
    vi.spyOn(window, 'getComputedStyle').mockImplementation((el) => (el.getAttribute('role') === 'radiogroup' ? ({ direction: 'rtl' } as CSSStyleDeclaration) : real(el)));
    renderWithActions(<Csat text="" display="star" messageId="m1" />);
    fireEvent.keyDown(screen.getAllByRole('radio')[0]!, { key: 'ArrowLeft' });
    expect(screen.getAllByRole('radio')[1]!.getAttribute('aria-checked')).toBe('true');
    fireEvent.keyDown(screen.getAllByRole('radio')[1]!, { key: 'ArrowRight' });
    expect(screen.getAllByRole('radio')[0]!.getAttribute('aria-checked')).toBe('true');
  });

  it('shows the rating, the comment and thanks once answered', () => {
    const { container, rerender } = renderWithActions(<Csat text="How did we do?" display="star" messageId="m1" />);
    screen.getAllByRole('radio')[2]!.focus();
    rerender(<Csat text="How did we do?" display="star" messageId="m1" answer={{ rating: 4, feedback: 'Fast' }} />);
    const box = container.querySelector<HTMLElement>('[data-chatport="csat"]')!;
    expect(box.hasAttribute('data-answered')).toBe(true);
    expect(container.querySelector('button, textarea')).toBeNull();
    expect(screen.getByRole('img', { name: names[3] }).textContent).toBe('★★★★☆');
    expect(container.querySelector('[data-chatport="feedback"]')?.textContent).toBe('Fast');
    expect(container.querySelector('[data-chatport="thanks"]')?.textContent).toBe('Thanks for your feedback');
    expect(document.activeElement).toBe(box);
    cleanup();
    renderWithActions(<Csat text="" display="emoji" answer={{ rating: 1 }} />);
    expect(screen.getByRole('img', { name: names[0] }).textContent).toBe('😞');
  });

  it('speaks the visitor’s language', () => {
    renderWithActions(
      <StringsContext.Provider value={fr}>
        <Csat text="" display="emoji" messageId="m1" />
      </StringsContext.Provider>,
    );
    expect(screen.getByRole('group', { name: 'Note' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '5 sur 5, très satisfait' }));
    expect(screen.getByRole('button', { name: 'Envoyer' })).toBeTruthy();
  });

  it('summarizes a rating as stars', () => {
    expect(summarizeRating(5)).toBe('★★★★★');
    expect(summarizeRating(1, 'Slow')).toBe('★☆☆☆☆ Slow');
  });
});
