import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, startTs } from '../support/processes.js';
import { expect, signIn, test, waitForFirstSync } from './fixtures.js';
import { readmeScreenshot } from './readme-screenshot.js';

const BROADBAND_SEEDS = path.join(REPO_ROOT, 'seeds/handbook/宽带业务');

/** Publishes a changed broadband fault article straight into the central database (API stopped). */
async function publishChangedFaultArticle(dataDir: string): Promise<void> {
  const folder = path.join(dataDir, 'changed-handbook', '宽带业务');
  cpSync(BROADBAND_SEEDS, folder, { recursive: true });
  const file = path.join(folder, 'broadband-fault-report.md');
  writeFileSync(file, `${readFileSync(file, 'utf8')}\n> 新规定：光纤中断类故障需在派单后 2 小时内回访客户。\n`);
  const publish = await startTs('src-server/cli/main.ts', ['handbook', 'publish', path.dirname(folder), '--db', path.join(dataDir, 'central.db')], {
    ready: /published 1 article\(s\)/,
  });
  await publish.stop();
}

test('offline, an agent finds broadband articles by 宽带 and kd, plays the example call, favourites it, and sees the update published meanwhile', async ({ page, bench }) => {
  // A whole shift's story with the central API stopped and started again: on a loaded 2-core
  // machine its steps add up to more than the 60 s budget of a single check (each wait keeps its own limit).
  test.slow();
  await page.goto(bench.host.url);
  await signIn(page, '1001');
  await waitForFirstSync(page);
  await expect(page.getByRole('list', { name: '文章列表' }).getByRole('button', { name: /宽带故障报修受理/ })).toBeVisible();

  await bench.stopApi();
  await expect(page.getByTestId('sync-state')).toHaveText('离线', { timeout: 10_000 });

  // Ctrl+K focuses the search box; typing searches as you type, with the matched terms highlighted.
  await page.keyboard.press('Control+k');
  const search = page.getByRole('searchbox', { name: '搜索服务宝典' });
  await expect(search).toBeFocused();
  await page.keyboard.type('宽带');
  const results = page.getByRole('list', { name: '搜索结果' });
  await expect(results.getByRole('button', { name: '宽带故障报修受理' })).toBeVisible();
  await expect(results.getByRole('button', { name: '宽带网速慢处理' })).toBeVisible();
  await expect(results.locator('mark').first()).toHaveText('宽带');

  // Pinyin initials find the same articles and highlight the characters they stand for.
  await search.fill('kd');
  await expect(results.getByRole('button', { name: '宽带故障报修受理' })).toBeVisible();
  await expect(results.getByRole('button', { name: '宽带故障报修受理' }).locator('mark').first()).toHaveText('宽带');

  // Keyboard: ↓ to the first result, Enter opens it.
  await search.press('ArrowDown');
  await expect(results.getByRole('button').first()).toBeFocused();
  await results.getByRole('button', { name: '宽带故障报修受理' }).focus();
  await page.keyboard.press('Enter');
  const article = page.getByRole('article', { name: '宽带故障报修受理' });
  await expect(article.getByRole('heading', { name: '宽带故障报修受理' })).toBeVisible();

  // The picture and the recorded example call load from the local store while offline.
  const picture = article.locator('img');
  await expect(picture).toHaveAttribute('src', /^\/asset\/[0-9a-f]{64}$/);
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  const audio = article.locator('audio');
  await audio.evaluate((element: HTMLAudioElement) => element.play());
  await expect.poll(() => audio.evaluate((element: HTMLAudioElement) => element.currentTime), { timeout: 10_000 }).toBeGreaterThan(0);
  expect(await audio.evaluate((element: HTMLAudioElement) => ({ paused: element.paused, error: element.error }))).toEqual({ paused: false, error: null });
  await audio.evaluate((element: HTMLAudioElement) => element.pause());

  await article.getByRole('button', { name: /收藏/ }).click();
  await expect(article.getByRole('button', { name: /取消收藏/ })).toHaveAttribute('aria-pressed', 'true');

  // Escape goes back; the article is in favourites and recently viewed, with no badge yet.
  await page.keyboard.press('Escape');
  await expect(search).toBeFocused();
  await search.fill('');
  const favourites = page.getByRole('list', { name: '我的收藏' });
  await expect(favourites.getByRole('button', { name: /宽带故障报修受理/ })).toBeVisible();
  await expect(page.getByRole('list', { name: '最近浏览' }).getByRole('button', { name: /宽带故障报修受理/ })).toBeVisible();
  await expect(favourites.getByText('有更新')).toHaveCount(0);

  // While the workstation is offline the article changes on the server; after reconnect it is flagged.
  await publishChangedFaultArticle(bench.dataDir);
  await bench.startApi();
  await expect(page.getByTestId('sync-state')).toHaveText('在线', { timeout: 15_000 });
  await expect(favourites.getByRole('button', { name: /宽带故障报修受理/ }).getByText('有更新')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('list', { name: '文章列表' }).getByRole('button', { name: /宽带故障报修受理/ }).getByText('有更新')).toBeVisible();

  await favourites.getByRole('button', { name: /宽带故障报修受理/ }).click();
  await expect(page.getByRole('note')).toContainText('这篇文章在你上次阅读后有更新');
  await expect(page.locator('.article-body').last()).toContainText('2 小时内回访客户');
  await page.getByRole('button', { name: /查看上一版本/ }).click();
  const previous = page.getByRole('region', { name: '上一版本 v1' });
  await expect(previous).toBeVisible();
  await expect(previous).not.toContainText('2 小时内回访客户');
  await readmeScreenshot(page, 'handbook-article');

  // Read now: the badge is gone.
  await page.keyboard.press('Escape');
  await expect(favourites.getByText('有更新')).toHaveCount(0);
});

test('hostile text typed in the search box never breaks the handbook', async ({ page, bench }) => {
  await page.goto(bench.host.url);
  await signIn(page, '1002');
  const search = page.getByRole('searchbox', { name: '搜索服务宝典' });
  await waitForFirstSync(page);
  await page.keyboard.press('/');
  await expect(search).toBeFocused();
  for (const hostile of ['"', 'NEAR(宽带', '宽带 OR 1=1', "'; DROP TABLE handbook_articles; --", '\\*-()[]{}', '😀📞', '宽'.repeat(2000)]) {
    await search.fill(hostile);
    await expect(page.locator('.result-count')).toBeVisible();
  }
  await search.fill('携号转网');
  await expect(page.getByRole('list', { name: '搜索结果' }).getByRole('button', { name: '携号转网咨询与办理' })).toBeVisible();
  await readmeScreenshot(page, 'handbook-search');
});
