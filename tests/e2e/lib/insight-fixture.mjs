// insight-fixture.mjs — a done insight snapshot written straight into the
// database, shaped exactly as docs/design-insight.md says, for the insight
// page and browser tests (the computation has its own tests). Hostile on
// purpose: a department named like markup and like a spreadsheet formula,
// and a department of 3 people that the pages must never show on its own
// (the computation merges those; the pages drop any that slipped through).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const DEPARTMENTS = ['Finance', 'HR', 'IT', '<b>Sales</b>', '=HYPERLINK("x")'];
export const TINY = 'Tiny Legal';

/** The snapshot's figures; ids: {key: person id} of the people to rank. */
export function insightFixture(ids, today = Math.floor(Date.now() / 86400000)) {
	const day = today - 1;
	const period = (days, k) => ({
		from_day: day - days + 1, to_day: day, days,
		people: 120, active: Math.round(60 * k), inactive: 120 - Math.round(60 * k),
		contributors: Math.round(20 * k), frequent: Math.round(4 * k), occasional: Math.round(16 * k), readers: Math.round(40 * k),
		dau_mean: 12.5 * k, wau: Math.round(40 * k), mau: Math.round(60 * k), stickiness: 0.21,
		posts: Math.round(30 * k * days / 30), comments: Math.round(80 * k * days / 30), reactions: 200, questions: 6, answers: 9,
		questions_answered_share: 0.83, median_first_answer_seconds: 5400,
		active_groups: 11, groups: 20,
		departments: [
			...DEPARTMENTS.map((name, i) => ({ name, people: 20 + i, active: 10 + i, contributors: 3 + i, readers: 7, posts: 5 + i })),
			{ name: TINY, people: 3, active: 2, contributors: 1, readers: 1, posts: 1 },
			{ name: '', other: true, people: 7, active: 3, contributors: 1, readers: 2, posts: 1 },
		],
		locations: [{ name: 'Utrecht', people: 70, active: 40, contributors: 12, readers: 28, posts: 20 },
			{ name: 'Zwolle', people: 50, active: 20, contributors: 8, readers: 12, posts: 10 }],
		topics: [{ name: 'subsidies', posts: 12, before: 3, growth: 3.25 }, { name: 'modems', posts: 5, before: 4, growth: 1.2 }],
	});
	const periods = {};
	for (const d of [7, 30, 90, 365]) periods[d] = { current: period(d, 1), previous: period(d, 0.8) };
	const n = 365;
	const adoption = {
		day,
		accounts: { not_activated: 14, invited_pending: 5, activated: 120, deactivated: 3,
			activated_by_week: Array.from({ length: 26 }, (_, i) => ({ start_day: day - 7 * (26 - i) + 1, activated: 1 + (i % 4) })) },
		daily: { from_day: day - n + 1,
			dau: Array.from({ length: n }, (_, i) => 8 + (i % 7 < 5 ? 6 : 0) + Math.round(i / 60)),
			wau: Array.from({ length: n }, (_, i) => 30 + Math.round(i / 30)),
			mau: Array.from({ length: n }, (_, i) => 50 + Math.round(i / 40)) },
		weekly: Array.from({ length: 104 }, (_, i) => ({ start_day: day - 7 * (104 - i) + 1, posts: 5 + (i % 5), comments: 12 + (i % 7),
			questions: 1 + (i % 3), answers: 2 + (i % 2), reactions: 30, active: 40 + (i % 9) })),
		monthly: Array.from({ length: 24 }, (_, i) => ({ month: new Date(Date.UTC(2024, 11 + i, 1)).toISOString().slice(0, 7),
			active: 50 + i, contributors: 15 + (i % 4) })),
		periods,
	};
	const names = [...DEPARTMENTS, TINY];
	const ties = names.map((_, i) => names.map((__, j) => (i === j ? 40 + i : (i + j) % 4 === 0 ? 0 : 3 + i + j)));
	const network = {
		people: 120, ties: 830, interactions: 5200,
		by_kind: { follow: 900, comment: 2000, reply: 300, reaction: 1500, mention: 200, praise: 30, answer: 90, accepted: 20, helpful: 60 },
		weights: { follow: 1, reaction: 1, comment: 2, reply: 2, mention: 2, helpful: 1, answer: 3, accepted: 3, praise: 3 },
		half_life_days: 180,
		departments: names.map((name, i) => ({ name, people: name === TINY ? 3 : 20 + i, ties_inside: 40 + i, ties_outside: 30 + i,
			openness: 0.43, departments_reached: 4, isolated: 1, newcomers_unconnected: 1, pagerank_share: 0.18, bridges: 1,
			x: [0.2, 0.8, 0.5, 0.1, 0.9, 0.5][i], y: [0.2, 0.2, 0.5, 0.8, 0.8, 0.95][i] })),
		matrix: { names, ties, weight: ties.map((r) => r.map((v) => v * 2.5)) },
		quiet_pairs: [{ a: 'Finance', b: 'IT', ties: 0, expected: 12.1, ratio: 0 }, { a: 'HR', b: '<b>Sales</b>', ties: 2, expected: 10.4, ratio: 0.19 },
			{ a: TINY, b: 'IT', ties: 1, expected: 3, ratio: 0.33 }],
		communities: { algorithm: 'leiden', count: 4, small: 1, modularity: 0.41, nmi_departments: 0.52,
			list: [{ id: 0, size: 50, departments: [{ name: 'Finance', share: 0.6 }, { name: 'IT', share: 0.3 }] },
				{ id: 1, size: 40, departments: [{ name: 'HR', share: 0.7 }] },
				{ id: 2, size: 27, departments: [{ name: '<b>Sales</b>', share: 0.9 }, { name: TINY, share: 0.1 }] },
				{ id: 3, size: 3, departments: [{ name: TINY, share: 1 }] }] },
		betweenness: { samples: 120, people: 120, exact: true },
		isolated: 5, newcomers: 9, newcomers_unconnected: 3,
	};
	const summary = { dau: 14, wau: 42, mau: 61, stickiness: 0.23, people: 120, active_30: 60, contributors_30: 20, ties: 830,
		communities: 4, modularity: 0.41, nmi_departments: 0.52, isolated: 5, newcomers_unconnected: 3, seconds: 1.2, peak_rss_mb: 40 };
	const keys = Object.keys(ids);
	const people = keys.map((k, i) => ({ person_id: ids[k], pagerank: 0.1 / (i + 1), pagerank_rank: i + 1,
		betweenness: 500 / (i + 1), betweenness_rank: i + 1, ties: i === keys.length - 1 ? 0 : i === keys.length - 2 ? 1 : 5 - (i % 5), departments: 2,
		community: i % 3, activity: 40 - i, helpful: 3, ambassador: 0.9 - i * 0.05, ambassador_rank: i + 1,
		flags: (i === keys.length - 1 ? 1 : 0) | (i === keys.length - 2 ? 2 : 0) | (i === 0 ? 4 : 0) }));
	const nodes = keys.map((k, i) => ({ id: ids[k], x: (i * 0.37) % 1, y: (i * 0.61) % 1, department: DEPARTMENTS[i % 3],
		community: i % 3, pagerank_rank: i + 1 }));
	const edges = nodes.slice(1).map((_, i) => [i, i + 1, 2 + i]);
	return { day, adoption, network, summary, people_graph: { nodes, edges }, people };
}

const q = (v) => `'${JSON.stringify(v).replaceAll("'", "''")}'`;

/** Write the fixture as a done snapshot (plus an older one for the trends); returns its id. */
export function writeSnapshot(dataDir, f, { older = 2 } = {}) {
	const sql = (text) => execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(dataDir, 'plein.db'), text], { encoding: 'utf8' }).trim();
	const now = Math.floor(Date.now() / 1000);
	for (let k = older; k >= 1; k--) {
		const s = { ...f.summary, dau: f.summary.dau - 2 * k, ties: f.summary.ties - 50 * k, modularity: f.summary.modularity - 0.02 * k };
		sql(`INSERT INTO insight_snapshots(day, trigger, status, progress, created_at, started_at, finished_at, adoption, network, summary)
			VALUES (${f.day - 7 * k}, 'nightly', 'done', 100, ${now - 7 * k * 86400}, ${now - 7 * k * 86400}, ${now - 7 * k * 86400},
			${q(f.adoption)}, ${q(f.network)}, ${q(s)});`);
	}
	const id = Number(sql(`INSERT INTO insight_snapshots(day, trigger, status, progress, created_at, started_at, finished_at,
		adoption, network, summary, people_graph) VALUES (${f.day}, 'nightly', 'done', 100, ${now - 60}, ${now - 60}, ${now - 30},
		${q(f.adoption)}, ${q(f.network)}, ${q(f.summary)}, ${q(f.people_graph)}); SELECT last_insert_rowid();`));
	const rows = f.people.map((p) => `(${id}, ${p.person_id}, ${p.pagerank}, ${p.pagerank_rank}, ${p.betweenness}, ${p.betweenness_rank},
		${p.ties}, ${p.departments}, ${p.community}, ${p.activity}, ${p.helpful}, ${p.ambassador}, ${p.ambassador_rank}, ${p.flags})`);
	if (rows.length) sql(`INSERT INTO insight_people VALUES ${rows.join(',')};`);
	return id;
}
