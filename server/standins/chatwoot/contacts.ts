import { notFound, type ParsedBody } from './http.ts';
import { checkIdentity, type IdentityOptions } from './identity.ts';
import type { Shapes } from './shapes.ts';
import type { ContactInbox, StandinState } from './state.ts';

export interface PublicRequest {
  method: string;
  /** Path segments below /public/api/v1/inboxes/{inbox_identifier}. */
  segments: string[];
  query: URLSearchParams;
  body: ParsedBody;
}

/** `json` undefined = an empty 200 body (`head :ok`). */
export interface PublicAnswer {
  status: number;
  json?: unknown;
}

export interface PublicContext {
  state: StandinState;
  shapes: Shapes;
  identity: IdentityOptions;
  emit(payload: { event: string } & Record<string, unknown>): void;
}

/** JSON body or multipart text fields, as one record. */
export const fieldsOf = (body: ParsedBody): Record<string, unknown> =>
  body.json && typeof body.json === 'object' && !Array.isArray(body.json) ? (body.json as Record<string, unknown>) : body.fields;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const record = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

export const findContactInbox = (state: StandinState, sourceId: string | undefined): ContactInbox => {
  const row = state.contactInboxes.find((ci) => ci.source_id === sourceId);
  if (!row) throw notFound();
  return row;
};

const contactOfRow = (state: StandinState, row: ContactInbox) => {
  const contact = state.contacts.find((c) => c.id === row.contact_id);
  if (!contact) throw notFound();
  return contact;
};

/** POST /contacts finds or creates (docs/platforms/chatwoot.md#server-behaviour): by source_id, then identifier, email, phone_number; else a new contact. */
const createContact = ({ state, shapes, identity }: PublicContext, fields: Record<string, unknown>): PublicAnswer => {
  checkIdentity(identity, fields); // on create the pair is only checked, never flagged
  const sourceId = text(fields['source_id']);
  const existing = state.contactInboxes.find((ci) => ci.source_id === sourceId);
  if (existing) return { status: 200, json: shapes.publicContact(existing, contactOfRow(state, existing)) };
  const identifier = text(fields['identifier']);
  const email = text(fields['email']);
  const phone = text(fields['phone_number']);
  const contact =
    (identifier && state.contacts.find((c) => c.identifier === identifier)) ||
    (email && state.contacts.find((c) => c.email === email)) ||
    (phone && state.contacts.find((c) => c.phone_number === phone)) ||
    state.addContact({ name: text(fields['name']), email, phone_number: phone, identifier, custom_attributes: record(fields['custom_attributes']) });
  const row = state.addContactInbox(contact.id, sourceId);
  return { status: 200, json: shapes.publicContact(row, contact) };
};

/** GET/PATCH /contacts/{source_id}: a valid pair marks the contact_inbox hmac_verified; PATCH never saves `identifier`. */
const showOrUpdate = ({ state, shapes, identity }: PublicContext, method: string, sourceId: string, fields: Record<string, unknown>): PublicAnswer => {
  const row = findContactInbox(state, sourceId);
  const contact = contactOfRow(state, row);
  if (checkIdentity(identity, fields)) row.hmac_verified = true;
  if (method === 'PATCH') {
    const name = text(fields['name']);
    const email = text(fields['email']);
    // The Contact model's email format validation: a 422 with the error and its attribute.
    if (email && !EMAIL.test(email)) return { status: 422, json: { message: 'Email Invalid email', attributes: ['email'] } };
    const phone = text(fields['phone_number']);
    if (name) contact.name = name;
    if (email) contact.email = email;
    if (phone) contact.phone_number = phone;
    const custom = record(fields['custom_attributes']);
    if (custom) contact.custom_attributes = { ...contact.custom_attributes, ...custom };
    contact.updated_at = new Date().toISOString();
  }
  return { status: 200, json: shapes.publicContact(row, contact) };
};

/** The contacts routes; answers undefined for paths that are not theirs. */
export const handleContacts = (context: PublicContext, request: PublicRequest): PublicAnswer | undefined => {
  const { method, segments } = request;
  if (segments.length === 1 && method === 'POST') return createContact(context, fieldsOf(request.body));
  if (segments.length === 2 && (method === 'GET' || method === 'PATCH')) {
    const fields = method === 'GET' ? Object.fromEntries(request.query) : fieldsOf(request.body);
    return showOrUpdate(context, method, segments[1]!, fields);
  }
  return undefined;
};
