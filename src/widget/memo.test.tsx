import { render } from '@testing-library/preact';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { describe, expect, it } from 'vitest';
import { memo } from './memo.ts';

describe('memo', () => {
  it('redraws when a prop changes identity or its context changes, and not when its parent merely redraws', () => {
    const Word = createContext('hi');
    let renders = 0;
    const Row = memo(({ item }: { item: { text: string } }) => {
      renders++;
      return <p>{`${useContext(Word)} ${item.text}`}</p>;
    });
    const a = { text: 'a' };
    const { container, rerender } = render(<Row item={a} />);
    rerender(<Row item={a} />);
    expect(renders).toBe(1);
    rerender(<Row item={{ text: 'a' }} />);
    expect(renders).toBe(2);
    const b = { text: 'b' };
    rerender(
      <Word.Provider value="hi">
        <Row item={b} />
      </Word.Provider>,
    );
    expect(container.textContent).toBe('hi b');
    rerender(
      <Word.Provider value="hello">
        <Row item={b} />
      </Word.Provider>,
    );
    expect(container.textContent).toBe('hello b');
  });
});
