import { describe, expect, it } from 'vitest';
import { contentDisposition, MAX_NAME_LENGTH, sanitizeName } from './names.ts';

describe('sanitizeName', () => {
  it('keeps an ordinary name, including non-ASCII letters and spaces', () => {
    expect(sanitizeName('photo.png')).toBe('photo.png');
    expect(sanitizeName('Résumé final (2).pdf')).toBe('Résumé final (2).pdf');
    expect(sanitizeName('報告書.docx')).toBe('報告書.docx');
  });

  it('keeps only the last path segment, for both separators', () => {
    expect(sanitizeName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeName('C:\\Users\\me\\cat.jpg')).toBe('cat.jpg');
    expect(sanitizeName('dir/')).toBe('file');
  });

  it('drops control and bidi-override characters and collapses white space', () => {
    expect(sanitizeName('a\u0000b\r\nc\u007f.txt')).toBe('ab c.txt');
    expect(sanitizeName('invoice\u202Egpj.exe')).toBe('invoicegpj.exe');
    expect(sanitizeName('  two   words\t.txt  ')).toBe('two words .txt');
  });

  it('falls back to "file" when nothing usable is left', () => {
    for (const raw of [undefined, null, '', '   ', '.', '..', '/', '\u0001\u0002']) expect(sanitizeName(raw)).toBe('file');
  });

  it('shortens to 200 characters, keeping the extension and never splitting a surrogate pair', () => {
    const long = sanitizeName(`${'a'.repeat(300)}.pdf`);
    expect(long).toHaveLength(MAX_NAME_LENGTH);
    expect(long.endsWith('a.pdf')).toBe(true);
    const emoji = sanitizeName('😀'.repeat(250));
    expect(Array.from(emoji)).toHaveLength(MAX_NAME_LENGTH);
    expect(emoji).toBe('😀'.repeat(MAX_NAME_LENGTH));
    expect(Array.from(sanitizeName(`${'b'.repeat(250)}.${'x'.repeat(40)}`))).toHaveLength(MAX_NAME_LENGTH);
  });

  it('normalises to NFC so one name has one spelling', () => {
    expect(sanitizeName('e\u0301.txt')).toBe('\u00e9.txt');
  });
});

describe('contentDisposition', () => {
  it('shows media inline and downloads anything else, with an RFC 8187 UTF-8 name', () => {
    expect(contentDisposition('image', 'cat.png')).toBe("inline; filename*=UTF-8''cat.png");
    expect(contentDisposition('video', 'a b.webm')).toBe("inline; filename*=UTF-8''a%20b.webm");
    expect(contentDisposition('file', "Résumé (v2)'s.pdf")).toBe("attachment; filename*=UTF-8''R%C3%A9sum%C3%A9%20%28v2%29%27s.pdf");
    expect(contentDisposition('file', 'semi;colon"quote.txt')).toBe("attachment; filename*=UTF-8''semi%3Bcolon%22quote.txt");
  });
});
