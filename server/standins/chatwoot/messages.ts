import { fieldsOf, type PublicAnswer, type PublicContext, type PublicRequest } from './contacts.ts';
import { setStatus } from './status.ts';
import { notFound } from './http.ts';
import type { Conversation } from './state.ts';
import { unixNow } from './state.ts';

export const MAX_CONTENT = 150_000;
export const MAX_ATTACHMENTS = 15;
export const PAGE_SIZE = 20;
const CSAT_LOCK_SECONDS = 14 * 24 * 3600;

type Scalar = string | number | boolean | null;
const isScalar = (value: unknown): value is Scalar => value === null || ['string', 'number', 'boolean'].includes(typeof value);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const pick = (value: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.filter((key) => isScalar(value[key])).map((key) => [key, value[key]]));

/**
 * Rails' `permit(submitted_values: [:name, :title, :value, {csat_survey_response: [:feedback_message, :rating]}])`:
 * an array of `{name|title|value}` (select, form) or one object (CSAT); other keys and shapes are dropped.
 */
export const permitSubmitted = (value: unknown): unknown => {
  const one = (item: Record<string, unknown>) => {
    const kept: Record<string, unknown> = pick(item, ['name', 'title', 'value']);
    if (isObject(item['csat_survey_response'])) kept['csat_survey_response'] = pick(item['csat_survey_response'], ['feedback_message', 'rating']);
    return kept;
  };
  if (Array.isArray(value)) return value.filter(isObject).map(one);
  return isObject(value) ? one(value) : undefined;
};

const invalid = (message: string, attribute: string): PublicAnswer => ({ status: 422, json: { message, attributes: [attribute] } });

/** Routes under …/conversations/{id}/messages (docs/platforms/chatwoot.md#client-api, #answers). */
export const handleMessages = (context: PublicContext, request: PublicRequest, conversation: Conversation): PublicAnswer | undefined => {
  const { state, shapes } = context;
  const { method, segments } = request;
  if (segments.length === 5 && method === 'GET') {
    const before = Number(request.query.get('before') ?? Number.POSITIVE_INFINITY);
    const chat = state.messages.filter((m) => m.conversation_id === conversation.id && shapes.isChat(m) && m.id < before);
    return { status: 200, json: chat.slice(-PAGE_SIZE).map(shapes.publicMessage) };
  }
  if (segments.length === 5 && method === 'POST') {
    const fields = fieldsOf(request.body);
    const content = typeof fields['content'] === 'string' ? fields['content'] : null;
    const files = request.body.files.filter(({ field }) => field === 'attachments[]' || field === 'attachments').map(({ file }) => file);
    if (content !== null && content.length > MAX_CONTENT) return invalid(`Content is too long (maximum is ${MAX_CONTENT} characters)`, 'content');
    if (files.length > MAX_ATTACHMENTS) return invalid(`Attachments exceeded the limit of ${MAX_ATTACHMENTS}`, 'attachments');
    // An incoming message reopens a resolved or snoozed conversation; echo_id is never stored.
    if (conversation.status === 'resolved' || conversation.status === 'snoozed') setStatus(context, conversation, 'open');
    const message = state.addMessage({ conversation_id: conversation.id, content, message_type: 0, sender: 'contact' }, files);
    conversation.updated_at = unixNow();
    // The relay's own message comes back on the inbox webhook as message_type "incoming".
    context.emit(shapes.messageWebhook('message_created', message));
    return { status: 200, json: shapes.publicMessage(message) };
  }
  if (segments.length === 6 && method === 'PATCH') {
    const message = state.messages.find((m) => m.id === Number(segments[5]) && m.conversation_id === conversation.id && shapes.isChat(m));
    if (!message || !/^\d+$/.test(segments[5] ?? '')) throw notFound();
    if (message.content_type === 'input_csat' && unixNow() - message.created_at > CSAT_LOCK_SECONDS) {
      return { status: 422, json: { error: 'You cannot update the CSAT survey after 14 days' } };
    }
    // Stored on the question itself; Chatwoot's widget hides the inputs once submitted_values is there.
    const submitted = permitSubmitted(fieldsOf(request.body)['submitted_values']);
    if (submitted !== undefined) {
      message.content_attributes = { ...message.content_attributes, submitted_values: submitted };
      context.emit(shapes.messageWebhook('message_updated', message));
    }
    return { status: 200, json: shapes.publicMessage(message) };
  }
  return undefined;
};
