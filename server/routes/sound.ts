import type { Context } from '../http/router.ts';

const RATE = 11_025;

/**
 * The widget's reply sound: two short soft notes (E6 then B5), 8-bit mono PCM, about 2 KB. Made here rather than
 * shipped as a file: nothing to package, and the same bytes every time.
 */
export const chimeWav = (): Buffer => {
  const notes = [
    [1318.5, 0.07],
    [987.8, 0.11],
  ] as const;
  const samples = notes.flatMap(([frequency, seconds]) => {
    const n = Math.round(RATE * seconds);
    return Array.from({ length: n }, (_, i) => {
      // A quick attack and an exponential fade: a chime, not a beep.
      const envelope = Math.min(1, i / (RATE * 0.004)) * Math.exp((-4 * i) / n);
      return Math.round(128 + 40 * envelope * Math.sin((2 * Math.PI * frequency * i) / RATE));
    });
  });
  const wav = Buffer.alloc(44 + samples.length);
  wav.write('RIFF', 0, 'latin1');
  wav.writeUInt32LE(36 + samples.length, 4);
  wav.write('WAVEfmt ', 8, 'latin1');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(RATE, 24);
  wav.writeUInt32LE(RATE, 28); // byte rate
  wav.writeUInt16LE(1, 32); // block align
  wav.writeUInt16LE(8, 34); // bits per sample
  wav.write('data', 36, 'latin1');
  wav.writeUInt32LE(samples.length, 40);
  Buffer.from(samples).copy(wav, 44);
  return wav;
};

/** GET /sounds/message.wav — the sound the widget plays for a reply when the site turned it on (`data-sound="on"`). */
export const createSoundRoute = () => {
  const chime = chimeWav();
  return ({ req, res }: Context) => {
    res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': chime.length, 'cache-control': 'public, max-age=86400' });
    res.end(req.method === 'HEAD' ? undefined : chime);
  };
};
