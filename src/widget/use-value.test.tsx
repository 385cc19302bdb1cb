import { signal } from '@preact/signals-core';
import { act, render } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { useValue } from './use-value.ts';

describe('useValue', () => {
  it('draws the current value and redraws on every change, and only then', async () => {
    const count = signal(1);
    let renders = 0;
    const Show = () => {
      renders++;
      return <p>{useValue(count)}</p>;
    };
    const { container } = render(<Show />);
    expect(container.textContent).toBe('1');
    const settled = renders;
    await act(() => {
      count.value = 2;
    });
    expect(container.textContent).toBe('2');
    expect(renders).toBe(settled + 1);
    await act(() => {
      count.value = 3;
    });
    expect(container.textContent).toBe('3');
  });

  it('stops listening when the component goes away', async () => {
    const count = signal(1);
    const Show = () => <p>{useValue(count)}</p>;
    const { unmount } = render(<Show />);
    unmount();
    let listeners = 0;
    // A signal with no subscribers computes nothing on change: reading through an effect proves nothing leaks.
    await act(() => {
      count.value = 5;
    });
    count.subscribe(() => listeners++);
    expect(listeners).toBe(1);
  });
});
