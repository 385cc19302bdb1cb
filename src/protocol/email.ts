/**
 * What counts as an email address: dot-separated labels after the @, so the check is linear in the length (no
 * backtracking on hostile input). Apart from the schemas so the widget can use it without bundling zod.
 */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;
