import { readFileSync } from 'node:fs';
import path from 'node:path';
import { countRows, snapshotDatabase } from '../support/db-snapshot.js';
import { expect, signIn, test } from './fixtures.js';
import { readmeScreenshot } from './readme-screenshot.js';

/** `YYYY-MM-DDTHH:mm` for a datetime-local input, `hours` from now. */
const localInput = (hours: number) => {
  const date = new Date(Date.now() + hours * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
};

test('a trainer runs the broadband escalation scenario offline, from ring to an exported scorecard, and the real profile is untouched', async ({ page, bench }) => {
  test.setTimeout(120_000);
  await page.goto(bench.host.url);
  await signIn(page, '3001');
  await expect(page.getByTestId('sync-state')).toHaveText('在线');

  // Training needs no network at all: the central API goes away before anything starts.
  await bench.stopApi();
  await expect(page.getByTestId('sync-state')).toHaveText('离线', { timeout: 10_000 });
  const realDb = path.join(bench.dataDir, 'profile', 'agent-3001.db');
  const before = snapshotDatabase(realDb);

  // The real line tries to register (this bench has no SIP server); training takes it off the call bar.
  const realLineBadge = (await page.getByTestId('registration').textContent())!;
  await page.getByRole('button', { name: '培训模式' }).click();
  const bar = page.getByRole('region', { name: '培训控制' });
  await expect(bar).toContainText('沙箱数据');
  await bar.getByLabel('培训场景').selectOption({ label: '[中级] 宽带二次报修·需升级' });
  await expect(bar).toContainText('王建国');

  // The practice call rings on the real call bar, from the scenario's caller, on the training line.
  await bar.getByRole('button', { name: '开始（来电）' }).click();
  const callBar = page.getByRole('banner', { name: '通话栏' });
  await expect(page.getByTestId('ringing-bar')).toHaveText('来电：139****2345');
  await expect(page.getByTestId('registration')).toHaveText('培训模拟线路');
  await expect(page.getByTestId('agent-state')).toHaveText('振铃');
  await expect(page.getByTestId('screen-pop')).toContainText('139****2345');
  await readmeScreenshot(page, 'training-ringing');
  await callBar.getByRole('button', { name: '接听', exact: true }).click();
  await expect(page.getByTestId('agent-state')).toHaveText('通话中');
  await expect(page.getByText('您好，很高兴为您服务，我是3001号客服代表')).toBeVisible();
  const transcript = bar.getByRole('list', { name: '通话内容' });
  await expect(transcript).toContainText('我家宽带又断了');

  // The trainee picks the scenario by pinyin initials.
  await page.getByLabel('搜索服务场景').fill('kd');
  await page.getByRole('list', { name: '场景列表' }).getByRole('button', { name: /宽带故障报修/ }).click();
  await expect(page.getByRole('region', { name: '开场问候' })).toBeVisible();

  await page.keyboard.press('1');
  await expect(page.getByRole('region', { name: '开场问候' }).getByText('已说')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: '身份核验' })).toBeVisible();
  await expect(transcript).toContainText('龙湖时代天街');
  await page.keyboard.press('Enter');
  await expect(transcript).toContainText('LOS灯一直在闪红灯');

  // Hold from the call bar's shortcut: the customer waits and says nothing until the call is resumed.
  await page.keyboard.press('Alt+O');
  await expect(callBar.getByRole('button', { name: '恢复通话', exact: true })).toBeVisible();
  await expect(callBar).toContainText('保持中');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: '远程线路测试' })).toBeVisible();
  await page.waitForTimeout(1_500);
  await expect(transcript).not.toContainText('你测吧');
  await page.keyboard.press('Alt+O');
  await expect(callBar.getByRole('button', { name: '保持', exact: true })).toBeVisible();
  await expect(transcript).toContainText('你测吧');
  // Mute is the call bar's too.
  await callBar.getByRole('button', { name: '静音', exact: true }).click();
  await expect(callBar).toContainText('已静音');
  await expect(callBar.getByRole('button', { name: '取消静音', exact: true })).toBeVisible();
  await page.keyboard.press('Alt+M');
  await expect(callBar).not.toContainText('已静音');
  await page.getByRole('region', { name: '远程线路测试' }).click();

  await page.keyboard.press('Enter');
  await expect(transcript).toContainText('重启过好几次了');
  await page.keyboard.press('b'); // 仍无法上网
  await expect(page.getByRole('region', { name: '派发故障工单' })).toBeVisible();
  await expect(transcript).toContainText('第二次报修了');

  // The trainer pauses the customer and resumes.
  await bar.getByRole('button', { name: '暂停' }).click();
  await expect(bar.getByRole('status')).toHaveText('已暂停');
  await bar.getByRole('button', { name: '继续' }).click();

  // A risk point holds the trainee until it is acknowledged.
  await page.keyboard.press('b'); // 重复报修·升级
  await expect(page.getByRole('alert')).toHaveText('请先确认风险点（按 R），再进入下一步。');
  await expect(page.getByRole('region', { name: '派发故障工单' })).toBeVisible();
  await page.keyboard.press('r');
  await page.keyboard.press('b');
  await expect(page.getByRole('region', { name: '升级处理' })).toBeVisible();
  await expect(transcript).toContainText('你负责跟到底');

  // The script's ticket link (T) opens the real fault form, pre-filled from the script and the call;
  // the trainee adds what the customer said and raises the priority for a repeat fault.
  await page.keyboard.press('t');
  const form = page.getByRole('form', { name: '故障 · 草稿' });
  await expect(form.getByLabel('联系电话', { exact: true })).toHaveValue('13983012345');
  await expect(form.getByLabel('故障业务')).toHaveValue('broadband');
  await expect(form.getByLabel('标题', { exact: true })).toHaveValue('宽带无法上网');
  await expect(form.getByText(/关联来电 training-broadband-fault-escalation-/)).toBeVisible();
  await form.getByLabel('光猫指示灯').selectOption({ label: 'LOS 红灯' });
  await form.getByLabel('优先级').selectOption({ label: '紧急' });
  await form.getByLabel('宽带账号').fill('023-88120045');
  await form.getByLabel('装机/故障地址').fill('渝北区龙湖时代天街3栋1202');
  await form.getByLabel('故障开始时间').fill(localInput(-2));
  await form.getByLabel('所在地区 1').selectOption({ label: '重庆市' });
  await form.getByLabel('所在地区 2').selectOption({ label: '渝北区' });
  await form.getByLabel('故障描述').fill('二次报修：光猫 LOS 红灯闪烁，PON 灯不亮，重启无效。');
  await form.getByRole('group', { name: '需要回访' }).getByLabel('否').check();
  await readmeScreenshot(page, 'training-ticket');
  await form.getByRole('button', { name: '提交工单' }).click();
  await expect(page.getByRole('article', { name: /GD\d{8}-[0-9A-F]{6} 宽带无法上网/ })).toBeVisible();
  await page.getByRole('region', { name: '升级处理' }).click();

  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: '结果确认' })).toBeVisible();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: '话术与工单' }).getByRole('tabpanel').getByRole('status')).toHaveText('话术已完成，可以挂机。');

  // Presenter view for the room, then hang up.
  await bar.getByRole('button', { name: '演示视图' }).click();
  const presenter = page.getByRole('dialog', { name: '演示视图' });
  await expect(presenter).toContainText('结束语');
  await readmeScreenshot(page, 'training-presenter');
  await page.keyboard.press('Escape');
  await expect(presenter).toBeHidden();
  await callBar.getByRole('button', { name: '挂断', exact: true }).click();
  await expect(page.getByTestId('agent-state')).toHaveText('话后整理');

  const scorecard = page.getByRole('dialog', { name: '评分卡' });
  await expect(scorecard).toBeVisible();
  await expect(scorecard.getByTestId('scorecard-keypoints')).toHaveText('5/5');
  await expect(scorecard.getByTestId('scorecard-risks')).toHaveText('1/1');
  await expect(scorecard.getByTestId('scorecard-ticket')).toHaveText('4/4');
  await expect(scorecard).toContainText('✓ 光猫指示灯：LOS 红灯');
  await expect(scorecard).toContainText('✓ 优先级：紧急');
  await expect(scorecard).toContainText('通过');
  await readmeScreenshot(page, 'training-scorecard');

  const downloading = page.waitForEvent('download');
  await scorecard.getByRole('button', { name: '导出 CSV' }).click();
  const csv = readFileSync((await (await downloading).path())!, 'utf8');
  expect(csv).toContain('风险点 risk point');
  expect(csv).toMatch(/总分 total,\d+(\.\d)?,通过/);

  // The run landed in the sandbox, not the profile store.
  const sandbox = path.join(bench.dataDir, 'profile', 'training-3001.db');
  expect(countRows(sandbox, 'SELECT COUNT(*) AS n FROM script_runs')).toBe(1);
  expect(countRows(sandbox, "SELECT COUNT(*) AS n FROM calls WHERE id LIKE 'training-%' AND answer_at IS NOT NULL")).toBe(1);
  expect(countRows(sandbox, "SELECT COUNT(*) AS n FROM tickets WHERE type = 'fault'")).toBe(1);

  await scorecard.getByRole('button', { name: '关闭评分卡' }).click();

  // Replay: the trainer jumps straight to a step (the customer follows), then resets.
  await bar.getByRole('button', { name: '开始（来电）' }).click();
  await callBar.getByRole('button', { name: '接听', exact: true }).click();
  // Same caller again: the script of their last call opens by itself.
  await expect(page.getByText('根据来电历史推荐')).toBeVisible();
  await bar.getByLabel('跳到步骤').selectOption({ label: '结果确认' });
  await expect(page.getByRole('region', { name: '结果确认' })).toBeVisible();
  await expect(transcript).toContainText('对，就是这个电话');
  await bar.getByRole('button', { name: '重置' }).click();
  await expect(page.getByTestId('current-call')).toHaveCount(0);
  await expect(transcript).toBeHidden();
  await expect(page.getByRole('region', { name: '结果确认' })).toBeHidden();

  // Leaving training takes the training line off the call bar and brings the real line back.
  await bar.getByRole('button', { name: '退出培训' }).click();
  await expect(bar).toBeHidden();
  await expect(page.getByTestId('registration')).toHaveText(realLineBadge);
  await expect(page.getByRole('article', { name: /宽带无法上网/ })).toHaveCount(0);
  await page.getByRole('tab', { name: '通话记录' }).click();
  await expect(page.getByText('暂无通话记录。')).toBeVisible();

  // The profile keeps only the agent's own state around the training (signed out of the real line
  // to train, signed in again after): agent states work without a line (issue 16). Nothing else moved.
  const { agent_state_log: statesAfter, outbox: outboxAfter, ...restAfter } = snapshotDatabase(realDb);
  const { agent_state_log: statesBefore, outbox: outboxBefore, ...restBefore } = before;
  expect(restAfter).toEqual(restBefore);
  expect(statesAfter!.rows - statesBefore!.rows).toBe(2);
  expect(countRows(realDb, "SELECT COUNT(*) AS n FROM outbox WHERE collection <> 'agentState'")).toBe(0);
  expect(outboxAfter!.rows - outboxBefore!.rows).toBe(2);

  // Back on the profile store, sync works again once the centre is reachable.
  await bench.startApi();
  await page.getByRole('button', { name: '立即同步' }).click();
  await expect(page.getByTestId('sync-state')).toHaveText('在线', { timeout: 15_000 });
});

test('an agent practising alone gets the practice call on the call bar but no trainer controls, and a scorecard even without a script', async ({ page, bench }) => {
  await page.goto(bench.host.url);
  await signIn(page, '1001');
  await page.getByRole('button', { name: '培训模式' }).click();
  const bar = page.getByRole('region', { name: '培训控制' });
  await bar.getByLabel('培训场景').selectOption({ label: '[高级] 虚假欠费·情绪激动的投诉' });
  await expect(bar.getByRole('button', { name: '重置' })).toHaveCount(0);
  await expect(bar.getByRole('button', { name: '演示视图' })).toHaveCount(0);

  await bar.getByRole('button', { name: '开始（来电）' }).click();
  await expect(page.getByTestId('ringing-bar')).toHaveText('来电：189****4321');
  await page.keyboard.press('Alt+A');
  await expect(bar.getByRole('list', { name: '通话内容' })).toContainText('欠费');
  await page.keyboard.press('Alt+H');
  const scorecard = page.getByRole('dialog', { name: '评分卡' });
  await expect(scorecard.getByTestId('scorecard-ticket')).toHaveText('未提交工单');
  await expect(scorecard).toContainText('未通过');
});
