import type { ReadonlySignal } from '@preact/signals-core';
import { useLayoutEffect, useReducer } from 'preact/hooks';

/**
 * A signal's value that re-renders the component when it changes. A few lines instead of the Preact integration
 * (@preact/signals): measured, that would add about 1.1 KB gzip before the first message, past the widget's budget.
 * Each component calls it for the signals it draws itself, so a change redraws only the components that show it.
 */
export const useValue = <T>(source: ReadonlySignal<T>): T => {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  // A layout effect subscribes right after this render is committed; `subscribe` calls once at once, skipped.
  useLayoutEffect(() => {
    let first = true;
    return source.subscribe(() => (first ? (first = false) : rerender(0)));
  }, [source]);
  return source.value;
};
