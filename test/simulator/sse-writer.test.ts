import { describe, expect, it } from 'vitest';
import { split } from '../../src/simulator/sse-writer.js';

const frame = Buffer.from('event: thread.message.delta\ndata: {"value":"Grüße 👋 é"}\n\n');
const strict = new TextDecoder('utf-8', { fatal: true });

describe('chunking of simulated streams', () => {
  it('one_byte: every write is a single byte, and together they are the frame', () => {
    const parts = split(frame, 'one_byte');
    expect(parts.every((p) => p.length === 1)).toBe(true);
    expect(Buffer.concat(parts)).toEqual(frame);
  });

  it('mid_char: every multi-byte character is split across two writes', () => {
    const parts = split(frame, 'mid_char');
    expect(Buffer.concat(parts)).toEqual(frame);
    // ü, ß, 👋 and é: one cut inside each, so no part but the first decodes on its own.
    expect(parts).toHaveLength(5);
    for (const part of parts.slice(1)) expect(() => strict.decode(part)).toThrow();
  });

  it('mid_char: a frame without multi-byte characters is still split in two', () => {
    const ascii = Buffer.from('event: done\ndata: [DONE]\n\n');
    const parts = split(ascii, 'mid_char');
    expect(parts).toHaveLength(2);
    expect(Buffer.concat(parts)).toEqual(ascii);
  });

  it('random: splits into non-empty parts that together are the frame', () => {
    for (let round = 0; round < 50; round++) {
      const parts = split(frame, 'random');
      expect(parts.every((p) => p.length > 0)).toBe(true);
      expect(Buffer.concat(parts)).toEqual(frame);
    }
  });
});
