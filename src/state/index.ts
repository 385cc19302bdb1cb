export { createChat, MAX_LENGTH, type Chat, type ChatOptions, type ConnectionState } from './chat.ts';
export { createTranscript, type ChatItem, type MessageStatus, type Transcript } from './transcript.ts';
