import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAttachment } from '../../../src-shared/tickets/attachment-types.js';
import { REPO_ROOT } from '../../support/processes.js';

// Real files from other programs (Python's test images, a Debian PDF, an ID3 mp3, Python's zipfile
// and wave writers, the head of a real Windows PE); what each is was read with file(1), not with our code.
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(REPO_ROOT, 'tests/fixtures/attachments', name)));
const check = (name: string, bytes: Uint8Array) => checkAttachment(name, bytes, { size: bytes.length, maxBytes: 5 * 1024 * 1024, complete: true });

describe('attachment allowlist by magic bytes', () => {
  it.each([
    ['photo.jpg', 'image/jpeg'],
    ['photo.png', 'image/png'],
    ['scan.gif', 'image/gif'],
    ['photo.webp', 'image/webp'],
    ['scan.tiff', 'image/tiff'],
    ['bill.pdf', 'application/pdf'],
    ['voice.mp3', 'audio/mpeg'],
    ['voice.wav', 'audio/wav'],
    ['report.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ])('accepts %s as %s', (name, mime) => {
    expect(check(name, fixture(name))).toMatchObject({ ok: true, type: { mime } });
  });

  it.each([
    ['setup.exe', 'setup.exe', 'type'],
    ['setup.exe', 'photo.jpg', 'type'], // a Windows program renamed as a photo
    ['page.html', 'page.html', 'type'],
    ['notes.txt', 'notes.txt', 'type'],
    ['archive.zip', 'report.docx', 'type'], // a zip is not a Word document
    ['photo.jpg', 'photo.exe', 'name'], // a photo that would be saved as a program
    ['bill.pdf', 'bill.jpg', 'name'],
  ])('refuses %s named %s (%s)', (file, name, reason) => {
    expect(check(name, fixture(file))).toEqual({ ok: false, reason });
  });

  it('refuses empty and oversized files before reading them', () => {
    expect(checkAttachment('a.png', new Uint8Array(), { size: 0, maxBytes: 10, complete: false })).toEqual({ ok: false, reason: 'empty' });
    expect(checkAttachment('a.png', fixture('photo.png').subarray(0, 64), { size: 7_000_000, maxBytes: 5 * 1024 * 1024, complete: false })).toEqual({ ok: false, reason: 'size' });
  });

  it('decides on the first bytes alone where the renderer has not read the file yet', () => {
    expect(checkAttachment('report.docx', fixture('report.docx').subarray(0, 64), { size: 430, maxBytes: 1e6, complete: false })).toMatchObject({ ok: true });
    expect(checkAttachment('setup.jpg', fixture('setup.exe').subarray(0, 64), { size: 4096, maxBytes: 1e6, complete: false })).toEqual({ ok: false, reason: 'type' });
  });
});
