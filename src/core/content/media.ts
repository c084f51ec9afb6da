/**
 * What Ghost's audio and video cards need to know about a local file, read from its bytes: that it
 * is what its name says, its duration in seconds, and a video's width and height. Read from the
 * containers' headers (MP4/M4A boxes, WAV chunks, MP3 frames); what cannot be read is left out.
 */

export interface MediaInfo { duration: number; width?: number; height?: number }

const ascii = (b: Uint8Array, at: number, s: string) => [...s].every((c, i) => b[at + i] === c.charCodeAt(0));
const u16be = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const u32be = (b: Uint8Array, i: number) => ((u16be(b, i) << 16) >>> 0) + u16be(b, i + 2);
const u32le = (b: Uint8Array, i: number) => ((b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16) | ((b[i + 3] ?? 0) << 24)) >>> 0;
const u64be = (b: Uint8Array, i: number) => u32be(b, i) * 2 ** 32 + u32be(b, i + 4);

/** Whether the bytes are the kind of file the extension says. */
export function mediaMatches(b: Uint8Array, ext: string): boolean {
  switch (ext) {
    case '.mp4': case '.m4a': return ascii(b, 4, 'ftyp');
    case '.webm': return b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3;
    case '.ogg': case '.ogv': return ascii(b, 0, 'OggS');
    case '.wav': return ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE');
    case '.mp3': return ascii(b, 0, 'ID3') || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0);
    default: return false;
  }
}

/** The boxes of an MP4 between `from` and `to`: type, start of content, end. */
function* boxes(b: Uint8Array, from: number, to: number): Generator<{ type: string; start: number; end: number }> {
  let i = from;
  while (i + 8 <= to) {
    let size = u32be(b, i);
    let header = 8;
    if (size === 1) { size = u64be(b, i + 8); header = 16; } else if (size === 0) { size = to - i; }
    if (size < header || i + size > to) { return; }
    yield { type: String.fromCharCode(b[i + 4] ?? 0, b[i + 5] ?? 0, b[i + 6] ?? 0, b[i + 7] ?? 0), start: i + header, end: i + size };
    i += size;
  }
}

function mp4(b: Uint8Array): MediaInfo | undefined {
  const moov = [...boxes(b, 0, b.length)].find((x) => x.type === 'moov');
  if (!moov) { return undefined; }
  let info: MediaInfo | undefined;
  for (const box of boxes(b, moov.start, moov.end)) {
    if (box.type === 'mvhd') {
      const v1 = b[box.start] === 1;
      const scale = u32be(b, box.start + (v1 ? 20 : 12));
      const length = v1 ? u64be(b, box.start + 24) : u32be(b, box.start + 16);
      if (scale > 0) { info = { ...info, duration: length / scale }; }
    }
    if (box.type === 'trak' && !info?.width) {
      const tkhd = [...boxes(b, box.start, box.end)].find((x) => x.type === 'tkhd');
      if (tkhd) {
        const at = tkhd.start + (b[tkhd.start] === 1 ? 88 : 76);
        const width = Math.round(u32be(b, at) / 65536);
        const height = Math.round(u32be(b, at + 4) / 65536);
        if (width > 0 && height > 0) { info = { duration: info?.duration ?? 0, width, height }; }
      }
    }
  }
  return info;
}

function wav(b: Uint8Array): MediaInfo | undefined {
  let byteRate = 0;
  for (let i = 12; i + 8 <= b.length;) {
    const size = u32le(b, i + 4);
    if (ascii(b, i, 'fmt ')) { byteRate = u32le(b, i + 16); }
    if (ascii(b, i, 'data')) { return byteRate > 0 ? { duration: Math.min(size, b.length - i - 8) / byteRate } : undefined; }
    i += 8 + size + (size % 2);
  }
  return undefined;
}

const MP3_KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];

/** An MP3's duration from its first frame's bit rate (exact for constant bit rates). */
function mp3(b: Uint8Array): MediaInfo | undefined {
  let i = 0;
  if (ascii(b, 0, 'ID3')) { i = 10 + (((b[6] ?? 0) & 0x7f) << 21 | ((b[7] ?? 0) & 0x7f) << 14 | ((b[8] ?? 0) & 0x7f) << 7 | ((b[9] ?? 0) & 0x7f)); }
  for (; i + 4 <= b.length; i++) {
    if (b[i] !== 0xff || ((b[i + 1] ?? 0) & 0xe0) !== 0xe0) { continue; }
    // MPEG-1 Layer III only: its bit-rate table is the one above.
    if (((b[i + 1] ?? 0) & 0x1e) !== 0x1a) { return undefined; }
    const kbps = MP3_KBPS[(b[i + 2] ?? 0) >> 4];
    return kbps ? { duration: (b.length - i) * 8 / (kbps * 1000) } : undefined;
  }
  return undefined;
}

export function mediaInfo(b: Uint8Array, ext: string): MediaInfo | undefined {
  switch (ext) {
    case '.mp4': case '.m4a': return mp4(b);
    case '.wav': return wav(b);
    case '.mp3': return mp3(b);
    default: return undefined;
  }
}
