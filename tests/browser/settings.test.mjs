// In the browser: switch the interface to Dutch in /settings, sign out, a
// Dutch browser sees Dutch, and the sign-in form works from the keyboard with
// a visible focus.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from '../e2e/lib/server.mjs';
import { launch, newPage, shoot, assertNoProblems, signIn, lang, me } from '../e2e/lib/browser.mjs';

const MO = { email: 'mo@example.com', name: 'Mo Member' };
const server = useServer({ users: [{ email: 'ann@example.com', name: 'Ann Admin', role: 'admin' }, MO] });
let browser;

before(async () => {
	browser = await launch();
});
after(async () => {
	await browser?.close();
});

test('switch to Dutch in /settings, then sign out', async () => {
	await server.ready;
	const { context, page } = await newPage(browser, { locale: 'en-US' });
	page.on('dialog', (d) => d.accept()); // data-confirm forms ask first
	await signIn(page, server.url, MO.email, PASSWORD);
	await page.goto(`${server.url}/settings`);
	assert.equal(await lang(page), 'en');
	await shoot(page, 'settings');
	assertNoProblems(page, '/settings');

	const form = page.locator('form[action="/settings/language"]');
	const radio = form.locator('input[name="language"][value="nl"]');
	if (await radio.count()) await radio.check();
	else await form.locator('select[name="language"]').selectOption('nl');
	await Promise.all([page.waitForLoadState('load'), form.locator('[type="submit"]').click()]);
	await page.waitForFunction(() => document.documentElement.lang === 'nl', null, { timeout: 8000 });
	assert.equal(await lang(page), 'nl');
	const nav = await page.locator('nav').first().innerText();
	assert.match(nav, /Vragen/, `Dutch navigation: ${nav}`);
	/* Settings is an icon beside the bell on desktops, named for screen readers */
	assert.equal(await page.locator('a.account-icon[href="/settings"]').getAttribute('aria-label'), 'Instellingen');
	assert.equal((await me(page)).language, 'nl');
	await shoot(page, 'settings-nl');

	// other pages follow the setting, though the browser asks for English
	await page.goto(`${server.url}/people`);
	assert.equal(await lang(page), 'nl');
	await shoot(page, 'people-nl');

	await Promise.all([
		page.waitForURL((u) => u.pathname === '/signin'),
		page.locator('form[action="/signout"] [type="submit"]').first().click(),
	]);
	await shoot(page, 'signin-after-signout');
	const r = await page.goto(`${server.url}/settings`);
	assert.equal(new URL(page.url()).pathname, '/signin', 'signed out');
	assert.ok(r.ok());
	assertNoProblems(page, 'after sign-out');
	await context.close();
});

test('a Dutch browser gets the Dutch sign-in page ("Inloggen")', async () => {
	const { context, page } = await newPage(browser, { locale: 'nl-NL' });
	await page.goto(`${server.url}/signin`);
	assert.equal(await lang(page), 'nl');
	const button = page.locator('form:has(input[name="password"]) [type="submit"]');
	assert.match(await button.innerText(), /Inloggen/);
	await shoot(page, 'signin-nl');
	assertNoProblems(page, 'Dutch /signin');
	await context.close();
});

// The styles that can show focus, on the element and its parent (a wrapper may
// carry the ring through :focus-within).
function focusStyles(el) {
	const pick = (n) => {
		const cs = getComputedStyle(n);
		return [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.boxShadow, cs.borderColor, cs.backgroundColor, cs.textDecorationLine].join('|');
	};
	return pick(el) + '||' + (el.parentElement ? pick(el.parentElement) : '');
}

async function assertFocusVisible(page, what) {
	const el = await page.evaluateHandle(() => document.activeElement);
	const info = await el.evaluate((e) => {
		const r = e.getBoundingClientRect();
		return { tag: e.tagName, visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth };
	});
	assert.ok(info.visible, `${what}: the focused ${info.tag} is not on screen`);
	// let focus/blur transitions finish before reading the styles
	const settle = () => page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))));
	await settle();
	const focused = await el.evaluate(focusStyles);
	await el.evaluate((e) => e.blur());
	await settle();
	const blurred = await el.evaluate(focusStyles);
	await el.evaluate((e) => e.focus());
	await settle();
	assert.notEqual(focused, blurred, `${what}: focus changes nothing visible on the ${info.tag}`);
}

test('keyboard: the skip link and the form are reached with visible focus; Enter signs in', async () => {
	const { context, page } = await newPage(browser);
	await page.goto(`${server.url}/signin`);
	const active = () => page.evaluate(() => ({
		tag: document.activeElement.tagName, href: document.activeElement.getAttribute('href'), name: document.activeElement.getAttribute('name'),
	}));
	const isSkip = (a) => a.tag === 'A' && (a.href || '').startsWith('#');
	let first = await active();
	if (first.name !== 'email') {
		// no autofocus: the first Tab stop must be the skip link or the e-mail field
		await page.keyboard.press('Tab');
		first = await active();
		assert.ok(isSkip(first) || first.name === 'email', `the first Tab stop is neither a skip link nor the e-mail field: ${JSON.stringify(first)}`);
		await assertFocusVisible(page, 'first Tab stop');
	}
	// from the (auto)focused e-mail field, Shift+Tab leads back to the skip link
	let presses = 0;
	while ((await active()).name !== 'email') {
		assert.ok(++presses <= 8, 'the e-mail field is not reached by Tab');
		await page.keyboard.press('Tab');
	}
	await assertFocusVisible(page, 'e-mail field');
	presses = 0;
	while (!isSkip(await active())) {
		assert.ok(++presses <= 8, 'no skip link before the form (Shift+Tab from the e-mail field)');
		await page.keyboard.press('Shift+Tab');
	}
	await assertFocusVisible(page, 'skip link');
	await shoot(page, 'signin-skip-link');

	presses = 0;
	while ((await active()).name !== 'email') {
		assert.ok(++presses <= 8, 'the e-mail field is not reached by Tab');
		await page.keyboard.press('Tab');
	}
	await page.keyboard.type(MO.email);
	presses = 0;
	while ((await active()).name !== 'password') {
		assert.ok(++presses <= 3, 'the password field does not follow the e-mail field');
		await page.keyboard.press('Tab');
	}
	await assertFocusVisible(page, 'password field');
	await page.keyboard.type(PASSWORD);
	await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.keyboard.press('Enter')]);
	assert.equal((await me(page)).email, MO.email);
	await context.close();
});

test('keyboard: the skip link moves focus to the main content', async () => {
	const { context, page } = await newPage(browser);
	await signIn(page, server.url, MO.email, PASSWORD);
	await page.goto(`${server.url}/people`);
	await page.keyboard.press('Tab');
	const href = await page.evaluate(() => document.activeElement.getAttribute('href'));
	assert.ok(href && href.startsWith('#'), `first Tab stop on /people: ${href}`);
	await page.keyboard.press('Enter');
	const target = await page.evaluate(() => document.activeElement.id || document.activeElement.tagName);
	assert.equal(`#${target}`, href, 'focus moved to the skip target');
	await context.close();
});
