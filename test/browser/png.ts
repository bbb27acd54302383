/**
 * Just enough of a PNG decoder (8-bit RGB/RGBA, non-interlaced: what Chromium writes) to look at
 * a screenshot's pixels: IHDR, the IDAT stream through zlib, and the five scanline filters of
 * the PNG spec (https://www.w3.org/TR/png/#9Filters).
 */
import {inflateSync} from 'node:zlib'

export interface Pixels {
  width: number
  height: number
  /** RGBA or RGB bytes, row after row. */
  data: Uint8Array
  channels: number
}

export function decodePng(png: Buffer): Pixels {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG')
  let offset = 8
  let width = 0
  let height = 0
  let channels = 0
  const idat: Buffer[] = []
  while (offset < png.length) {
    const length = png.readUInt32BE(offset)
    const type = png.toString('latin1', offset + 4, offset + 8)
    const body = png.subarray(offset + 8, offset + 8 + length)
    if (type === 'IHDR') {
      width = body.readUInt32BE(0)
      height = body.readUInt32BE(4)
      const [depth, colorType, , , interlace] = [body[8], body[9], body[10], body[11], body[12]]
      if (depth !== 8 || interlace !== 0 || (colorType !== 2 && colorType !== 6)) throw new Error(`unsupported PNG (depth ${depth}, color ${colorType})`)
      channels = colorType === 6 ? 4 : 3
    } else if (type === 'IDAT') idat.push(body)
    else if (type === 'IEND') break
    offset += 12 + length
  }
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * channels
  const data = new Uint8Array(stride * height)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1))
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? data[y * stride + x - channels]! : 0
      const b = y > 0 ? data[(y - 1) * stride + x]! : 0
      const c = x >= channels && y > 0 ? data[(y - 1) * stride + x - channels]! : 0
      const predictor = filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : paeth(a, b, c)
      data[y * stride + x] = (line[x]! + predictor) & 0xff
    }
  }
  return {width, height, data, channels}
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c
  const pa = Math.abs(p - a)
  const pb = Math.abs(p - b)
  const pc = Math.abs(p - c)
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
}

/** Distinct colours and the share of pixels that differ from the most common one (the background). */
export function pixelVariety(p: Pixels): {colors: number; nonBackground: number} {
  const counts = new Map<number, number>()
  for (let i = 0; i < p.data.length; i += p.channels) {
    const key = (p.data[i]! << 16) | (p.data[i + 1]! << 8) | p.data[i + 2]!
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  const total = p.width * p.height
  const background = Math.max(...counts.values())
  return {colors: counts.size, nonBackground: (total - background) / total}
}
