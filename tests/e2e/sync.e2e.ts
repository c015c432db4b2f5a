import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { openStore, type Db } from '../../src-main/services/store/open-store.js';
import { writeTicketLocally } from '../../src-main/services/tickets/index.js';
import { enqueueMutation, type MutationInput } from '../../src-main/services/sync/outbox.js';
import { SEED_AGENTS, ticketDocument, ticketDocumentBy } from '../support/ticket-documents.js';
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

function agentWrites(bench: Workbench, input: MutationInput, alsoLocally?: (db: Db) => void): void {
  const db = openStore(path.join(bench.dataDir, 'profile', 'agent-1001.db'));
  try {
    db.transaction(() => {
      alsoLocally?.(db);
      enqueueMutation(db, input);
    }).immediate();
  } finally {
    db.close();
  }
}

test('a colleague changed the same field: the agent sees both values by the form’s labels and keeps their own, by keyboard', async ({ page, bench }) => {
  await page.goto(bench.host.url);
  await signIn(page, '1001');
  await expect(page.getByTestId('sync-state')).toHaveText('在线');
  const colleague = await asColleague(bench);
  const ticket = ticketDocumentBy(SEED_AGENTS['1002']);
  await colleague.push({ collection: 'tickets', id: ticket.id, op: 'create', baseRev: null, patch: ticket });
  await colleague.push({ collection: 'tickets', id: ticket.id, op: 'update', baseRev: 1, patch: { priority: 'urgent', 'fields.priority': 'urgent' } });

  agentWrites(bench, { collection: 'tickets', entityId: ticket.id, op: 'update', baseRev: 1, patch: { priority: 'high', 'fields.priority': 'high' } });
  const problems = page.getByRole('button', { name: '冲突 1' });
  await expect(problems).toBeVisible({ timeout: 15_000 });
  await problems.click();
  const dialog = page.getByRole('dialog', { name: '同步问题' });
  // The ticket by its number and title, each field by its label, values as the form shows them: no JSON, no field ids.
  await expect(dialog).toContainText(`工单 ${ticket.number} ${ticket.title}`);
  // The ticket's priority and the form's priority field read as one row.
  const priority = dialog.getByRole('row', { name: /^优先级/ });
  await expect(priority).toHaveCount(1);
  await expect(priority).toContainText('高');
  await expect(priority).toContainText('紧急');
  await expect(dialog).not.toContainText('{');
  await expect(dialog).not.toContainText('fields.');
  await readmeScreenshot(page, 'sync-conflict');
  await dialog.getByRole('button', { name: '全部保留我的' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('radio', { name: '优先级 保留我的' })).toBeChecked();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: '确认选择' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog.getByText('没有待处理的同步问题。')).toBeVisible();
  await expect.poll(() => colleague.ticket(ticket.id), { timeout: 15_000 }).toMatchObject({ priority: 'high', fields: { priority: 'high' } });
  await expect(page.getByTestId('sync-pending')).toHaveText('0');
});

test('a ticket the server refused stays visible with the reason in the agent’s words; the agent fixes it in its form and resubmits', async ({ page, bench }) => {
  await page.goto(bench.host.url);
  await signIn(page, '1001');
  await expect(page.getByTestId('sync-state')).toHaveText('在线');
  // A tampered client: a phone number the form would never have let through, written with its local row as the ticket service would.
  const valid = ticketDocument();
  const tampered = { ...valid, customerPhone: '1380013', fields: { ...valid.fields, customerPhone: '1380013' } };
  agentWrites(bench, { collection: 'tickets', entityId: valid.id, op: 'create', baseRev: null, patch: tampered }, (db) => writeTicketLocally(db, valid.id, 'create', tampered));
  await page.getByRole('button', { name: '上传失败 1' }).click({ timeout: 15_000 });
  const dialog = page.getByRole('dialog', { name: '同步问题' });
  await expect(dialog).toContainText('联系电话');
  await expect(dialog).toContainText(`工单 ${valid.number}`);
  await expect(dialog).not.toContainText('{');
  await expect(dialog).not.toContainText('1380013'); // masked like everywhere in the UI
  await readmeScreenshot(page, 'sync-refused');
  await dialog.getByRole('button', { name: '关闭' }).click();

  await page.getByRole('tab', { name: '工单列表' }).click();
  await page.getByRole('option', { name: new RegExp(valid.title) }).click();
  await page.getByRole('button', { name: '修改并重新提交' }).click();
  const form = page.getByRole('form', { name: /草稿/ });
  await form.getByLabel('联系电话', { exact: true }).fill(valid.customerPhone);
  await form.getByRole('button', { name: '重新提交' }).click();
  const colleague = await asColleague(bench);
  await expect.poll(() => colleague.ticket(valid.id), { timeout: 15_000 }).toMatchObject({ customerPhone: valid.customerPhone, fields: { customerPhone: valid.customerPhone } });
  await expect(page.getByTestId('sync-pending')).toHaveText('0');
});
