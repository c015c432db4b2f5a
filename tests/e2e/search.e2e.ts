import { expect, signIn, test, waitForFirstSync } from './fixtures.js';
import { readmeScreenshot } from './readme-screenshot.js';

// How agents actually type, mid-call: what the customer says (光猫红灯, 网速慢怎么办), pinyin mixed
// with Chinese (kd断网), a typo, and the last digits of a phone number read out.

test('natural queries find the right article in the top 5, marked as related; a query that finds nothing offers suggestions', async ({ page, bench }) => {
  await page.goto(bench.host.url);
  await signIn(page, '1001');
  await waitForFirstSync(page);
  await page.keyboard.press('Control+k');
  const search = page.getByRole('searchbox', { name: '搜索服务宝典' });
  const results = page.getByRole('list', { name: '搜索结果' });
  const topFive = results.getByRole('listitem').filter({ has: page.getByRole('button') });

  for (const [query, title] of [
    ['光猫红灯', '光猫（ONU）指示灯判读'],
    ['宽带慢', '宽带网速慢处理'],
    ['网速慢怎么办', '宽带网速慢处理'],
    ['kd断网', '宽带断网排查（拨号错误码）'],
  ] as const) {
    await search.fill(query);
    await expect(results.getByRole('button', { name: title })).toBeVisible();
    const titles = await topFive.locator('button').evaluateAll((buttons) => buttons.slice(0, 5).map((button) => button.getAttribute('aria-label')));
    expect(titles, query).toContain(title);
    await expect(results.getByRole('listitem').filter({ has: page.getByRole('button', { name: title }) }).getByText('相关', { exact: true })).toBeVisible();
  }
  await search.fill('宽带慢');
  await expect(results.getByText('相关结果（按词语或拼音）')).toBeVisible();
  await readmeScreenshot(page, 'handbook-related');

  await search.fill('宽代');
  await expect(page.getByText('没有找到匹配的文章。')).toBeVisible();
  const suggestions = page.getByLabel('您是不是要找：');
  await expect(suggestions.getByRole('button', { name: '宽带' })).toBeVisible();
  await readmeScreenshot(page, 'handbook-suggestions');
  await suggestions.getByRole('button', { name: '宽带' }).click();
  await expect(search).toHaveValue('宽带');
  await expect(results.getByRole('button', { name: '宽带故障报修受理' })).toBeVisible();
});

test('a ticket is found by the last digits of the customer phone, typed the ways agents type them', async ({ page, bench }) => {
  await page.goto(bench.host.url);
  await signIn(page, '1002');
  await expect(page.getByRole('group', { name: '新建工单' }).getByRole('button', { name: '咨询' })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('group', { name: '新建工单' }).getByRole('button', { name: '咨询' }).click();
  const form = page.getByRole('form', { name: '咨询 · 草稿' });
  await form.getByLabel('联系电话', { exact: true }).fill('13912345678');
  await form.getByLabel('标题', { exact: true }).fill('咨询携号转网条件');
  await form.getByLabel('咨询类别').selectOption({ label: '套餐资费' });
  await form.getByLabel('咨询内容').fill('客户想把号码转到其他运营商');
  await form.getByLabel('答复内容').fill('已告知需先结清费用');
  await form.getByRole('button', { name: '提交工单' }).click();
  await expect(page.getByRole('article', { name: /咨询携号转网条件/ })).toBeVisible();

  await page.getByRole('tab', { name: '工单列表' }).click();
  await page.getByRole('button', { name: '我的跟进' }).click();
  const box = page.getByRole('searchbox', { name: '搜索工单' });
  const ticket = page.getByRole('option', { name: /咨询携号转网条件/ });
  for (const typed of ['5678', '尾号5678', '139 1234 5678', '139-1234-5678']) {
    await box.fill('光猫光猫');
    await expect(ticket).toHaveCount(0);
    await box.fill(typed);
    await expect(ticket, typed).toBeVisible();
    await expect(ticket).toContainText('139****5678');
  }
});
