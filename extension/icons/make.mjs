// Draws the toolbar/store icons (a dark tile with three highlight bars in
// the actor colours) as PNGs, so no binary comes from elsewhere.
// Run: node extension/icons/make.mjs   (writes 16/32/48/128.png beside it)
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const TILE = [31, 42, 68];
const BARS = [ // [y0, y1, x0, x1] in units of 1/16 of the icon, colour
  [[3.5, 5.5, 3, 13], [255, 193, 7]],
  [[7, 9, 3, 10.5], [91, 141, 239]],
  [[10.5, 12.5, 3, 12], [52, 168, 83]],
];

function inRounded(x, y, r) { // unit square with corner radius r
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function draw(size) {
  const out = Buffer.alloc(size * size * 4);
  const S = 4; // supersampling
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const x = (px + (sx + 0.5) / S) / size;
          const y = (py + (sy + 0.5) / S) / size;
          if (!inRounded(x, y, 0.2)) continue;
          let col = TILE;
          for (const [[y0, y1, x0, x1], c] of BARS) {
            if (y * 16 >= y0 && y * 16 < y1 && x * 16 >= x0 && x * 16 < x1) col = c;
          }
          r += col[0]; g += col[1]; b += col[2]; a += 255;
        }
      }
      const n = S * S;
      const o = (py * size + px) * 4;
      const cov = a / 255;
      out[o] = cov ? r / cov : 0; out[o + 1] = cov ? g / cov : 0; out[o + 2] = cov ? b / cov : 0; out[o + 3] = a / n;
    }
  }
  return out;
}

for (const size of [16, 32, 48, 128]) writeFileSync(join(here, `${size}.png`), png(size, draw(size)));
