// Which files a ticket may carry, decided by their first bytes (magic numbers), never by the name
// or the type the browser guessed: a Windows program renamed photo.jpg is still refused. The same
// check runs in the renderer (before reading the whole file), in the workstation and on the API.

export type AttachmentKind = 'image' | 'pdf' | 'audio' | 'office';

export interface AttachmentType {
  kind: AttachmentKind;
  mime: string;
  /** File name endings that may carry these bytes. */
  extensions: readonly string[];
}

/** How many leading bytes sniffing needs (the renderer reads only these before the whole file). */
export const SNIFF_BYTES = 64;

const ascii = (bytes: Uint8Array, at: number, text: string) => [...text].every((char, i) => bytes[at + i] === char.charCodeAt(0));
const starts = (bytes: Uint8Array, magic: readonly number[]) => magic.every((byte, i) => bytes[i] === byte);

const TYPES: readonly (AttachmentType & { test(bytes: Uint8Array): boolean })[] = [
  { kind: 'image', mime: 'image/jpeg', extensions: ['jpg', 'jpeg'], test: (b) => starts(b, [0xff, 0xd8, 0xff]) },
  { kind: 'image', mime: 'image/png', extensions: ['png'], test: (b) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { kind: 'image', mime: 'image/gif', extensions: ['gif'], test: (b) => ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a') },
  { kind: 'image', mime: 'image/webp', extensions: ['webp'], test: (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP') },
  { kind: 'image', mime: 'image/bmp', extensions: ['bmp'], test: (b) => ascii(b, 0, 'BM') && b.length >= 26 },
  { kind: 'image', mime: 'image/tiff', extensions: ['tif', 'tiff'], test: (b) => starts(b, [0x49, 0x49, 0x2a, 0x00]) || starts(b, [0x4d, 0x4d, 0x00, 0x2a]) },
  // Phone cameras: HEIC/HEIF (ISO base media with an image brand).
  { kind: 'image', mime: 'image/heic', extensions: ['heic', 'heif'], test: (b) => ascii(b, 4, 'ftyp') && ['heic', 'heix', 'mif1', 'msf1', 'heis'].some((brand) => ascii(b, 8, brand)) },
  { kind: 'pdf', mime: 'application/pdf', extensions: ['pdf'], test: (b) => ascii(b, 0, '%PDF-') },
  { kind: 'audio', mime: 'audio/mpeg', extensions: ['mp3'], test: (b) => ascii(b, 0, 'ID3') || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0) },
  { kind: 'audio', mime: 'audio/wav', extensions: ['wav'], test: (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE') },
  { kind: 'audio', mime: 'audio/ogg', extensions: ['ogg', 'oga', 'opus'], test: (b) => ascii(b, 0, 'OggS') },
  { kind: 'audio', mime: 'audio/amr', extensions: ['amr'], test: (b) => ascii(b, 0, '#!AMR') },
  { kind: 'audio', mime: 'audio/mp4', extensions: ['m4a'], test: (b) => ascii(b, 4, 'ftyp') && ['M4A ', 'M4B '].some((brand) => ascii(b, 8, brand)) },
  { kind: 'audio', mime: 'audio/flac', extensions: ['flac'], test: (b) => ascii(b, 0, 'fLaC') },
  // Office Open XML is a zip; the name's ending says which (the zip's entries are checked on full bytes).
  { kind: 'office', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'], test: (b) => starts(b, [0x50, 0x4b, 0x03, 0x04]) },
  { kind: 'office', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'], test: (b) => starts(b, [0x50, 0x4b, 0x03, 0x04]) },
  { kind: 'office', mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extensions: ['pptx'], test: (b) => starts(b, [0x50, 0x4b, 0x03, 0x04]) },
  // Legacy Word/Excel/PowerPoint (OLE compound file) and WPS, common in Chinese offices.
  { kind: 'office', mime: 'application/msword', extensions: ['doc', 'wps'], test: (b) => starts(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) },
  { kind: 'office', mime: 'application/vnd.ms-excel', extensions: ['xls', 'et'], test: (b) => starts(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) },
  { kind: 'office', mime: 'application/vnd.ms-powerpoint', extensions: ['ppt', 'dps'], test: (b) => starts(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) },
];

/** Every name ending an attachment may have (for the file picker's accept list). */
export const ATTACHMENT_EXTENSIONS: readonly string[] = TYPES.flatMap((type) => type.extensions.map((ext) => `.${ext}`));

export type AttachmentCheck = { ok: true; type: AttachmentType } | { ok: false; reason: 'type' | 'name' | 'size' | 'empty' };

const extensionOf = (name: string) => /\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toLowerCase() ?? '';

/**
 * The types these leading bytes may be (several for a zip or OLE container). With `complete`, the
 * bytes are the whole file and an OOXML zip must hold `[Content_Types].xml` and its document folder.
 */
export function attachmentTypesOf(bytes: Uint8Array, complete: boolean): AttachmentType[] {
  return TYPES.filter((type) => type.test(bytes) && (!complete || !OOXML_FOLDER[type.extensions[0]!] || isOfficeZip(bytes, type.extensions[0]!))).map(
    ({ kind, mime, extensions }) => ({ kind, mime, extensions }),
  );
}

/** The type of an attachment from its leading bytes and its name, whose ending must agree with the bytes. */
export function checkAttachment(name: string, bytes: Uint8Array, options: { size: number; maxBytes: number; complete: boolean }): AttachmentCheck {
  if (options.size === 0 || bytes.length === 0) return { ok: false, reason: 'empty' };
  if (options.size > options.maxBytes) return { ok: false, reason: 'size' };
  const types = attachmentTypesOf(bytes, options.complete);
  if (types.length === 0) return { ok: false, reason: 'type' };
  const type = types.find((candidate) => candidate.extensions.includes(extensionOf(name)));
  return type ? { ok: true, type } : { ok: false, reason: 'name' };
}

const OOXML_FOLDER: Record<string, string> = { docx: 'word/', xlsx: 'xl/', pptx: 'ppt/' };

/** The zip's central directory names `[Content_Types].xml` and the document folder of its kind. */
function isOfficeZip(bytes: Uint8Array, extension: string): boolean {
  const u16 = (at: number) => bytes[at]! | (bytes[at + 1]! << 8);
  const u32 = (at: number) => u16(at) + u16(at + 2) * 65536;
  // End of central directory: PK\x05\x06, within the last 64 KiB (its comment) + 22 bytes.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 65_557); at--) {
    if (starts(bytes.subarray(at), [0x50, 0x4b, 0x05, 0x06])) {
      end = at;
      break;
    }
  }
  if (end < 0) return false;
  const names: string[] = [];
  let at = u32(end + 16);
  for (let entry = 0; entry < u16(end + 10) && at + 46 <= bytes.length; entry++) {
    if (!starts(bytes.subarray(at), [0x50, 0x4b, 0x01, 0x02])) return false;
    const nameLength = u16(at + 28);
    names.push(String.fromCharCode(...bytes.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + u16(at + 30) + u16(at + 32);
  }
  return names.includes('[Content_Types].xml') && names.some((name) => name.startsWith(OOXML_FOLDER[extension]!));
}
