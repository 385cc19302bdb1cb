import { EMAIL_PATTERN, type AnswerValues, type Body, type Message, type OutgoingBody } from '../../src/protocol/index.ts';
import { HttpError } from '../http/errors.ts';
import type { Store } from '../store/types.ts';

type AnswerBody = Extract<OutgoingBody, { kind: 'answer' }>;
type Question = Extract<Body, { kind: 'select' | 'form' | 'email' | 'csat' }>;

const refuse = (message: string) => new HttpError(422, 'invalid_answer', message);
const QUESTIONS: Record<Question['kind'], AnswerValues['type']> = { select: 'select', form: 'form', email: 'email', csat: 'csat' };

/** The value a form field would accept: required, the email shape and the select's options. */
const checkField = (field: Extract<Body, { kind: 'form' }>['fields'][number], value: string | undefined): string | undefined => {
  if (value === undefined || value === '') return field.required ? `"${field.label}" is required` : undefined;
  if (field.type === 'email' && !EMAIL_PATTERN.test(value)) return `"${field.label}" must be an email address`;
  if (field.type === 'select' && field.options && !field.options.some((option) => option.value === value)) return `"${field.label}" has no such option`;
  // `pattern` is the widget's to check: a platform's expression run on visitor input here could backtrack for
  // minutes and stall the relay, and the platform keeps whatever it is sent anyway.
  return undefined;
};

const checkValues = (question: Question, values: AnswerValues): string | undefined => {
  if (QUESTIONS[question.kind] !== values.type) return `message is a ${question.kind} question; got a ${values.type} answer`;
  if (question.kind === 'select' && values.type === 'select') {
    const missing = values.choices.find((choice) => !question.options.some((option) => option.value === choice.value));
    return missing ? `"${missing.title}" is not one of the options` : undefined;
  }
  if (question.kind === 'form' && values.type === 'form') {
    const stray = values.fields.find((value) => !question.fields.some((field) => field.name === value.name));
    if (stray) return `the form has no field "${stray.name}"`;
    for (const field of question.fields) {
      const problem = checkField(field, values.fields.find((value) => value.name === field.name)?.value);
      if (problem) return problem;
    }
  }
  return undefined;
};

/** Versions come after their original: read forward from it, a page at a time. */
export const newestBody = async (store: Store, conversationId: string, original: Message): Promise<Body> => {
  let body = original.body;
  for (let after = original.seq; ; ) {
    const page = await store.listMessages(conversationId, { after, limit: 500 });
    for (const message of page) if (message.replaces === original.id) body = message.body;
    if (page.length < 500) return body;
    after = page.at(-1)!.seq;
  }
};

/**
 * A visitor's answer must name a question of their own conversation, as it stands now (its newest version), and fit
 * it; the answer is stored as given. Refusals are 422 with the reason. An answered question may be answered again
 * (the platform keeps the last answer), so a retried send is never refused.
 */
export const checkAnswer = async (store: Store, conversationId: string, answer: AnswerBody): Promise<Body> => {
  const target = await store.getMessage(conversationId, answer.to);
  if (!target || target.author === 'visitor' || target.replaces) throw refuse('to: no such question in this conversation');
  const latest = await newestBody(store, conversationId, target);
  if (!Object.hasOwn(QUESTIONS, latest.kind)) throw refuse(`to: that message is ${latest.kind === 'deleted' ? 'deleted' : 'not a question'}`);
  const question = latest as Question;
  const problem = checkValues(question, answer.values);
  if (problem) throw refuse(problem);
  return { kind: 'answer', to: answer.to, text: answer.text, values: answer.values };
};
