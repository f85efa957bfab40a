// In the browser: upload a profile photo through the real edit page (a file
// input in a multipart form), see it in the header, on the profile and in the
// directory; a GIF is refused with the message next to the field; removing
// asks on a confirmation page first. Screenshots at 390 and 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PASSWORD } from '../e2e/lib/server.mjs';
import { launch, newPage, shoot, assertNoProblems, signIn, me } from '../e2e/lib/browser.mjs';
import { png, GIF_1X1 } from '../e2e/lib/images.mjs';

const MO = { email: 'mo@example.com', name: 'Mo Member' };
const server = useServer({ demo: { people: 12, seed: 3 }, users: [MO] });
let browser;

before(async () => {
	browser = await launch();
});
after(async () => {
	await browser?.close();
});

// a warm diagonal gradient with a dark disc in the middle: easy to recognise when cropped
const portrait = png(600, 800, (x, y) => {
	const d = Math.hypot(x - 300, y - 400);
	return d < 170 ? [40, 50, 70] : [230 - (y >> 3), 150 + (x >> 4), 90 + (x >> 3)];
});

test('upload a photo on the edit page, see it everywhere, remove it after confirming', async () => {
	await server.ready;
	const { context, page } = await newPage(browser);
	await signIn(page, server.url, MO.email, PASSWORD);
	const id = (await me(page)).id;
	await page.goto(`${server.url}/people/${id}/edit`);
	await shoot(page, 'photo-edit-empty');
	assertNoProblems(page, 'edit page');

	// the file input is labelled and says what it takes
	const input = page.getByLabel('Choose a photo');
	assert.equal(await input.getAttribute('accept'), 'image/jpeg,image/png,image/webp');
	assert.match(await page.locator('#photo-hint').innerText(), /JPEG, PNG or WebP, up to 10 MB/);

	// a GIF: refused, the message is next to the field, nothing changed
	await input.setInputFiles({ name: 'anim.gif', mimeType: 'image/gif', buffer: GIF_1X1 });
	await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Upload photo' }).click()]);
	await page.waitForSelector('#photo-error');
	assert.match(await page.locator('#photo-error').innerText(), /not a JPEG, PNG or WebP image/);
	assert.equal(await page.getByLabel('Choose a photo').getAttribute('aria-invalid'), 'true');
	assert.equal((await me(page)).photo, null);
	await shoot(page, 'photo-error');

	// a real photo
	await page.getByLabel('Choose a photo').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: portrait });
	await Promise.all([
		page.waitForURL((u) => u.pathname === `/people/${id}/edit`),
		page.getByRole('button', { name: 'Upload photo' }).click(),
	]);
	const photo = (await me(page)).photo;
	assert.ok(photo && photo['96'] && photo['512'], 'the person has a photo');
	assert.match(await page.locator('.flash').first().innerText(), /The photo has been saved/);
	// the header avatar is the photo, with the name as its text alternative
	const headerImg = page.locator('.account-me img');
	assert.equal(await headerImg.getAttribute('src'), photo['96']);
	assert.equal(await headerImg.getAttribute('alt'), MO.name);
	const loaded = await page.locator('.photo-card img').evaluate((img) => img.complete && img.naturalWidth);
	assert.equal(loaded, 512, 'the 512 px square loads');
	await shoot(page, 'photo-edit-with-photo');
	assertNoProblems(page, 'edit page with photo');

	await page.goto(`${server.url}/people/${id}`);
	const big = page.locator('.profile-head img');
	assert.equal(await big.getAttribute('alt'), MO.name);
	assert.equal(await big.evaluate((img) => img.complete && img.naturalHeight), 512);
	await shoot(page, 'photo-profile');
	assertNoProblems(page, 'profile');

	await page.goto(`${server.url}/people?q=Mo`);
	assert.ok(await page.locator(`.person-card img[src="${photo['96']}"]`).count() >= 1, 'the directory card shows it');
	await shoot(page, 'photo-directory');

	// removing: a confirmation page first, then the initials again
	await page.goto(`${server.url}/people/${id}/edit`);
	await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'Remove photo' }).click()]);
	assert.equal(new URL(page.url()).pathname, `/people/${id}/photo/remove`);
	assert.ok((await me(page)).photo, 'not removed before confirming');
	await shoot(page, 'photo-remove-confirm');
	await Promise.all([
		page.waitForURL((u) => u.pathname === `/people/${id}/edit`),
		page.getByRole('button', { name: 'Remove photo' }).click(),
	]);
	assert.equal((await me(page)).photo, null);
	assert.equal(await page.locator('.account-me img').count(), 0);
	assert.match(await page.locator('.account-me .avatar').innerText(), /MM/);
	assertNoProblems(page, 'after removing');
	await context.close();
});
