import path from 'node:path';
import type { Page } from '@playwright/test';
import { v7 as uuidv7 } from 'uuid';
import { writeTicketLocally } from '../../src-main/services/tickets/index.js';
import type { Db } from '../../src-main/services/store/open-store.js';
import { enqueueMutation, type MutationInput } from '../../src-main/services/sync/outbox.js';
import { startFlakyLink } from '../support/flaky-link.js';
import { openProfileStore } from '../support/profile-store.js';
import { startWebHost } from '../support/processes.js';
import { SEED_AGENTS, ticketDocument, ticketDocumentBy } from '../support/ticket-documents.js';
import { expect, signIn, test, waitForFirstSync, type Workbench } from './fixtures.js';
import { readmeScreenshot } from './readme-screenshot.js';

// The sync problems an agent must be able to settle from the status bar, on real ticket documents
// (as the ticket service writes them; the server checks every pushed ticket with the published
// forms). The agent's side is put in the workstation's outbox directly: the ticket service has no
// way to write a priority by hand or an invalid phone number, which is exactly the point.

/** An agent of 宽带一组 at another seat, talking to the central API directly. */
async function asColleague(bench: Workbench, agentId = '1002') {
  const login = await fetch(`${bench.api.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agentId, password: `hotline${agentId}` }) });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` };
  return {
    push: (mutation: Omit<MutationInput, 'entityId'> & { id: string }) =>
      fetch(`${bench.api.url}/v1/sync/push`, { method: 'POST', headers, body: JSON.stringify({ clientId: `ws-colleague-${agentId}`, mutations: [{ mutationId: uuidv7(), ...mutation }] }) }),
    async ticket(id: string) {
      const page = (await (await fetch(`${bench.api.url}/v1/sync/pull?cursor=0&limit=5000`, { headers })).json()) as { changes: { id: string; data: Record<string, unknown> }[] };
      return page.changes.find((change) => change.id === id)?.data;
    },
  };
}

/** Signs in and waits out the first sync of the fresh profile, until the workstation is online. */
async function signInSynced(page: Page, agentId: string) {
  await signIn(page, agentId);
  await waitForFirstSync(page);
  await expect(page.getByTestId('sync-state')).toHaveText('在线');
}

function agentWrites(bench: Workbench, input: MutationInput, alsoLocally?: (db: Db) => void): void {
  const db = openProfileStore(path.join(bench.dataDir, 'profile'), '1001');
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
  test.setTimeout(120_000);
  await page.goto(bench.host.url);
  await signInSynced(page, '1001');
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
  test.setTimeout(120_000);
  await page.goto(bench.host.url);
  await signInSynced(page, '1001');
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

/** `YYYY-MM-DDTHH:mm` for a datetime-local input, `hours` from now at `minute` past, and the `HH:mm` the agent reads. */
function callbackTime(hours: number, minute: number) {
  const date = new Date(Date.now() + hours * 3_600_000);
  date.setMinutes(minute, 0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    input: `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`,
    iso: date.toISOString(),
    clock: `${pad(date.getHours())}:${pad(date.getMinutes())}`,
  };
}

async function openTeamTicket(page: Page, title: string) {
  await page.getByRole('tab', { name: '工单列表' }).click();
  await page.getByRole('button', { name: '班组工单' }).click();
  await page.getByRole('option', { name: new RegExp(title) }).click({ timeout: 15_000 });
  return page.getByRole('article', { name: new RegExp(title) });
}

async function promiseCallback(page: Page, detail: ReturnType<Page['getByRole']>, at: string) {
  await detail.getByRole('button', { name: '约定回访', exact: true }).click();
  await page.getByLabel('回访时间').fill(at);
  await page.getByRole('button', { name: '保存回访时间' }).click();
}

test('two agents of one team edit one ticket, one of them offline: different fields both reach the centre without a conflict; the same field is one conflict by the form’s labels, settled by keyboard', async ({ page, bench, browser }) => {
  test.setTimeout(180_000);
  // 刘洋 works from home: his workstation reaches the centre through a link that can be cut.
  const link = await startFlakyLink(bench.api.port);
  // Debug logging, printed only if the conflict does not arrive (seen once in CI, never since: see below).
  const homeHost = await startWebHost({ profileDir: path.join(bench.dataDir, 'profile-1002'), serverUrl: link.wsUrl.replace('ws://', 'http://'), env: { LOG_LEVEL: 'debug' } });
  const home = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 768 } });
  try {
    const ticket = ticketDocumentBy(SEED_AGENTS['1001']);
    const author = await asColleague(bench, '1001');
    expect((await author.push({ collection: 'tickets', id: ticket.id, op: 'create', baseRev: null, patch: ticket })).status).toBe(200);

    await page.goto(bench.host.url);
    await signIn(page, '1001');
    const pageB = await home.newPage();
    await pageB.goto(homeHost.url);
    await signInSynced(pageB, '1002');
    await waitForFirstSync(page);
    await expect(page.getByTestId('sync-state')).toHaveText('在线');
    const mine = await openTeamTicket(page, ticket.title);
    const theirs = await openTeamTicket(pageB, ticket.title);

    // Round 1, different fields: offline, 刘洋 accepts the ticket; online, 张敏 promises a callback.
    await link.cut();
    await expect(pageB.getByTestId('sync-state')).toHaveText('离线', { timeout: 15_000 });
    await theirs.getByRole('button', { name: '受理', exact: true }).click();
    await expect(theirs.getByTestId('ticket-status')).toHaveText('已受理');
    await expect(pageB.getByTestId('sync-pending')).not.toHaveText('0');
    const first = callbackTime(26, 10);
    await promiseCallback(page, mine, first.input);
    await expect(page.getByTestId('sync-pending')).toHaveText('0', { timeout: 15_000 });
    await link.restore();
    await expect(pageB.getByTestId('sync-pending')).toHaveText('0', { timeout: 20_000 });
    await expect.poll(() => author.ticket(ticket.id), { timeout: 15_000 }).toMatchObject({ status: 'accepted', callbackAt: first.iso, assignee: { agentId: '1002' } });
    // Each seat shows the other's edit, and neither has anything to settle.
    await expect(mine.getByTestId('ticket-status')).toHaveText('已受理', { timeout: 15_000 });
    await expect(theirs).toContainText(first.clock, { timeout: 15_000 });
    for (const seat of [page, pageB]) await expect(seat.getByRole('status', { name: '同步状态' })).not.toContainText(/冲突|上传失败/);

    // Round 2, the same field: 刘洋, offline again, promises another time than 张敏 did meanwhile.
    await link.cut();
    await expect(pageB.getByTestId('sync-state')).toHaveText('离线', { timeout: 15_000 });
    const hers = callbackTime(28, 20);
    const his = callbackTime(30, 40);
    await promiseCallback(pageB, theirs, his.input);
    await promiseCallback(page, mine, hers.input);
    await expect(page.getByTestId('sync-pending')).toHaveText('0', { timeout: 15_000 });
    await link.restore();
    const problems = pageB.getByRole('button', { name: '冲突 1' });
    // Normally 0.1-2 s after the restore. Once (a CI run, 2026-12-04) the home seat's write was still
    // pending 20 s later; its host's log is printed so the next occurrence says why.
    try {
      await expect(problems).toBeVisible({ timeout: 20_000 });
    } catch (error) {
      console.log(`home host log, last 200 lines:\n${homeHost.output().split('\n').slice(-200).join('\n')}`);
      throw error;
    }
    await expect(page.getByRole('status', { name: '同步状态' })).not.toContainText('冲突');
    await problems.click();
    const dialog = pageB.getByRole('dialog', { name: '同步问题' });
    const row = dialog.getByRole('row', { name: /^约定回访时间/ });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(his.clock);
    await expect(row).toContainText(hers.clock);
    await expect(dialog.getByRole('row')).toHaveCount(2); // the header and the one contested field
    await expect(dialog).not.toContainText('{');
    await expect(dialog).not.toContainText(/\d{4}-\d{2}-\d{2}T/);
    // By keyboard: into 刘洋's choice for the field, over to the colleague's value, then confirm.
    await dialog.getByRole('radio', { name: '约定回访时间 保留我的' }).focus();
    await pageB.keyboard.press('Space');
    await expect(dialog.getByRole('radio', { name: '约定回访时间 保留我的' })).toBeChecked();
    await pageB.keyboard.press('ArrowRight');
    await expect(dialog.getByRole('radio', { name: '约定回访时间 采用同事的' })).toBeChecked();
    await pageB.keyboard.press('Tab');
    await pageB.keyboard.press('Tab');
    await pageB.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: '确认选择' })).toBeFocused();
    await pageB.keyboard.press('Enter');
    await expect(dialog.getByText('没有待处理的同步问题。')).toBeVisible();
    await expect(pageB.getByTestId('sync-pending')).toHaveText('0', { timeout: 15_000 });
    await expect.poll(() => author.ticket(ticket.id), { timeout: 15_000 }).toMatchObject({ status: 'accepted', callbackAt: hers.iso });
    await expect(theirs).toContainText(hers.clock, { timeout: 15_000 });
  } finally {
    await home.close();
    await homeHost.stop();
    await link.close();
  }
});
