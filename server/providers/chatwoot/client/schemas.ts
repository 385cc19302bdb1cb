import { z } from 'zod';

// Written from what servers answer (docs/platforms/chatwoot.md#client-api), not from the swagger files. Loose
// objects: servers add fields over versions, and only what the relay reads is checked.

const Id = z.number().int().nonnegative();
const Text = z.string().nullish();

/** The public contact. Older servers answer PATCH with the full Contact record (no source_id), hence optional there. */
export const PublicContact = z.looseObject({
  source_id: z.string().min(1),
  pubsub_token: z.string().nullish(),
  id: Id,
  name: Text,
  email: Text,
  phone_number: Text,
});
export type PublicContact = z.infer<typeof PublicContact>;

/**
 * PATCH /contacts/{source_id} answers the public contact since ~4.16, the full Contact record before (no source_id,
 * no pubsub_token): both are accepted, and only the fields they share are relied on.
 */
export const UpdatedContact = z.looseObject({
  id: Id,
  source_id: z.string().min(1).optional(),
  pubsub_token: z.string().nullish(),
  name: Text,
  email: Text,
  phone_number: Text,
});
export type UpdatedContact = z.infer<typeof UpdatedContact>;

export const PublicAttachment = z.looseObject({
  id: Id.optional(),
  message_id: Id.optional(),
  file_type: z.string(),
  extension: Text,
  content_type: Text,
  data_url: Text,
  thumb_url: Text,
  file_size: z.number().nullish(),
  coordinates_lat: z.number().nullish(),
  coordinates_long: z.number().nullish(),
  fallback_title: Text,
});
export type PublicAttachment = z.infer<typeof PublicAttachment>;

/** The public message: `message_type` 0 incoming, 1 outgoing, 2 activity, 3 template; `created_at` unix seconds. */
export const PublicMessage = z.looseObject({
  id: Id,
  content: Text,
  message_type: z.number().int().min(0).max(3),
  content_type: z.string().nullish(),
  content_attributes: z.record(z.string(), z.unknown()).nullish(),
  created_at: z.number(),
  conversation_id: Id.optional(),
  // Absent (not null) when empty.
  attachments: z.array(PublicAttachment).optional(),
  sender: z.looseObject({ id: Id.optional(), name: Text, type: z.string().optional() }).nullish(),
});
export type PublicMessage = z.infer<typeof PublicMessage>;

export const ConversationStatus = z.enum(['open', 'resolved', 'pending', 'snoozed']);

/** The public conversation; `id` is the display_id used in every public URL. */
export const PublicConversation = z.looseObject({
  id: Id,
  uuid: z.string().optional(),
  inbox_id: Id.optional(),
  status: z.string(),
  contact_last_seen_at: z.number().nullish(),
  agent_last_seen_at: z.number().nullish(),
  messages: z.array(PublicMessage).optional(),
});
export type PublicConversation = z.infer<typeof PublicConversation>;

/**
 * The public inbox (docs/platforms/chatwoot.md#client-api): its name, timezone and working hours. Upstream renders no
 * welcome or greeting text here; a fork or newer server that adds `welcome_title`, `welcome_tagline` or
 * `greeting_message` is read too. Every field is optional: what is missing or malformed is simply not shown.
 */
export const PublicInbox = z.looseObject({
  name: z.string().optional().catch(undefined),
  timezone: z.string().optional().catch(undefined),
  working_hours_enabled: z.boolean().optional().catch(undefined),
  working_hours: z.array(z.unknown()).optional().catch(undefined),
  greeting_enabled: z.boolean().optional().catch(undefined),
  greeting_message: z.string().nullish().catch(undefined),
  welcome_title: z.string().nullish().catch(undefined),
  welcome_tagline: z.string().nullish().catch(undefined),
});
export type PublicInbox = z.infer<typeof PublicInbox>;

/** The message list endpoint: latest 20 (or 20 before `before`), ascending. */
export const PublicMessageList = z.array(PublicMessage);
