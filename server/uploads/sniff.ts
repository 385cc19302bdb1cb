/** How much of the start of a file the checks below look at. */
export const SNIFF_BYTES = 1024;

type Check = (head: Buffer) => boolean;

const at =
  (offset: number, ...signatures: (string | number[])[]): Check =>
  (head) =>
    signatures.some((signature) => {
      const bytes = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : Buffer.from(signature);
      return head.length >= offset + bytes.length && head.subarray(offset, offset + bytes.length).equals(bytes);
    });
const all =
  (...checks: Check[]): Check =>
  (head) =>
    checks.every((check) => check(head));
const any =
  (...checks: Check[]): Check =>
  (head) =>
    checks.some((check) => check(head));
// MPEG audio frame sync: 11 set bits (MP3); ADTS (AAC): 12 set bits and layer 00.
const mpegFrame: Check = (head) => head.length >= 2 && head[0] === 0xff && (head[1]! & 0xe0) === 0xe0;
const adtsFrame: Check = (head) => head.length >= 2 && head[0] === 0xff && (head[1]! & 0xf6) === 0xf0;
const riff = (form: string) => all(at(0, 'RIFF'), at(8, form));
const ebml = at(0, [0x1a, 0x45, 0xdf, 0xa3]);
const ogg = at(0, 'OggS');
const isoMedia = at(4, 'ftyp');

/**
 * The leading bytes each type must start with, for the types that have a fixed signature (images, audio and
 * video the browser will decode, PDF). A script or page declared as one of them is refused. Text and office
 * types have no reliable signature and are not checked; they are always served as downloads.
 */
const SIGNATURES: Readonly<Record<string, Check>> = {
  'image/png': at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/jpeg': at(0, [0xff, 0xd8, 0xff]),
  'image/gif': at(0, 'GIF87a', 'GIF89a'),
  'image/webp': riff('WEBP'),
  'audio/wav': riff('WAVE'),
  'audio/x-wav': riff('WAVE'),
  'audio/webm': ebml,
  'video/webm': ebml,
  'audio/ogg': ogg,
  'video/ogg': ogg,
  'audio/mp4': isoMedia,
  'video/mp4': isoMedia,
  'video/quicktime': at(4, 'ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot'),
  'audio/mpeg': any(at(0, 'ID3'), mpegFrame),
  'audio/aac': any(at(0, 'ID3', 'ADIF'), adtsFrame),
  // Readers accept the header anywhere in the first kilobyte.
  'application/pdf': (head) => head.subarray(0, SNIFF_BYTES).includes('%PDF-', 0, 'latin1'),
};

/** Whether a type's content is checked at all. */
export const hasSignature = (mime: string): boolean => Object.hasOwn(SIGNATURES, mime);

/** Whether the start of a file (up to SNIFF_BYTES of it) fits its declared type; true for unchecked types. */
export const sniffMatches = (mime: string, head: Buffer): boolean => !hasSignature(mime) || SIGNATURES[mime]!(head);
