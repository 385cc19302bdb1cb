export interface ToneOptions {
  sampleRate?: number;
  seconds?: number;
  frequency?: number;
}

/** A 16-bit PCM mono WAV sine tone with 50 ms fades (no clicks at either end). */
export const toneWav = ({ sampleRate = 8000, seconds = 1, frequency = 440 }: ToneOptions = {}): Buffer => {
  const samples = Math.round(sampleRate * seconds);
  const fade = Math.round(sampleRate * 0.05);
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'latin1');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVE', 8, 'latin1');
  wav.write('fmt ', 12, 'latin1');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28); // byte rate
  wav.writeUInt16LE(2, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'latin1');
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    const envelope = Math.min(1, i / fade, (samples - 1 - i) / fade);
    wav.writeInt16LE(Math.round(Math.sin((2 * Math.PI * frequency * i) / sampleRate) * envelope * 0.5 * 32767), 44 + i * 2);
  }
  return wav;
};
