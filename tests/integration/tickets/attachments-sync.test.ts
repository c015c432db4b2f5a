import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tickets from '../../../src-main/services/tickets/index.js';
import { REPO_ROOT } from '../../support/processes.js';
import { INQUIRY_VALUES } from '../../support/ticket-documents.js';
import { useTicketCentre, type TicketWorkstation } from '../../support/ticket-workstation.js';

// A photo attached to a ticket reaches the colleagues who pull the ticket: the bytes go to the
// central API before the push that references them, and come down the first time one is opened.

const centre = useTicketCentre('hotline-attachments-');
const open = (agentId: string) => centre.open(agentId);

// A real PNG (written by another program): what matters is that the bytes arrive unchanged.
const fixture = (name: string) => readFileSync(path.join(REPO_ROOT, 'tests/fixtures/attachments', name));
const photo = fixture('photo.png');

function submitWithPhoto(bench: TicketWorkstation): string {
  const ref = tickets.saveAttachment(bench.ctx, '光猫.png', photo.toString('base64'));
  const draft = tickets.createDraft(bench.ctx, 'inquiry');
  const values = { ...draft.values, ...INQUIRY_VALUES, description: '客户发来光猫照片', attachments: [ref] };
  tickets.saveDraft(bench.db, draft.id, values as never, null, new Date());
  return tickets.submitDraft(bench.ctx, draft.id);
}

const attachmentOf = (bench: TicketWorkstation, ticketId: string) => {
  const detail = tickets.getTicketDetail(bench.ctx, ticketId);
  return (detail.fields.attachments as unknown as { id: string }[])[0]!;
};

describe('ticket attachments', () => {
  it('a colleague of the same team opens the photo of a ticket they pulled; it is then kept locally', async () => {
    const zhang = await open('1001');
    const id = submitWithPhoto(zhang);
    await zhang.sync.syncNow();
    const sha256 = createHash('sha256').update(photo).digest('hex');
    expect((await centre.server.storage.getAttachment(sha256))?.data.equals(photo)).toBe(true);

    const liu = await open('1002');
    const file = attachmentOf(liu, id);
    const opened = await tickets.readAttachment(liu.ctx, id, file.id, liu.api);
    expect(opened).toMatchObject({ name: '光猫.png', mime: 'image/png' });
    expect(Buffer.from(opened.dataBase64, 'base64').equals(photo)).toBe(true);
    // Offline from now on: the copy fetched once is enough.
    await centre.server.close();
    expect(Buffer.from((await tickets.readAttachment(liu.ctx, id, file.id, liu.api)).dataBase64, 'base64').equals(photo)).toBe(true);
  });

  it('offline, a colleague sees the reference but opening it says the server is needed', async () => {
    const zhang = await open('1001');
    const id = submitWithPhoto(zhang);
    await zhang.sync.syncNow();
    const liu = await open('1002');
    await centre.server.close();
    await expect(tickets.readAttachment(liu.ctx, id, attachmentOf(liu, id).id, liu.api)).rejects.toMatchObject({ code: 'SERVER_UNREACHABLE' });
  });

  it('access follows the tickets that reference the file: another team gets the same 404 as for bytes that do not exist', async () => {
    const zhang = await open('1001');
    const id = submitWithPhoto(zhang);
    await zhang.sync.syncNow();
    expect(await centre.server.storage.getDocument('tickets', id)).toBeDefined();
    const sha256 = createHash('sha256').update(photo).digest('hex');
    const chen = await open('1003');
    const refused = await chen.api.downloadAttachment(sha256).catch((error: unknown) => error);
    const missing = await chen.api.downloadAttachment('0'.repeat(64)).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'NOT_FOUND' });
    expect((refused as Error).message).toBe((missing as Error).message);
    // Once 陈静's own ticket references the same photo, she may open it: the ticket decides, not the uploader's team.
    submitWithPhoto(chen);
    await chen.sync.syncNow();
    expect((await chen.api.downloadAttachment(sha256)).data.equals(photo)).toBe(true);
  });

  it('bytes uploaded but on no ticket are for their uploader only, not the whole team', async () => {
    const zhang = await open('1001');
    const scan = fixture('bill.pdf');
    const sha256 = createHash('sha256').update(scan).digest('hex');
    await zhang.api.uploadAttachment(sha256, 'application/pdf', scan);
    expect((await zhang.api.downloadAttachment(sha256)).mime).toBe('application/pdf');
    const liu = await open('1002');
    await expect(liu.api.downloadAttachment(sha256)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('an upload answers the same whether or not the server had the bytes already', async () => {
    const zhang = await open('1001');
    const liu = await open('1002');
    const sha256 = createHash('sha256').update(photo).digest('hex');
    const first = await zhang.api.uploadAttachment(sha256, 'image/png', photo);
    const again = await liu.api.uploadAttachment(sha256, 'image/png', photo);
    expect(again).toEqual(first);
    expect(first).toEqual({ sha256, size: photo.length });
  });

  it('the central API refuses a program, bytes that do not match their name, and files over 5 MB', async () => {
    const zhang = await open('1001');
    const program = fixture('setup.exe');
    await expect(zhang.api.uploadAttachment(createHash('sha256').update(program).digest('hex'), 'image/png', program)).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(() => tickets.saveAttachment(zhang.ctx, 'photo.jpg', program.toString('base64'))).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    const wrongName = 'a'.repeat(64);
    await expect(zhang.api.uploadAttachment(wrongName, 'image/png', photo)).rejects.toMatchObject({ code: 'VALIDATION' });
    const huge = Buffer.alloc(5 * 1024 * 1024 + 1);
    await expect(zhang.api.uploadAttachment(createHash('sha256').update(huge).digest('hex'), 'image/png', huge)).rejects.toMatchObject({ code: 'TOO_LARGE' });
    expect(await centre.server.storage.getAttachment(wrongName)).toBeUndefined();
  });
});
