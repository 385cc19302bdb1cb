export * from './message.ts';
export * from './api.ts';
