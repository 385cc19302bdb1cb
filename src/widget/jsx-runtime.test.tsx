import { createRef, type VNode } from 'preact';
import { describe, expect, it } from 'vitest';
import { jsx } from './jsx-runtime.ts';

describe('the JSX runtime', () => {
  it('is the one JSX compiles to here', () => {
    // Preact's own runtime gives every vnode `__source`/`__self` slots; createElement's vnodes have none.
    expect(Object.hasOwn(<p />, '__source')).toBe(false);
    expect(Object.keys(<p />)).toEqual(Object.keys(jsx('p', {})));
  });

  it('takes key and ref out of the props and keeps children and everything else', () => {
    const ref = createRef<HTMLDivElement>();
    const vnode = (
      <div key="k1" ref={ref} data-x="1">
        a<b />
      </div>
    ) as VNode<Record<string, unknown>>;
    expect(vnode.key).toBe('k1');
    expect(vnode.ref).toBe(ref);
    expect(vnode.props).not.toHaveProperty('key');
    expect(vnode.props).not.toHaveProperty('ref');
    expect(vnode.props['data-x']).toBe('1');
    expect((vnode.props.children as unknown[])[0]).toBe('a');
  });
});
