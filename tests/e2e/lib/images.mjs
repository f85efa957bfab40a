// images.mjs — small test images made in JavaScript (no image library):
// PNGs of any size (also with alpha), a PNG header that claims 30000×30000
// pixels, a 1×1 WebP, EXIF spliced into a JPEG, and the bad uploads (GIF,
// SVG, text). JPEGs come from plein itself: the photo it serves is one.
import { deflateSync, crc32 } from 'node:zlib';

const PNG_SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type, data) {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(td) >>> 0);
	return Buffer.concat([len, td, crc]);
}

function ihdr(w, h, colorType) {
	const b = Buffer.alloc(13);
	b.writeUInt32BE(w, 0);
	b.writeUInt32BE(h, 4);
	b[8] = 8; // bit depth
	b[9] = colorType; // 2: RGB, 6: RGBA
	return b;
}

/** A w×h PNG; pixel(x, y) returns [r, g, b] or [r, g, b, a]. */
export function png(w, h, pixel = (x, y) => [x % 256, y % 256, (x + y) % 256], { alpha = false } = {}) {
	const bpp = alpha ? 4 : 3;
	const raw = Buffer.alloc(h * (1 + w * bpp));
	let o = 0;
	for (let y = 0; y < h; y++) {
		raw[o++] = 0; // filter: none
		for (let x = 0; x < w; x++) {
			const p = pixel(x, y);
			for (let i = 0; i < bpp; i++) raw[o++] = p[i] ?? 255;
		}
	}
	return Buffer.concat([PNG_SIG, chunk('IHDR', ihdr(w, h, alpha ? 6 : 2)),
		chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A tiny valid PNG whose header claims width × height (a decompression bomb). */
export function pngBomb(width = 30000, height = 30000) {
	const row = Buffer.alloc(1 + 3 * 16); // a few bytes of real data; the header is what matters
	return Buffer.concat([PNG_SIG, chunk('IHDR', ihdr(width, height, 2)), chunk('IDAT', deflateSync(row)),
		chunk('IEND', Buffer.alloc(0))]);
}

/** 1×1 lossless WebP. */
export const WEBP_1X1 = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');

/** A JPEG with an EXIF block (APP1) carrying `secret` as ImageDescription, right after SOI. */
export function jpegWithExif(jpeg, secret = 'secret-gps-52.37N-4.89E') {
	const text = Buffer.from(secret + '\0', 'ascii');
	// TIFF, little-endian: header, IFD0 with one ASCII entry, no next IFD, then the text
	const tiff = Buffer.alloc(8 + 2 + 12 + 4);
	tiff.write('II', 0, 'ascii');
	tiff.writeUInt16LE(42, 2);
	tiff.writeUInt32LE(8, 4);
	tiff.writeUInt16LE(1, 8);
	tiff.writeUInt16LE(0x010e, 10); // ImageDescription
	tiff.writeUInt16LE(2, 12); // ASCII
	tiff.writeUInt32LE(text.length, 14);
	tiff.writeUInt32LE(tiff.length, 18); // the text follows the IFD
	tiff.writeUInt32LE(0, 22);
	const body = Buffer.concat([Buffer.from('Exif\0\0', 'binary'), tiff, text]);
	const seg = Buffer.alloc(4);
	seg[0] = 0xff;
	seg[1] = 0xe1;
	seg.writeUInt16BE(body.length + 2, 2);
	return Buffer.concat([jpeg.subarray(0, 2), seg, body, jpeg.subarray(2)]);
}

/** The markers of a JPEG's header segments (up to the start of scan). */
export function jpegMarkers(buf) {
	const out = [];
	let i = 2;
	while (i + 4 <= buf.length) {
		if (buf[i] !== 0xff) throw new Error(`not a marker at ${i}`);
		const m = buf[i + 1];
		out.push(m);
		if (m === 0xda) break;
		i += 2 + buf.readUInt16BE(i + 2);
	}
	return out;
}

/** Width and height from a JPEG's SOF segment. */
export function jpegSize(buf) {
	let i = 2;
	while (i + 9 <= buf.length) {
		const m = buf[i + 1];
		if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc)
			return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
		i += 2 + buf.readUInt16BE(i + 2);
	}
	return null;
}

export const GIF_1X1 = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
export const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
export const TEXT = Buffer.from('Just some text in a file called photo.jpg\n');
