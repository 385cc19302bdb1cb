/**
 * JSON as PHP's json_encode writes it by default: `/` as `\/` and every non-ASCII UTF-16 unit as `\uXXXX`
 * (so an emoji becomes its surrogate pair). Both only occur inside strings, so a textual pass is exact.
 */
export const phpJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
