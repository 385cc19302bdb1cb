export { createApi, endpoint, RequestError, type Api, type ApiOptions, type HistoryQuery, type TokenStorage } from './api.ts';
export { backoff, newClientId, sleep } from './backoff.ts';
export { isHttpUrl, toBody, toMessage } from './guards.ts';
export { createSender, isRetryable, type SenderOptions } from './sender.ts';
export { createSseParser, type SseEvent, type SseParser } from './sse.ts';
export { createStream, toStreamEvent, type StreamOptions, type StreamState } from './stream.ts';
