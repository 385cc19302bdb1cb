import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerValues, ApiError, Message } from '../../src/protocol/index.ts';
import type { AgentMessage, ReceivedRequest } from '../standins/chatwoot/index.ts';
import { eventually, startChatwootHarness, type ChatwootHarness } from './chatwoot-harness.testing.ts';
import type { ReceivedEvent } from './sse-client.testing.ts';

const FORM = {
  items: [
    { name: 'name', label: 'Your name', type: 'text', required: true },
    { name: 'email', label: 'Email', type: 'email', required: true },
    {
      name: 'topic',
      label: 'Topic',
      type: 'select',
      options: [
        { label: 'Billing', value: 'billing' },
        { label: 'Delivery', value: 'delivery' },
      ],
    },
  ],
};
const shown = (events: ReceivedEvent[]) => events.filter((e) => e.event === 'message').map((e) => e.data as Message);

describe('Chatwoot: the visitor answers questions', () => {
  let h: ChatwootHarness;
  let token: string;
  let conversationId: number;
  let stream: Awaited<ReturnType<ChatwootHarness['stream']>>;
  beforeAll(async () => {
    h = await startChatwootHarness();
    const session = await h.session();
    token = session.token;
    stream = await h.stream(token);
    await h.send(token, 'hello');
    conversationId = (await h.conversationOf(session.visitorId)).id;
    await eventually(() => h.standinMessages(conversationId, 0).length === 1);
  });
  afterAll(async () => {
    await stream?.close();
    await h?.close();
  });

  /** The agent asks; answers the question as the visitor's stream showed it, and its Chatwoot id. */
  const ask = async (input: AgentMessage) => {
    const { message } = await h.standin.agentSay(conversationId, input);
    const question = await stream.waitFor((events) => shown(events).find((m) => m.author !== 'visitor' && m.body.kind !== 'text' && !m.replaces && !seen.has(m.id)));
    seen.add(question.id);
    return { question, chatwootId: message.id };
  };
  const seen = new Set<string>();
  /** Answers, then waits for the PATCH on the question and the version Chatwoot's message_updated brought back. */
  const answer = async (question: Message, chatwootId: number, text: string, values: AnswerValues) => {
    const sent = await h.answer(token, question.id, text, values);
    expect(sent.status).toBe(201);
    expect(sent.json.message.body).toEqual({ kind: 'answer', to: question.id, text, values });
    const patch = await eventually(
      () => h.standin.received.find((r): r is ReceivedRequest => r.method === 'PATCH' && r.path.endsWith(`/conversations/${conversationId}/messages/${chatwootId}`)),
      { what: 'the PATCH on the question' },
    );
    const version = await stream.waitFor((events) => shown(events).find((m) => m.replaces === question.id));
    return { patch, version };
  };

  it('select: submitted_values [{title, value}], then the question comes back answered', async () => {
    const { question, chatwootId } = await ask({
      content: 'Pick one',
      content_type: 'input_select',
      content_attributes: {
        items: [
          { title: 'Red', value: 'red' },
          { title: 'Blue', value: 'blue' },
        ],
      },
    });
    const { patch, version } = await answer(question, chatwootId, 'Blue', { type: 'select', choices: [{ title: 'Blue', value: 'blue' }] });
    expect(patch.body).toEqual({ submitted_values: [{ title: 'Blue', value: 'blue' }] });
    expect(version.body).toEqual({
      kind: 'select',
      text: 'Pick one',
      options: [
        { title: 'Red', value: 'red' },
        { title: 'Blue', value: 'blue' },
      ],
      answer: [{ title: 'Blue', value: 'blue' }],
    });
    expect(version.createdAt).toBe(question.createdAt);
  });

  it('form: submitted_values [{name, value}]', async () => {
    const { question, chatwootId } = await ask({ content: 'About you', content_type: 'form', content_attributes: FORM });
    const fields = [
      { name: 'name', value: 'Ada' },
      { name: 'email', value: 'ada@example.com' },
      { name: 'topic', value: 'billing' },
    ];
    const { patch, version } = await answer(question, chatwootId, 'Ada, ada@example.com, Billing', { type: 'form', fields });
    expect(patch.body).toEqual({ submitted_values: fields });
    expect(version.body).toMatchObject({ kind: 'form', answer: fields });
  });

  it("email: the contact's email first, then the address as the submitted value", async () => {
    const { question, chatwootId } = await ask({ content: 'Your email?', content_type: 'input_email' });
    const { patch, version } = await answer(question, chatwootId, 'grace@example.com', { type: 'email', email: 'grace@example.com' });
    const contactPatch = h.standin.received.find((r) => r.method === 'PATCH' && /\/contacts\/[^/]+$/.test(r.path));
    expect(contactPatch?.body).toEqual({ email: 'grace@example.com' });
    expect(h.standin.received.indexOf(contactPatch!)).toBeLessThan(h.standin.received.indexOf(patch));
    expect(h.standin.contacts[0]!.email).toBe('grace@example.com');
    expect(patch.body).toEqual({ submitted_values: [{ title: 'grace@example.com', value: 'grace@example.com' }] });
    expect(version.body).toEqual({ kind: 'email', text: 'Your email?', answer: 'grace@example.com' });
  });

  it('csat: {csat_survey_response: {rating, feedback_message}}', async () => {
    const { question, chatwootId } = await ask({ content: 'Rate us', content_type: 'input_csat', content_attributes: { display_type: 'emoji' }, message_type: 3 });
    expect(question.body).toEqual({ kind: 'csat', text: 'Rate us', display: 'emoji' });
    const { patch, version } = await answer(question, chatwootId, '4 of 5', { type: 'csat', rating: 4, feedback: 'Quick and kind' });
    expect(patch.body).toEqual({ submitted_values: { csat_survey_response: { rating: 4, feedback_message: 'Quick and kind' } } });
    expect(version.body).toEqual({ kind: 'csat', text: 'Rate us', display: 'emoji', answer: { rating: 4, feedback: 'Quick and kind' } });
  });

  it('refuses with 422 what cannot answer the question, and sends Chatwoot nothing', async () => {
    const { question: select } = await ask({
      content: 'Yes or no?',
      content_type: 'input_select',
      content_attributes: {
        items: [
          { title: 'Yes', value: 'yes' },
          { title: 'No', value: 'no' },
        ],
      },
    });
    const { question: form } = await ask({ content: 'Name?', content_type: 'form', content_attributes: FORM });
    const patches = () => h.standin.received.filter((r) => r.method === 'PATCH').length;
    const before = patches();
    const [text] = (await h.history(token)).filter((m) => m.author === 'visitor');
    const cases: [string, string, AnswerValues, RegExp][] = [
      ['a visitor message', text!.id, { type: 'select', choices: [{ title: 'Yes', value: 'yes' }] }, /no such question/],
      ['a value not offered', select.id, { type: 'select', choices: [{ title: 'Maybe', value: 'maybe' }] }, /not one of the options/],
      ['the wrong kind', select.id, { type: 'csat', rating: 5 }, /select question/],
      ['a required field left out', form.id, { type: 'form', fields: [{ name: 'email', value: 'a@example.com' }] }, /"Your name" is required/],
      [
        'a malformed email field',
        form.id,
        {
          type: 'form',
          fields: [
            { name: 'name', value: 'A' },
            { name: 'email', value: 'not-an-email' },
          ],
        },
        /must be an email/,
      ],
      [
        'an option the field lacks',
        form.id,
        {
          type: 'form',
          fields: [
            { name: 'name', value: 'A' },
            { name: 'email', value: 'a@example.com' },
            { name: 'topic', value: 'x' },
          ],
        },
        /no such option/,
      ],
      ['no such message', 'm_nothing', { type: 'select', choices: [{ title: 'Yes', value: 'yes' }] }, /no such question/],
    ];
    for (const [what, to, values, reason] of cases) {
      const refused = await h.answer(token, to, 'x', values);
      expect(refused.status, what).toBe(422);
      expect((refused.json as unknown as ApiError).error, what).toMatchObject({ code: 'invalid_answer', message: expect.stringMatching(reason) });
    }
    // An agent's plain text is no question either.
    await h.standin.agentSay(conversationId, { content: 'Just saying' });
    const plain = await stream.waitFor((events) => shown(events).find((m) => m.body.kind === 'text' && m.body.text === 'Just saying'));
    const notAQuestion = await h.answer(token, plain.id, 'x', { type: 'select', choices: [{ title: 'Yes', value: 'yes' }] });
    expect(notAQuestion.status).toBe(422);
    expect(notAQuestion.text).toContain('not a question');
    expect(patches()).toBe(before);
  });
});

describe('Chatwoot: an answer Chatwoot can no longer take', () => {
  let h: ChatwootHarness;
  afterAll(async () => h?.close());

  it("reaches the agent as text instead, and the visitor's next messages still go out (a locked survey, a deleted question)", async () => {
    h = await startChatwootHarness();
    const { token, visitorId } = await h.session();
    const stream = await h.stream(token);
    await h.send(token, 'hello');
    const conversation = await h.conversationOf(visitorId);
    await eventually(() => h.standinMessages(conversation.id, 0).length === 1);
    const survey = await h.standin.agentSay(conversation.id, { content: 'Rate us', content_type: 'input_csat', message_type: 3 });
    const pick = await h.standin.agentSay(conversation.id, { content: 'Pick', content_type: 'input_select', content_attributes: { items: [{ title: 'A', value: 'a' }] } });
    const [csat, select] = await stream.waitFor((events) => {
      const found = shown(events).filter((m) => m.body.kind === 'csat' || m.body.kind === 'select');
      return found.length === 2 && found;
    });
    // Chatwoot locks a survey 14 days after it was sent; the agent deletes the other question outright.
    h.standin.messages.find((m) => m.id === survey.message.id)!.created_at -= 15 * 24 * 3600;
    h.standin.messages.splice(
      h.standin.messages.findIndex((m) => m.id === pick.message.id),
      1,
    );

    expect((await h.answer(token, csat!.id, 'Rated 5 of 5', { type: 'csat', rating: 5 })).status).toBe(201);
    expect((await h.answer(token, select!.id, 'A', { type: 'select', choices: [{ title: 'A', value: 'a' }] })).status).toBe(201);
    expect((await h.send(token, 'and one more thing')).status).toBe(201);
    await eventually(() => h.standinMessages(conversation.id, 0).length === 4, { what: 'the answers as text and the next message' });
    expect(h.standinMessages(conversation.id, 0).map((m) => m.content)).toEqual(['hello', 'Rated 5 of 5', 'A', 'and one more thing']);
    expect(h.standin.received.filter((r) => r.method === 'PATCH').map((r) => r.path.split('/').pop())).toEqual([String(survey.message.id), String(pick.message.id)]);
    await eventually(async () => (await h.api<{ deliveredSeq: number }>('/v1/messages', { token })).json.deliveredSeq === 6);
    expect(h.logs.filter((line) => line.includes('chatwoot.answer_as_text'))).toHaveLength(2);
    await stream.close();
  });
});
