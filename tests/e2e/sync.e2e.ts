import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { openStore } from '../../src-main/services/store/open-store.js';
import { enqueueMutation, type MutationInput } from '../../src-main/services/sync/outbox.js';
import { ticketDocument } from '../support/ticket-documents.js';
import { expect, signIn, test, type Workbench } from './fixtures.js';
import { readmeScreenshot } from './readme-screenshot.js';

// The sync problems an agent must be able to settle from the status bar, on real ticket documents
// (as the ticket service writes them; the server checks every pushed ticket with the published
// forms). The agent's side is put in the workstation's outbox directly: the ticket service has no
// way to write a priority by hand or an invalid phone number, which is exactly the point.

async function asColleague(bench: Workbench) {
  const login = await fetch(`${bench.api.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agentId: '1002', password: 'hotline1002' }) });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` };
  return {
    push: (mutation: Omit<MutationInput, 'entityId'> & { id: string }) =>
      fetch(`${bench.api.url}/v1/sync/push`, { method: 'POST', headers, body: JSON.stringify({ clientId: 'ws-colleague-1002', mutations: [{ mutationId: uuidv7(), ...mutation }] }) }),
    async ticket(id: string) {
      const page = (await (await fetch(`${bench.api.url}/v1/sync/pull?cursor=0&limit=5000`, { headers })).json()) as { changes: { id: string; data: Record<string, unknown> }[] };
      return page.changes.find((change) => change.id === id)?.data;
    },
  };
}

function agentWrites(bench: Workbench, input: MutationInput): void {
  const db = openStore(path.join(bench.dataDir, 'profile', 'agent-1001.db'));
  try {
    db.transaction(() => enqueueMutation(db, input)).immediate();
  } finally {
    db.close();
  }
}

test('a colleague changed the same field: the agent sees both values side by side and keeps their own', async ({ page, bench }) => {
  await page.goto(bench.host.url);
  await signIn(page, '1001');
  await expect(page.getByTestId('sync-state')).toHaveText('在线');
  const colleague = await asColleague(bench);
  const ticket = ticketDocument();
  const withPriority = (priority: 'high' | 'urgent', updatedAt: string) => ({ priority, fields: { ...ticket.fields, priority }, updatedAt });
  await colleague.push({ collection: 'tickets', id: ticket.id, op: 'create', baseRev: null, patch: ticket });
  await colleague.push({ collection: 'tickets', id: ticket.id, op: 'update', baseRev: 1, patch: withPriority('urgent', '2026-11-23T08:00:00.000Z') });

  agentWrites(bench, { collection: 'tickets', entityId: ticket.id, op: 'update', baseRev: 1, patch: withPriority('high', '2026-11-23T08:01:00.000Z') });
  const problems = page.getByRole('button', { name: '冲突 1' });
  await expect(problems).toBeVisible({ timeout: 15_000 });
  await problems.click();
  const dialog = page.getByRole('dialog', { name: '同步问题' });
  // Both values side by side; the customer number inside the form values masked as everywhere in the UI.
  const priority = dialog.getByRole('row', { name: /^priority/ });
  await expect(priority).toContainText('high');
  await expect(priority).toContainText('urgent');
  await expect(dialog.getByRole('row', { name: /^fields/ })).toContainText('138****0000');
  await expect(dialog).not.toContainText(ticket.customerPhone);
  await readmeScreenshot(page, 'sync-conflict');
  for (const field of ['priority', 'fields', 'updatedAt']) await dialog.getByRole('radio', { name: `${field} 保留我的` }).check();
  await dialog.getByRole('button', { name: '确认选择' }).click();
  await expect(dialog.getByText('没有待处理的同步问题。')).toBeVisible();
  await expect.poll(() => colleague.ticket(ticket.id), { timeout: 15_000 }).toMatchObject({ priority: 'high', fields: { priority: 'high' } });
  await expect(page.getByTestId('sync-pending')).toHaveText('0');
});

test('a ticket the server refused stays visible with the reason; the agent fixes it and resubmits', async ({ page, bench }) => {
  await page.goto(bench.host.url);
  await signIn(page, '1001');
  await expect(page.getByTestId('sync-state')).toHaveText('在线');
  // A tampered client: a phone number the form would never have let through.
  const valid = ticketDocument();
  const tampered = { ...valid, customerPhone: '1380013', fields: { ...valid.fields, customerPhone: '1380013' } };
  agentWrites(bench, { collection: 'tickets', entityId: valid.id, op: 'create', baseRev: null, patch: tampered });
  await page.getByRole('button', { name: '上传失败 1' }).click({ timeout: 15_000 });
  const dialog = page.getByRole('dialog', { name: '同步问题' });
  await expect(dialog).toContainText('联系电话');
  await dialog.getByLabel('修改内容（JSON）').fill(JSON.stringify(valid));
  await dialog.getByRole('button', { name: '重新提交' }).click();
  await expect(dialog.getByText('没有待处理的同步问题。')).toBeVisible();
  const colleague = await asColleague(bench);
  await expect.poll(() => colleague.ticket(valid.id), { timeout: 15_000 }).toMatchObject({ customerPhone: valid.customerPhone, fields: { customerPhone: valid.customerPhone } });
});
