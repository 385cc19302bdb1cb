export { createChatwootClient, MAX_ATTACHMENTS, type ChatwootClient, type ChatwootClientOptions, type ContactDraft, type FilePart, type MessageDraft } from './client/index.ts';
export { ChatwootError, isChatwootError, type ChatwootErrorKind } from './client/errors.ts';
export { deliverToChatwoot, type ChatwootVisitorState, type DeliverOptions, type DeliverResult } from './delivery/index.ts';
export { parseCallback, type ChatwootRoute, type ChatwootSignal, type ParsedMessage, type ParseResult } from './parse.ts';
export {
  DELIVERY_HEADER,
  identifierHash,
  MAX_SKEW_SECONDS,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  verifyWebhook,
  type SignatureMode,
  type VerifyResult,
} from './signature.ts';
export { PublicAttachment, PublicContact, PublicConversation, PublicMessage } from './client/schemas.ts';
