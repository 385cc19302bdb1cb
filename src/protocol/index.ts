export * from './message.ts';
export * from './api.ts';
export * from './uploads.ts';
export * from './url.ts';
export * from './email.ts';
export * from './inbox.ts';
