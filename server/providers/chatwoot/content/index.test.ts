import { describe, expect, it } from 'vitest';
import { Body } from '../../../../src/protocol/index.ts';
import { toBodies } from './index.ts';
import { answered, articleMessage, csatMessage, deletedMessage, emailMessage, formMessage, integrationsMessage, messageCreated, selectMessage } from '../callbacks.testing.ts';
import { parseCallback } from '../parse.ts';

const bodiesOf = (value: unknown): Body[] => {
  const result = parseCallback(JSON.stringify(value));
  if (!result.ok) throw new Error(result.reason);
  // Every Body a callback produces must pass the widget protocol's own schema.
  return result.messages.map((message) => Body.parse(message.body));
};
const only = (value: unknown): Body => {
  const bodies = bodiesOf(value);
  expect(bodies).toHaveLength(1);
  return bodies[0]!;
};
const message = (content_type: string, content_attributes: unknown, content: unknown = 'Question?') => ({ content_type, content_attributes, content });

describe('toBodies: questions', () => {
  it('input_select → select with the question and options, and the answer once submitted', () => {
    const question = {
      kind: 'select',
      text: 'What can we help you with?',
      options: [
        { title: 'Sales', value: 'sales' },
        { title: 'Support', value: 'support' },
        { title: 'Billing 💳', value: 'billing' },
      ],
    };
    expect(only(selectMessage())).toEqual(question);
    expect(only(answered(selectMessage(), { submitted_values: [{ title: 'Support', value: 'support' }] }))).toEqual({
      ...question,
      answer: [{ title: 'Support', value: 'support' }],
    });
    expect(only(answered(selectMessage(), { submitted_values: [] }))).toEqual(question);
  });

  it('form → form: field types, placeholder, required, default, pattern, options, button label, answer', () => {
    const form = only(formMessage());
    expect(form).toEqual({
      kind: 'form',
      text: 'Tell us about you',
      submitLabel: 'Send',
      fields: [
        { name: 'email', label: 'Email', type: 'email', placeholder: 'Please enter your email', required: true, default: 'xyc@xyc.com' },
        { name: 'text_aread', label: 'Large Text', type: 'textarea', placeholder: 'Please enter text', default: 'Sample text' },
        { name: 'text', label: 'text', type: 'text', placeholder: 'Please enter text', default: 'sample input', pattern: '^[^0-9]*$', patternError: 'No digits, please' },
        {
          name: 'select',
          label: 'Select Option',
          type: 'select',
          options: [
            { label: '🌯 Burito', value: 'Burito' },
            { label: '🍝 Pasta', value: 'Pasta' },
          ],
        },
      ],
    });
    const values = [
      { name: 'email', value: 'ada@example.test' },
      { name: 'text_aread', value: '' },
      { name: 'text', value: 'hi' },
      { name: 'select', value: 'Pasta' },
    ];
    expect(only(answered(formMessage(), { submitted_values: values }))).toEqual({ ...form, answer: values });
  });

  it('article → articles with http(s) links only; content is the text', () => {
    expect(only(articleMessage())).toEqual({
      kind: 'articles',
      text: 'These might help',
      items: [
        { title: 'API start guide', description: 'A random start api guide', url: 'http://help.acme.test/api' },
        { title: 'Reset your password', description: 'Three steps', url: 'https://help.acme.test/reset' },
      ],
    });
    const mixed = {
      items: [
        { title: 'Bad', link: 'javascript:alert(1)' },
        { title: 'Ok', link: 'https://help.acme.test/ok' },
        { title: 'Data', link: 'data:text/html,x' },
      ],
    };
    expect(only(articleMessage({ content_attributes: mixed }))).toEqual({ kind: 'articles', text: 'These might help', items: [{ title: 'Ok', url: 'https://help.acme.test/ok' }] });
  });

  it('input_email → email; the answer from submitted_email or from the values this relay submits', () => {
    expect(only(emailMessage())).toEqual({ kind: 'email', text: 'Get notified by email' });
    expect(only(answered(emailMessage(), { submitted_email: 'ada@example.test' }))).toEqual({ kind: 'email', text: 'Get notified by email', answer: 'ada@example.test' });
    const viaApi = answered(emailMessage(), { submitted_values: [{ title: 'ada@example.test', value: 'ada@example.test' }] });
    expect(only(viaApi)).toEqual({ kind: 'email', text: 'Get notified by email', answer: 'ada@example.test' });
    expect(only(answered(emailMessage(), { submitted_email: 'not an address' }))).toEqual({
      kind: 'unsupported',
      summary: 'Get notified by email\nAsks for your email address\nAnswered: not an address',
    });
  });

  it('input_csat → csat (emoji by default, or star) without the survey link; the rating once given', () => {
    expect(only(csatMessage())).toEqual({ kind: 'csat', text: 'Please rate the conversation', display: 'emoji' });
    expect(only(csatMessage({ content_attributes: { display_type: 'star' } }))).toMatchObject({ kind: 'csat', display: 'star' });
    expect(only(csatMessage({ content_attributes: {} }))).toMatchObject({ display: 'emoji' });
    const rated = answered(csatMessage(), { submitted_values: { csat_survey_response: { rating: 4, feedback_message: 'Quick and kind' } } });
    expect(only(rated)).toEqual({ kind: 'csat', text: 'Please rate the conversation', display: 'emoji', answer: { rating: 4, feedback: 'Quick and kind' } });
    const silent = answered(csatMessage(), { submitted_values: { csat_survey_response: { rating: 5, feedback_message: '' } } });
    expect(only(silent)).toMatchObject({ answer: { rating: 5 } });
    expect(only(silent)).not.toHaveProperty('answer.feedback');
    expect(only(csatMessage({ content: 'Rate us https://acme.test/survey' }))).toMatchObject({ text: 'Rate us https://acme.test/survey' });
  });

  it('input_text and input_textarea are text questions', () => {
    expect(bodiesOf(messageCreated(message('input_text', {}, 'Your order number?')))).toEqual([{ kind: 'text', text: 'Your order number?', format: 'markdown' }]);
    expect(bodiesOf(messageCreated(message('input_textarea', {}, 'Describe the problem')))).toEqual([{ kind: 'text', text: 'Describe the problem', format: 'markdown' }]);
    expect(bodiesOf(messageCreated(message('input_text', {}, '')))).toEqual([{ kind: 'unsupported', summary: 'A question this chat cannot show' }]);
  });
});

describe('toBodies: other messages', () => {
  it('a deleted message becomes deleted (no text, no attachments)', () => {
    expect(bodiesOf(deletedMessage())).toEqual([{ kind: 'deleted' }]);
    expect(bodiesOf(deletedMessage({ attachments: [{ file_type: 'image', data_url: 'https://acme.test/a.png' }] }))).toEqual([{ kind: 'deleted' }]);
    expect(bodiesOf(messageCreated({ content_attributes: { deleted: 'yes' } }))).toEqual([{ kind: 'text', text: 'Hi! How can I help?', format: 'markdown' }]);
  });

  it('marks an agent’s text as Markdown (drawn safely by the widget), an email as plain', () => {
    expect(bodiesOf(messageCreated({ content: '**Bold** and [a link](https://acme.test)' }))).toEqual([
      { kind: 'text', text: '**Bold** and [a link](https://acme.test)', format: 'markdown' },
    ]);
    expect(bodiesOf(messageCreated({ content: 'Re: *order*', content_type: 'incoming_email' }))).toEqual([{ kind: 'text', text: 'Re: *order*' }]);
  });

  it('gives images and videos their measured size, both sides or neither', () => {
    const image = (extra: Record<string, unknown>) =>
      bodiesOf(messageCreated({ content: null, attachments: [{ file_type: 'image', data_url: 'https://acme.test/a.png', ...extra }] }))[0];
    expect(image({ width: 800, height: 600 })).toMatchObject({ kind: 'image', width: 800, height: 600 });
    for (const bad of [{ width: 800 }, { width: 0, height: 600 }, { width: 1.5, height: 2 }, { width: '800', height: '600' }, { width: 1e9, height: 1 }]) {
      const body = image(bad);
      expect(body, JSON.stringify(bad)).not.toHaveProperty('width');
      expect(body, JSON.stringify(bad)).not.toHaveProperty('height');
    }
  });

  it('integrations and unknown types become readable summaries, never nothing', () => {
    expect(only(integrationsMessage())).toEqual({ kind: 'unsupported', summary: 'A video call invitation that this chat cannot show (dyte)\nJane has started a meeting' });
    expect(only(messageCreated(message('integrations', {}, null)))).toEqual({ kind: 'unsupported', summary: 'An integration message that this chat cannot show' });
    expect(only(messageCreated(message('voice_call', {}, 'Call ended')))).toEqual({ kind: 'unsupported', summary: 'A message this chat cannot show (voice_call)\nCall ended' });
  });

  it('keeps the attachments after an interactive message', () => {
    const bodies = bodiesOf(selectMessage({ attachments: [{ file_type: 'file', data_url: 'https://acme.test/menu.pdf', file_size: 10 }] }));
    expect(bodies.map((body) => body.kind)).toEqual(['select', 'file']);
  });
});

describe('toBodies: hostile or malformed content degrades to a readable summary', () => {
  const long = 'x'.repeat(1001);
  const cases: [string, unknown, Body][] = [
    ['input_select', { items: 'nope' }, { kind: 'unsupported', summary: 'Question?\nOptions: ' }],
    ['input_select', { items: [{ title: 'A', value: 'a' }, 'junk'] }, { kind: 'unsupported', summary: 'Question?\nOptions: A' }],
    ['input_select', { items: [{ title: 'A', value: long }] }, { kind: 'unsupported', summary: 'Question?\nOptions: A' }],
    ['input_select', { items: [{ title: 'A', value: 'a' }], submitted_values: 'a' }, { kind: 'unsupported', summary: 'Question?\nOptions: A' }],
    ['form', { items: [] }, { kind: 'unsupported', summary: 'Question?\nA form: ' }],
    ['form', { items: [{ label: 'No name', type: 'text' }] }, { kind: 'unsupported', summary: 'Question?\nA form: No name' }],
    [
      'form',
      {
        items: [
          { name: 'a', label: 'A' },
          { name: 'a', label: 'Again' },
        ],
      },
      { kind: 'unsupported', summary: 'Question?\nA form: A, Again' },
    ],
    ['form', { items: [{ name: 'pick', label: 'Pick', type: 'select', options: [] }] }, { kind: 'unsupported', summary: 'Question?\nA form: Pick' }],
    [
      'form',
      { items: [{ name: 'a', label: 'A' }], submitted_values: [{ name: 'a', value: { nested: true } }] },
      { kind: 'unsupported', summary: 'Question?\nA form: A\nAnswered: a' },
    ],
    ['article', { items: [{ title: 'Evil', link: 'javascript:alert(1)' }] }, { kind: 'unsupported', summary: 'Question?\nEvil' }],
    ['input_email', { submitted_values: [{ value: 42 }] }, { kind: 'unsupported', summary: 'Question?\nAsks for your email address\nAnswered: 42' }],
    ['input_csat', { display_type: 'hearts', submitted_values: { csat_survey_response: { rating: 9 } } }, { kind: 'unsupported', summary: 'Question?\nRated: 9' }],
    ['input_csat', { submitted_values: { csat_survey_response: 'five' } }, { kind: 'unsupported', summary: 'Question?\nRated: ?' }],
  ];
  it.each(cases)('%s (case %#)', (type, attributes, expected) => {
    expect(only(messageCreated(message(type, attributes)))).toEqual(expected);
  });

  it('repairs what can be repaired: unknown field types as text, broken patterns dropped, long labels cut', () => {
    const form = only(
      messageCreated(
        message('form', {
          items: [
            { name: 'n', label: long, type: 'number', pattern: '([' },
            { name: 'm', type: 'text', options: [{ label: 'x', value: 'x' }] },
          ],
        }),
      ),
    );
    expect(form).toEqual({
      kind: 'form',
      text: 'Question?',
      fields: [
        { name: 'n', label: 'x'.repeat(1000), type: 'text' },
        { name: 'm', label: 'm', type: 'text' },
      ],
    });
    expect(only(messageCreated(message('input_csat', { display_type: 'hearts' })))).toMatchObject({ kind: 'csat', display: 'emoji' });
    expect(only(messageCreated(message('input_select', { items: [{ value: 'only-value' }, { title: 7, value: 7 }] })))).toEqual({
      kind: 'select',
      text: 'Question?',
      options: [
        { title: 'only-value', value: 'only-value' },
        { title: '7', value: '7' },
      ],
    });
  });

  it('a too-long list is summarised instead of cut', () => {
    const options = Array.from({ length: 51 }, (_, i) => ({ title: `o${i}`, value: `${i}` }));
    expect(only(messageCreated(message('input_select', { items: options })))).toMatchObject({ kind: 'unsupported' });
    const articles = Array.from({ length: 21 }, (_, i) => ({ title: `a${i}`, link: `https://acme.test/${i}` }));
    expect(only(messageCreated(message('article', { items: articles })))).toMatchObject({ kind: 'unsupported' });
  });
});

/** A small seeded generator: the same hostile payloads on every run. */
const random = (seed: number) => () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

describe('toBodies: every produced Body passes Body.parse', () => {
  it('for thousands of generated hostile payloads of every content type', () => {
    const next = random(42);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
    const types = [
      'text',
      'input_text',
      'input_textarea',
      'input_email',
      'input_select',
      'cards',
      'form',
      'article',
      'incoming_email',
      'input_csat',
      'integrations',
      'sticker',
      'voice_call',
      'nonsense',
      '',
      42,
    ];
    const scalars = [
      null,
      undefined,
      '',
      ' ',
      'x',
      'x'.repeat(6000),
      0,
      -1,
      3,
      5,
      1.5,
      1e308,
      NaN,
      true,
      false,
      [],
      {},
      'javascript:alert(1)',
      'https://acme.test/a',
      'a@b.co',
      '([',
      '\ud83d',
      '__proto__',
    ];
    const value = (depth: number): unknown => {
      const roll = next();
      if (depth > 2 || roll < 0.5) return pick(scalars);
      if (roll < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
      const keys = [
        'title',
        'value',
        'name',
        'label',
        'type',
        'options',
        'link',
        'description',
        'placeholder',
        'required',
        'default',
        'pattern',
        'pattern_error',
        'rating',
        'feedback_message',
        'csat_survey_response',
        'actions',
        'media_url',
        'text',
        'uri',
        'payload',
      ];
      return Object.fromEntries(Array.from({ length: Math.floor(next() * 5) }, () => [pick(keys), value(depth + 1)]));
    };
    for (let i = 0; i < 3000; i += 1) {
      const attributes = {
        items: value(0),
        submitted_values: next() < 0.5 ? value(0) : undefined,
        submitted_email: pick(scalars),
        display_type: pick(['emoji', 'star', 1, null]),
        button_label: pick(scalars),
        deleted: next() < 0.05,
      };
      const raw = { content: pick(scalars), content_type: pick(types), content_attributes: next() < 0.9 ? attributes : value(0), attachments: next() < 0.2 ? value(0) : undefined };
      const bodies = toBodies(raw as Record<string, unknown>);
      for (const body of bodies) expect(Body.safeParse(body).success, JSON.stringify({ raw, body }).slice(0, 500)).toBe(true);
    }
  });
});

describe('toBodies: hostile sizes stay fast', () => {
  it('reads long texts built to make patterns backtrack in a few milliseconds', () => {
    const started = performance.now();
    const long = [' '.repeat(19_990) + 'x', 'http://'.repeat(2800), `a@${'.'.repeat(19_000)}`, `${'a'.repeat(19_000)} https://x.test/survey/responses/`];
    for (const content of long) {
      toBodies({ content, content_type: 'input_csat', content_attributes: {} });
      toBodies({ content: 'Email?', content_type: 'input_email', content_attributes: { submitted_email: content } });
    }
    expect(performance.now() - started).toBeLessThan(100);
  });
});
