// Articles in the browser: write one in the editor (title, cover image,
// Markdown, public), save it as a draft, publish it from the drafts page,
// read it (cover, title, byline, body), a colleague comments, the author
// filters "without a reply from you" and answers inline (a details
// element, keyboard-usable), the stream shows the article as a card, and
// the public blog signed out; screenshots at 390 and 1280 px, no sideways
// scrolling on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { useServer, PASSWORD } from '../e2e/lib/server.mjs';
import { Client } from '../e2e/lib/http.mjs';
import { png } from '../e2e/lib/images.mjs';
import { launch, newPage, shoot, assertNoProblems, signIn } from '../e2e/lib/browser.mjs';

const ADA = { email: 'ada@example.com', name: 'Ada Author' };
const RIK = { email: 'rik@example.com', name: 'Rik Reader' };
const server = useServer({ users: [ADA, RIK] });
let browser, page, reader, coverPath;

before(async () => {
	await server.ready;
	const dir = join(tmpdir(), `plein-art-${process.pid}`);
	await mkdir(dir, { recursive: true });
	coverPath = join(dir, 'cover.png');
	// a soft gradient, wide like a cover
	await writeFile(coverPath, png(1200, 500, (x, y) => [40 + (x * 120) / 1200, 90 + (y * 100) / 500, 160 + (x * 60) / 1200]));
	browser = await launch();
	({ page } = await newPage(browser));
	await signIn(page, server.url, ADA.email, PASSWORD);
	({ page: reader } = await newPage(browser));
	await signIn(reader, server.url, RIK.email, PASSWORD);
});
after(async () => {
	await browser?.close();
});

let articleUrl;

test('the editor: title, cover, Markdown, public; save a draft, then publish it', async () => {
	await page.goto(`${server.url}/articles/new`);
	await page.fill('#article-title', 'What we learned from the new office');
	await page.setInputFiles('#article-cover', coverPath);
	await page.fill('#article-body', '## Where we started\n\nWe moved in March. The **biggest surprise** was how much a quiet room helps.\n\n- fewer meetings\n- more decisions\n\n> Start small, write down what you see.\n\nQuestions are welcome below.');
	await page.selectOption('#article-visibility', 'public');
	await page.click('.article-schedule summary');
	await shoot(page, 'article-editor');
	await Promise.all([page.waitForURL(/\/articles\/drafts$/), page.click('button[value="save"]')]);
	assert.match(await page.textContent('.draft-list'), /What we learned from the new office/);
	await shoot(page, 'article-drafts');
	await Promise.all([page.waitForURL(/\/articles\/\d+$/), page.click('.draft button[type="submit"]')]);
	articleUrl = page.url();
	assert.equal(await page.textContent('#article-title'), 'What we learned from the new office');
	assert.ok(await page.locator('img.article-cover').isVisible());
	assertNoProblems(page, 'publishing');
});

test('comments: a colleague asks, the author filters and answers inline', async () => {
	await reader.goto(articleUrl);
	await reader.fill('#comment-text', 'Which room is the quiet one?');
	await Promise.all([reader.waitForURL(/#comment-\d+$/), reader.click('.comment-form button[type="submit"]')]);
	await page.goto(`${articleUrl}?unanswered=1`);
	assert.match(await page.textContent('.article-comment-tabs'), /Without a reply from you\s*1/);
	// keyboard: open the inline reply and type
	await page.focus('.inline-reply summary');
	await page.keyboard.press('Enter');
	// opening it puts the cursor in its text (app.js)
	await page.waitForFunction(() => document.activeElement?.id?.startsWith('reply-'));
	await page.keyboard.type('The one next to the kitchen.');
	await shoot(page, 'article-page-reply');
	await Promise.all([page.waitForURL(/#comment-\d+$/), page.click('.inline-reply button[type="submit"]')]);
	assert.match(await page.textContent('.article-comment-tabs'), /Without a reply from you\s*0/);
	await page.goto(articleUrl);
	await shoot(page, 'article-page');
	assertNoProblems(page, 'the article page');
});

test('the stream card and the blogs', async () => {
	await reader.goto(`${server.url}/discover`);
	const card = reader.locator('.article-card-link').first();
	assert.match(await card.textContent(), /What we learned from the new office/);
	await shoot(reader, 'article-stream-card');
	await reader.goto(`${server.url}/articles`);
	await shoot(reader, 'articles-org-blog');
	const { page: anon } = await newPage(browser);
	await anon.goto(`${server.url}/blog`);
	assert.match(await anon.textContent('.article-list'), /What we learned from the new office/);
	await shoot(anon, 'blog-public');
	await anon.click('.article-card-heading a');
	await anon.waitForURL(/\/articles\/\d+$/);
	assert.match(await anon.textContent('.notice'), /This article is public/);
	await shoot(anon, 'article-public-signed-out');
	assertNoProblems(anon, 'the public blog');
});
