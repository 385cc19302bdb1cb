import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageBody } from './index.tsx';

afterEach(cleanup);

describe('rich templates, loaded on demand', () => {
  it('hold the place while their chunk loads, then draw the message with its styles adopted', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    const before = shadow.adoptedStyleSheets.length;
    const { container } = render(<MessageBody body={{ kind: 'buttons', text: 'Pick one', buttons: [{ type: 'postback', title: 'Yes', payload: 'Y' }] }} />, {
      container: shadow.appendChild(document.createElement('div')),
    });
    expect(container.querySelector('[data-chatport="rich"]')?.getAttribute('aria-busy')).toBe('true');
    expect(container.querySelector('button')).toBeNull();

    await expect.poll(() => container.querySelector('button')?.textContent).toBe('Yes');
    expect(container.querySelector('[data-chatport="rich"]')?.hasAttribute('aria-busy')).toBe(false);
    expect(shadow.adoptedStyleSheets.length).toBe(before + 1);
    host.remove();
  });
});
