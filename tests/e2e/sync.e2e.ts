import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { openStore } from '../../src-main/services/store/open-store.js';
import { enqueueMutation, type MutationInput } from '../../src-main/services/sync/outbox.js';
import { expect, signIn, test, type Workbench } from './fixtures.js';

// The sync problems an agent must be able to settle from the status bar. The agent's writes are
// put in the workstation's outbox the way a feature does (the tickets feature is merged separately).

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
  await colleague.push({ collection: 'tickets', id: 'T-E2E-1', op: 'create', baseRev: null, patch: { title: '宽带断网', phone: '13800000000' } });
  await colleague.push({ collection: 'tickets', id: 'T-E2E-1', op: 'update', baseRev: 1, patch: { phone: '13911111111' } });

  agentWrites(bench, { collection: 'tickets', entityId: 'T-E2E-1', op: 'update', baseRev: 1, patch: { phone: '13722222222', title: '宽带断网（整栋楼）' } });
  const problems = page.getByRole('button', { name: '冲突 1' });
  await expect(problems).toBeVisible({ timeout: 15_000 });
  await problems.click();
  const dialog = page.getByRole('dialog', { name: '同步问题' });
  // Both values side by side, customer numbers masked as everywhere in the UI.
  await expect(dialog.getByRole('row', { name: /phone/ })).toContainText('137****2222');
  await expect(dialog.getByRole('row', { name: /phone/ })).toContainText('139****1111');
  await expect(dialog).not.toContainText('13722222222');
  await page.screenshot({ path: 'docs/screenshots/sync-conflict.png' });
  await dialog.getByRole('radio', { name: 'phone 保留我的' }).check();
  await dialog.getByRole('button', { name: '确认选择' }).click();
  await expect(dialog.getByText('没有待处理的同步问题。')).toBeVisible();
  await expect.poll(() => colleague.ticket('T-E2E-1'), { timeout: 15_000 }).toMatchObject({ phone: '13722222222', title: '宽带断网（整栋楼）' });
  await expect(page.getByTestId('sync-pending')).toHaveText('0');
});

test('a write the server refused stays visible with the reason; the agent fixes it and resubmits', async ({ page, bench }) => {
  await page.goto(bench.host.url);
  await signIn(page, '1001');
  await expect(page.getByTestId('sync-state')).toHaveText('在线');
  agentWrites(bench, { collection: 'tickets', entityId: 'T-E2E-2', op: 'create', baseRev: null, patch: { title: '投诉记录', remark: '录音转写'.repeat(70_000) } });
  await page.getByRole('button', { name: '上传失败 1' }).click({ timeout: 15_000 });
  const dialog = page.getByRole('dialog', { name: '同步问题' });
  await expect(dialog).toContainText('Patch larger than');
  await dialog.getByLabel('修改内容（JSON）').fill(JSON.stringify({ title: '投诉记录', remark: '录音转写见附件' }));
  await dialog.getByRole('button', { name: '重新提交' }).click();
  await expect(dialog.getByText('没有待处理的同步问题。')).toBeVisible();
  const colleague = await asColleague(bench);
  await expect.poll(() => colleague.ticket('T-E2E-2'), { timeout: 15_000 }).toEqual({ title: '投诉记录', remark: '录音转写见附件' });
});
