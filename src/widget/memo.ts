import type { Component, FunctionComponent } from 'preact';

/** True when a prop has another value (compared by identity). A JSX element always passes the same prop names. */
function propsChanged(this: Component, next: Record<string, unknown>): boolean {
  for (const key in next) if ((this.props as Record<string, unknown>)[key] !== next[key]) return true;
  return false;
}

/**
 * A component that redraws only when one of its props changed (or a context it reads did): preact/compat's `memo`
 * without the rest of compat. Its props must keep their identity while unchanged.
 */
export const memo = <P extends object>(render: FunctionComponent<P>): FunctionComponent<P> =>
  function Memo(this: Component<P>, props: P) {
    this.shouldComponentUpdate = propsChanged;
    return render(props);
  };
