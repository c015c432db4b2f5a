import { expect, signIn, test, waitForFirstSync } from './fixtures.js';
import { readmeScreenshot } from './readme-screenshot.js';

test('an agent signs in, sees handbook articles pulled from the central API, and keeps them offline', async ({ page, bench }) => {
  await page.goto(bench.host.url);

  await signIn(page, '1001', 'wrong-password');
  await expect(page.getByRole('alert')).toHaveText('工号或密码错误，请重新输入。');

  await signIn(page, '1001');
  await waitForFirstSync(page);
  const list = page.getByRole('list', { name: '文章列表' });
  await expect(list.getByRole('button', { name: /宽带故障报修受理/ })).toBeVisible();
  await expect(list.getByRole('button', { name: /携号转网咨询与办理/ })).toBeVisible();
  await expect(page.getByTestId('sync-state')).toHaveText('在线');
  await readmeScreenshot(page, 'workspace');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('list', { name: 'Articles' })).toBeVisible();
  await expect(page.getByTestId('sync-state')).toHaveText('Online');
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { name: '服务宝典' })).toBeVisible();

  await bench.stopApi();
  await expect(page.getByTestId('sync-state')).toHaveText('离线', { timeout: 10_000 });

  await page.reload();
  await expect(page.getByRole('list', { name: '文章列表' }).getByRole('button', { name: /宽带故障报修受理/ })).toBeVisible();
  await page.getByRole('button', { name: /宽带故障报修受理/ }).click();
  await expect(page.getByRole('heading', { name: '宽带故障报修受理' })).toBeVisible();
  await expect(page.locator('.article-body')).toContainText('LOS 红灯闪烁');
});

test('after the server comes back, the workstation shows online again', async ({ page, bench }) => {
  await page.goto(bench.host.url);
  await signIn(page, '1002');
  await expect(page.getByTestId('sync-state')).toHaveText('在线');
  await bench.stopApi();
  await expect(page.getByTestId('sync-state')).toHaveText('离线', { timeout: 10_000 });
  await bench.startApi();
  await expect(page.getByTestId('sync-state')).toHaveText('在线', { timeout: 10_000 });
});
