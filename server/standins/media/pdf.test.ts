import { describe, expect, it } from 'vitest';
import { textPdf } from './pdf.ts';

describe('textPdf', () => {
  const pdf = textPdf(['Chatport (demo) file', 'second line \\ done']).toString('latin1');

  it('has a header, a trailer and a startxref that points at the xref table', () => {
    expect(pdf.startsWith('%PDF-1.4\n')).toBe(true);
    expect(pdf.endsWith('%%EOF\n')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)?.[1]);
    expect(pdf.slice(startxref, startxref + 5)).toBe('xref\n');
  });

  it('lists the byte offset of every object correctly', () => {
    const entries = [...pdf.matchAll(/^(\d{10}) 00000 n\r$/gm)].map((m) => Number(m[1]));
    expect(entries).toHaveLength(5);
    entries.forEach((offset, i) => expect(pdf.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
  });

  it('declares the content stream length exactly and escapes the text', () => {
    const [, length, stream] = /\/Length (\d+) >>\nstream\n([\s\S]*?)\nendstream/.exec(pdf) ?? [];
    expect(stream).toHaveLength(Number(length));
    expect(stream).toContain("(Chatport \\(demo\\) file) '");
    expect(stream).toContain("(second line \\\\ done) '");
  });
});
