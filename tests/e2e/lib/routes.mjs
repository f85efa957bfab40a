// routes.mjs — the route table as the binary states it (`plein routes`:
// "METHOD PATH FLAGS POLICY" per line), for tests that must cover every
// route without a list of their own that could fall behind.
import assert from 'node:assert/strict';
import { runPlein, assertCleanExit } from './server.mjs';

export const POLICIES = ['public', 'signed-in', 'browse', 'admin', 'object'];

/** [{method, path, flags: Set, policy, key: "METHOD PATH", params: [names]}] */
export async function readRoutes() {
	const r = await runPlein(['routes']);
	assertCleanExit(r, 'plein routes');
	const out = [];
	for (const line of r.stdout.split('\n')) {
		if (!line.trim()) continue;
		const parts = line.trim().split(/\s+/);
		assert.equal(parts.length, 4, `plein routes: not "METHOD PATH FLAGS POLICY": ${JSON.stringify(line)}`);
		const [method, path, flags, policy] = parts;
		out.push({
			method, path, policy, key: `${method} ${path}`,
			flags: new Set(flags === '-' ? [] : flags.split(',')),
			params: [...path.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]),
		});
	}
	assert.ok(out.length >= 20, `plein routes listed only ${out.length} routes:\n${r.stdout}`);
	return out;
}

/** What a path parameter names: the literal segment before it ("posts" for
 * /posts/{id}, "reactions" for /posts/{id}/reactions/{kind}), or after
 * another parameter "<segment>.<param>" ("files.name" for /files/{id}/{name}). */
export function paramKind(path, param) {
	const segs = path.split('/');
	const i = segs.indexOf(`{${param}}`);
	if (i > 0 && !segs[i - 1].startsWith('{')) return segs[i - 1];
	return `${segs[i - 2]}.${param}`;
}

/** Fill path parameters from values[paramKind]. Throws "no fixture for …". */
export function fillPath(path, values) {
	return path.replace(/\{([a-z_]+)\}/g, (m, param) => {
		const kind = paramKind(path, param);
		const v = values[kind];
		if (v === undefined || v === null) throw new Error(`no fixture for {${param}} (“${kind}”) in ${path}`);
		return encodeURIComponent(String(v));
	});
}
