import type { AnswerValues, OutgoingBody } from '../../../../src/protocol/index.ts';
import { DeliveryError } from '../../types.ts';
import type { ChatwootClient, ContactDraft, SubmittedValues } from '../client/index.ts';
import { ChatwootError } from '../client/errors.ts';
import type { PublicMessage } from '../client/schemas.ts';

/** The part of a visitor's Chatwoot state an answer needs (see ChatwootVisitorState). */
export interface AnswerState {
  sourceId?: string;
  conversationId?: number;
}

export interface AnswerOptions {
  client: ChatwootClient;
  state: AnswerState;
  body: Extract<OutgoingBody, { kind: 'answer' }>;
  /** The Chatwoot message id of the question (see chatwootMessageId). */
  answerTo?: number;
  /** For an email answer: the identity pair, so a contacts call on an inbox that enforces identity passes. */
  contact?: Omit<ContactDraft, 'sourceId'>;
}

export interface AnswerResult {
  /** The question as Chatwoot stored it, with its submitted values. */
  message: PublicMessage;
  identityRefused: boolean;
}

/** The question's Chatwoot id from a stored message's externalId: `<id>` or `<id>:<part>`. */
export const chatwootMessageId = (externalId: string | undefined): number | undefined => {
  const match = /^(\d{1,15})(?::\d+)?$/.exec(externalId ?? '');
  return match ? Number(match[1]) : undefined;
};

/** The public PATCH body's `submitted_values` for each kind of answer (docs/platforms/chatwoot.md#answers). */
export const submittedValues = (values: AnswerValues): SubmittedValues => {
  switch (values.type) {
    case 'select':
      return values.choices.map(({ title, value }) => ({ title, value }));
    case 'form':
      return values.fields.map(({ name, value }) => ({ name, value }));
    // Chatwoot's own widget always sends feedback_message, empty when the visitor wrote none.
    case 'csat':
      return { csat_survey_response: { rating: values.rating, feedback_message: values.feedback ?? '' } };
    // The public API cannot set submitted_email; the address is kept as the chosen value instead.
    case 'email':
      return [{ title: values.email, value: values.email }];
  }
};

const failure = (error: unknown, type: AnswerValues['type']): DeliveryError => {
  if (error instanceof DeliveryError) return error;
  if (!(error instanceof ChatwootError)) return new DeliveryError(error instanceof Error ? error.message : String(error), true);
  // Any 422 here is about this answer (a locked survey, an invalid email): sending it again cannot help.
  if (error.status === 422) {
    const detail = error.serverMessage ? ` (${error.serverMessage})` : '';
    const what = type === 'csat' ? `the rating was refused: Chatwoot closes a satisfaction survey 14 days after it was sent${detail}` : `Chatwoot refused the answer${detail}`;
    return new DeliveryError(what, false, 422);
  }
  if (error.vanished) return new DeliveryError('the question or its conversation is gone from Chatwoot (HTTP 404)', false, error.status);
  return new DeliveryError(error.message, error.retryable, error.status);
};

/**
 * Sends the visitor's answer to a question: PATCH the question's `submitted_values`; for an email, first set the
 * contact's email. The answer belongs to an existing conversation, so nothing is created here. Throws DeliveryError.
 */
export const deliverAnswer = async ({ client, state, body, answerTo, contact = {} }: AnswerOptions): Promise<AnswerResult> => {
  const { values } = body;
  if (answerTo === undefined || !Number.isSafeInteger(answerTo) || answerTo < 0) {
    throw new DeliveryError('the answer names no Chatwoot question (no message id)', false);
  }
  const { sourceId, conversationId } = state;
  if (!sourceId || conversationId === undefined) throw new DeliveryError('there is no Chatwoot conversation to answer in', false);
  let identityRefused = false;
  try {
    if (values.type === 'email') {
      const identity = contact.identifier && contact.identifierHash ? { identifier: contact.identifier, identifierHash: contact.identifierHash } : {};
      try {
        await client.updateContact(sourceId, { ...identity, email: values.email });
      } catch (error) {
        if (!(error instanceof ChatwootError && error.hmacRefused && 'identifier' in identity)) throw error;
        identityRefused = true;
        await client.updateContact(sourceId, { email: values.email });
      }
    }
    const message = await client.submitValues(sourceId, conversationId, answerTo, submittedValues(values));
    return { message, identityRefused };
  } catch (error) {
    throw failure(error, values.type);
  }
};
