import type { Body, Choice, Rating } from '../../../../src/protocol/index.ts';
import { asText, cap, httpUrl, isRecord } from '../../values.ts';
import { email, items, label, list, unsupported } from './values.ts';

// Chatwoot's questions and lists (docs/platforms/chatwoot.md#content) as the widget's Bodies. Each one that cannot be
// drawn and answered exactly as Chatwoot asks becomes a readable summary, never nothing.

const MAX_CHOICES = 50;
const MAX_ARTICLES = 20;

/** What the visitor already answered, for the summaries. */
const answered = (attributes: Record<string, unknown>): string | undefined => {
  const values = attributes['submitted_values'];
  if (Array.isArray(values) && values.length > 0) return `Answered: ${list(values.filter(isRecord).map((value) => label(value['title']) ?? label(value['value'])))}`;
  if (isRecord(values) && values['csat_survey_response'] !== undefined) {
    const response = values['csat_survey_response'];
    return `Rated: ${(isRecord(response) && asText(response['rating'])) || '?'}`;
  }
  return label(attributes['submitted_email']) ? `Answered: ${label(attributes['submitted_email'])}` : undefined;
};

/** `{title, value}`; the value goes back to Chatwoot unchanged, so one too long for the widget spoils the item. */
const choice = (raw: unknown): Choice | undefined => {
  if (!isRecord(raw)) return undefined;
  const title = label(raw['title']) ?? label(raw['value']);
  const value = asText(raw['value']) ?? title;
  return title && value !== undefined && value.length <= 1000 ? { title: cap(title, 1000), value } : undefined;
};

/** A list of choices: undefined when empty or absent, null when any entry is unreadable. */
const choices = (values: unknown): Choice[] | null | undefined => {
  if (values === undefined || values === null || (Array.isArray(values) && values.length === 0)) return undefined;
  if (!Array.isArray(values) || values.length > MAX_CHOICES) return null;
  const parsed = values.map(choice);
  return parsed.some((item) => item === undefined) ? null : (parsed as Choice[]);
};

/** `input_select`: content is the question, items the options; submitted_values the chosen one(s). */
export const selectBody = (text: string, attributes: Record<string, unknown>): Body => {
  const options = choices(attributes['items']);
  const answer = choices(attributes['submitted_values']);
  if (!options || answer === null) {
    return unsupported(text, `Options: ${list(items(attributes).map((item) => label(item['title']) ?? label(item['value'])))}`, answered(attributes));
  }
  return { kind: 'select', text, options, ...(answer ? { answer } : {}) };
};

/**
 * `input_email`: Chatwoot's own widget sets `submitted_email`; through the public API (this relay) the address
 * is stored as `submitted_values: [{title: email, value: email}]`, so both count as the answer.
 */
export const emailBody = (text: string, attributes: Record<string, unknown>): Body => {
  const given = attributes['submitted_email'] ?? (Array.isArray(attributes['submitted_values']) ? attributes['submitted_values'].find(isRecord)?.['value'] : undefined);
  if (given === undefined || given === null || given === '') return { kind: 'email', text };
  const answer = email(given);
  return answer ? { kind: 'email', text, answer } : unsupported(text, 'Asks for your email address', answered(attributes));
};

const SURVEY_LINK = /^https?:\/\/\S+\/survey\/responses\/[\w-]+\/?$/;

/**
 * On API inboxes the content ends with the hosted survey page (docs/platforms/chatwoot.md#callbacks); the widget
 * draws the survey itself. Only the last word is matched (anchored), so a long hostile text costs one pass.
 */
const withoutSurveyLink = (content: string): string => {
  const text = content.trimEnd();
  const start = Math.max(text.lastIndexOf(' '), text.lastIndexOf('\n'), text.lastIndexOf('\t')) + 1;
  if (!SURVEY_LINK.test(text.slice(start))) return content;
  let end = start;
  while (end > 0 && /[\s,:]/.test(text.charAt(end - 1))) end -= 1;
  return text.slice(0, end);
};

const rating = (raw: Record<string, unknown>): Rating | undefined => {
  const value = typeof raw['rating'] === 'string' && /^\d$/.test(raw['rating']) ? Number(raw['rating']) : raw['rating'];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 5) return undefined;
  const feedback = label(raw['feedback_message']);
  return { rating: value, ...(feedback ? { feedback: cap(feedback, 5000) } : {}) };
};

/** `input_csat`: emoji (default) or star display; `submitted_values.csat_survey_response` once rated. */
export const csatBody = (content: string, attributes: Record<string, unknown>): Body => {
  const text = withoutSurveyLink(content);
  const display = attributes['display_type'] === 'star' ? 'star' : 'emoji';
  const values = attributes['submitted_values'];
  const response = isRecord(values) ? values['csat_survey_response'] : undefined;
  if (response === undefined || response === null) return { kind: 'csat', text, display };
  const answer = isRecord(response) ? rating(response) : undefined;
  return answer ? { kind: 'csat', text, display, answer } : unsupported(content || 'Please rate this conversation', answered(attributes));
};

type Article = Extract<Body, { kind: 'articles' }>['items'][number];

const article = (raw: Record<string, unknown>): Article | undefined => {
  const url = httpUrl(raw['link']);
  if (!url) return undefined;
  const description = label(raw['description']);
  return { title: cap(label(raw['title']) ?? url, 1000), ...(description ? { description: cap(description, 2000) } : {}), url };
};

/** `article`: help-center links; only http(s) links are kept, a list with none (or too many) is summarised. */
export const articlesBody = (text: string, attributes: Record<string, unknown>): Body => {
  const found = items(attributes)
    .map(article)
    .filter((item): item is Article => item !== undefined);
  if (found.length === 0 || found.length > MAX_ARTICLES) {
    return unsupported(text, ...items(attributes).map((item) => list([label(item['title']), httpUrl(item['link'])])));
  }
  return { kind: 'articles', text, items: found };
};

/** `integrations` (e.g. a Dyte video call card): nothing the widget can join, so a readable line. */
export const integrationSummary = (text: string, attributes: Record<string, unknown>): Body => {
  const type = label(attributes['type']);
  const what = type?.toLowerCase() === 'dyte' ? 'A video call invitation' : 'An integration message';
  return unsupported(`${what} that this chat cannot show${type ? ` (${cap(type, 60)})` : ''}`, text);
};
