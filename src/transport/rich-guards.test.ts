import { describe, expect, it } from 'vitest';
import { isRichBody } from './rich-guards.ts';

describe('isRichBody', () => {
  it('accepts every rich kind in its valid shape', () => {
    const bodies = [
      {
        kind: 'buttons',
        text: 'a',
        buttons: [
          { type: 'postback', title: 'Yes', payload: 'y' },
          { type: 'url', title: 'Site', url: 'https://x.test/' },
        ],
      },
      { kind: 'carousel', ratio: 'square', items: [{ title: 't', imageUrl: 'https://x.test/a.png', buttons: [] }] },
      { kind: 'image', url: 'https://x.test/a.png', name: 'a.png', size: 10, mime: 'image/png' },
      { kind: 'audio', url: 'https://x.test/a.wav' },
      { kind: 'video', url: 'https://x.test/a.webm' },
      { kind: 'file', url: 'http://x.test/a.pdf' },
    ];
    for (const body of bodies) expect(isRichBody(body), body.kind).toBe(true);
  });

  it('refuses non-http(s) URLs anywhere and malformed fields', () => {
    expect(isRichBody({ kind: 'image', url: 'javascript:alert(1)' })).toBe(false);
    expect(isRichBody({ kind: 'buttons', text: 'a', buttons: [{ type: 'url', title: 'x', url: 'data:text/html,hi' }] })).toBe(false);
    expect(isRichBody({ kind: 'carousel', ratio: 'square', items: [{ title: 't', itemUrl: 'javascript:x', buttons: [] }] })).toBe(false);
    expect(isRichBody({ kind: 'carousel', ratio: 'square', items: [] })).toBe(false);
    expect(isRichBody({ kind: 'file', url: 'https://x.test/a', size: -1 })).toBe(false);
    expect(isRichBody({ kind: 'text', text: 'not rich' })).toBe(false);
  });

  const questions = {
    select: {
      kind: 'select',
      text: 'Pick a size',
      options: [
        { title: 'Small', value: 's' },
        { title: 'Large', value: 'l' },
      ],
    },
    form: {
      kind: 'form',
      text: 'Your details',
      fields: [
        { name: 'name', label: 'Name', type: 'text', required: true, pattern: '[A-Za-z ]+', patternError: 'Letters only' },
        { name: 'topic', label: 'Topic', type: 'select', options: [{ label: 'Billing', value: 'b' }] },
        { name: 'note', label: 'Note', type: 'textarea', placeholder: 'Anything else?', default: '' },
        { name: 'email', label: 'Email', type: 'email' },
      ],
      submitLabel: 'Send',
    },
    email: { kind: 'email', text: 'Your email?' },
    csat: { kind: 'csat', text: 'How did we do?', display: 'star' },
    articles: {
      kind: 'articles',
      text: 'These may help',
      items: [
        { title: 'Returns', description: '30 days', url: 'https://help.test/returns' },
        { title: 'Shipping', url: 'http://help.test/ship' },
      ],
    },
  } as const;

  it('accepts questions and article lists, asked and answered', () => {
    for (const body of Object.values(questions)) expect(isRichBody(body), body.kind).toBe(true);
    expect(isRichBody({ ...questions.select, answer: [{ title: 'Small', value: 's' }] })).toBe(true);
    expect(isRichBody({ ...questions.form, answer: [{ name: 'name', value: 'Ann' }] })).toBe(true);
    expect(isRichBody({ ...questions.email, answer: 'a@b.test' })).toBe(true);
    expect(isRichBody({ ...questions.csat, display: 'emoji', answer: { rating: 5 } })).toBe(true);
    expect(isRichBody({ ...questions.csat, answer: { rating: 1, feedback: 'Slow' } })).toBe(true);
  });

  it('refuses hostile or malformed questions and article lists', () => {
    const { select, form, email, csat, articles } = questions;
    const field = form.fields[0];
    const bad: Array<Record<string, unknown>> = [
      { ...select, options: [] },
      { ...select, options: 'Small' },
      { ...select, options: [{ title: 'Small' }] },
      { ...select, options: [{ title: { toString: () => 'x' }, value: 's' }] },
      { ...select, options: [null] },
      { ...select, text: undefined },
      { ...select, answer: { title: 'Small', value: 's' } },
      { ...select, answer: [{ title: 1, value: 's' }] },
      { ...form, fields: [] },
      { ...form, fields: [{ ...field, type: 'password' }] },
      { ...form, fields: [{ ...field, type: '__proto__' }] },
      { ...form, fields: [{ ...field, name: '' }] },
      { ...form, fields: [{ ...field, label: 3 }] },
      { ...form, fields: [{ ...field, required: 'yes' }] },
      { ...form, fields: [{ ...field, pattern: /x/ }] },
      { ...form, fields: [{ ...field, options: [{ label: 'A' }] }] },
      { ...form, fields: [[field]] },
      { ...form, submitLabel: 1 },
      { ...form, answer: [{ name: 'name' }] },
      { ...form, answer: 'Ann' },
      { ...form, answer: [{ name: '', value: 'Ann' }] },
      { ...email, answer: ['a@b.test'] },
      { ...email, answer: 'not an email' },
      { ...email, answer: 'a@b' },
      { ...email, text: 1 },
      { ...csat, display: 'thumbs' },
      { ...csat, answer: { rating: 0 } },
      { ...csat, answer: { rating: 6 } },
      { ...csat, answer: { rating: 4.5 } },
      { ...csat, answer: { rating: '5' } },
      { ...csat, answer: 5 },
      { ...csat, answer: { rating: 5, feedback: 1 } },
      { ...articles, items: [] },
      { ...articles, items: [{ title: 'x', url: 'javascript:alert(1)' }] },
      { ...articles, items: [{ title: 'x', url: 'data:text/html,<b>hi</b>' }] },
      { ...articles, items: [{ title: 'x' }] },
      { ...articles, items: [{ title: 'x', url: 'https://x.test/', description: {} }] },
      { kind: 'answer', to: 'm1', text: 'Small', values: { type: 'select', choices: [] } },
      { kind: 'deleted' },
    ];
    for (const body of bad) expect(isRichBody(body), JSON.stringify(body)).toBe(false);
  });
});
