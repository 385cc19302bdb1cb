import { render } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { BAD_URLS, HOSTILE } from '../templates/test-utils.tsx';
import { Markdown, markdown, type Steps } from './markdown.tsx';

const draw = (text: string) => render(<Markdown text={text} />).container.firstElementChild as HTMLElement;
/** The drawn markup, attributes left out except href. */
const shape = (text: string) =>
  draw(text)
    .innerHTML.replace(/ (?!href)[a-z-]+="[^"]*"/g, '')
    .replace(/ href="([^"]*)"/g, ' href=$1');

describe('Markdown', () => {
  it('draws the subset agents use as elements', () => {
    expect(shape('**bold**, __bold__, *italic*, _italic_, ~~gone~~ and `code`')).toBe(
      '<p><strong>bold</strong>, <strong>bold</strong>, <em>italic</em>, <em>italic</em>, <s>gone</s> and <code>code</code></p>',
    );
    expect(shape('- one\n- **two**\n\n1. first\n2. second')).toBe('<ul><li>one</li><li><strong>two</strong></li></ul><ol><li>first</li><li>second</li></ol>');
    expect(shape('3. third\n4. fourth')).toBe('<ol start="3"><li>third</li><li>fourth</li></ol>'.replace(' start="3"', ''));
    expect(draw('3. third').querySelector('ol')?.getAttribute('start')).toBe('3');
    expect(shape('```\nconst a = 1;\n**not bold**\n```')).toBe('<pre><code>const a = 1;\n**not bold**</code></pre>');
    expect(shape('line one\nline two\n\nnext paragraph')).toBe('<p>line one<br>line two</p><p>next paragraph</p>');
    expect(shape('``a `tick` inside``')).toBe('<p><code>a `tick` inside</code></p>');
  });

  it('links [text](url), <url> and bare URLs, http(s) only, opened safely', () => {
    const el = draw('See [the **docs**](https://docs.test/a?b=1), <https://x.test/y> and https://z.test/w.');
    const links = [...el.querySelectorAll('a')];
    expect(links.map((a) => [a.getAttribute('href'), a.textContent])).toEqual([
      ['https://docs.test/a?b=1', 'the docs'],
      ['https://x.test/y', 'https://x.test/y'],
      ['https://z.test/w', 'https://z.test/w'],
    ]);
    expect(links.every((a) => a.getAttribute('rel') === 'noopener noreferrer' && a.getAttribute('target') === '_blank')).toBe(true);
    expect(links[0]?.querySelector('strong')?.textContent).toBe('docs');
    expect(el.textContent).toBe('See the docs, https://x.test/y and https://z.test/w.');
  });

  it('keeps everything else as literal text: headings, quotes, images, HTML, intraword underscores, lone delimiters', () => {
    for (const text of ['# Heading', '> quoted', '| a | b |', 'snake_case_name and 2 * 3 * 4', 'a ** b ** c', '5 ~ 6', '![alt](https://img.test/a.png)']) {
      const el = draw(text);
      expect(el.querySelector('h1, blockquote, table, img, em, strong, s'), text).toBeNull();
      if (!text.startsWith('!')) expect(el.textContent, text).toBe(text);
    }
    // An image is not drawn: its alt and address stay readable.
    expect(draw('![alt](https://img.test/a.png)').querySelector('img')).toBeNull();
    const hostile = draw(`${HOSTILE} **${HOSTILE}** [${HOSTILE}](https://ok.test)`);
    expect(hostile.querySelector('script, img')).toBeNull();
    expect(hostile.textContent).toBe(`${HOSTILE} ${HOSTILE} ${HOSTILE}`);
  });

  it('never links a javascript:, data: or other non-http(s) URL', () => {
    for (const url of [...BAD_URLS, 'ftp://files.test/a']) {
      const el = draw(`[click](${url}) <${url}>`);
      expect(el.querySelector('a'), url).toBeNull();
      expect(el.textContent, url).toContain('click');
    }
    // Only the http(s) address inside another scheme's text is a link, to itself.
    const mixed = draw('[click](javascript:alert(1)//https://x.test)');
    expect([...mixed.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['https://x.test']);
    expect(mixed.querySelector('a')?.textContent).toBe('https://x.test');
    // A link's text never holds another link.
    expect(draw('[https://a.test](https://b.test)').querySelectorAll('a')).toHaveLength(1);
  });

  it('copes with unclosed and nested markers, and escapes', () => {
    expect(shape('**bold without end')).toBe('<p>**bold without end</p>');
    expect(shape('`code without end')).toBe('<p>`code without end</p>');
    expect(shape('[text without url] and [x](')).toBe('<p>[text without url] and [x](</p>');
    expect(shape('**bold _and italic ~~and gone~~_**')).toBe('<p><strong>bold <em>and italic <s>and gone</s></em></strong></p>');
    expect(shape('\\*not italic\\* and \\`not code\\`')).toBe('<p>*not italic* and `not code`</p>');
    // Nesting deeper than a few levels stays text rather than recursing on.
    const deep = `${'**_'.repeat(20)}x${'_**'.repeat(20)}`;
    expect(draw(deep).textContent).toContain('x');
  });

  it('does work in proportion to the text, however hostile (no backtracking, no rescanning)', () => {
    const patterns = ['*a ', '**a ', '[a', '[a](', '`a ', '``', '_a_b ', '~~a ', 'https://a.test/', '<http://a', '\\', '- *a\n', '*'.repeat(7) + ' '];
    for (const unit of patterns) {
      const perChar = [2_000, 20_000, 200_000].map((n) => {
        const text = unit.repeat(Math.ceil(n / unit.length));
        const steps: Steps = { n: 0 };
        markdown(text, steps);
        return steps.n / text.length;
      });
      // The same small amount of work per character at every size (a quadratic parser would grow 100-fold).
      expect(Math.max(...perChar), JSON.stringify(unit)).toBeLessThan(12);
      expect(perChar[2]! / perChar[0]!, JSON.stringify(unit)).toBeLessThan(1.5);
    }
  });
});
