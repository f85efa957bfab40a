/* test_posts.c — the conversations core against a real database: post
 * validation (lengths in code points, control characters, UTF-8, kinds,
 * praise, expiry), #topics and @mentions taken from the text, edits and
 * deletes, one-level comment threads, reactions and their cache, follows,
 * and the streams (sources, order, cursor paging, the widening window,
 * visibility for guests and signed-out readers), posts in groups and
 * moving them, each checked against the rows the writes leave behind. */
#include "unit.h"
#include "core/comments.h"
#include "core/follows.h"
#include "core/groups.h"
#include "core/markdown.h"
#include "core/people.h"
#include "core/posts.h"
#include "core/reactions.h"
#include "core/stream.h"
#include "core/topics.h"
#include "core/visibility.h"
#include <time.h>

enum { ANNA, BRAM, CARL, DORA, EDDY, ADMIN, COMM, MOD, FREE, N_PEOPLE };

static const struct {
	const char *name, *role;
	bool deactivated;
} cast[N_PEOPLE] = {
	[ANNA] = { "Anna", "member", false },
	[BRAM] = { "Bram", "member", false },
	[CARL] = { "Carl", "member", false },
	[DORA] = { "Dora", "guest", false },
	[EDDY] = { "Eddy", "member", true },
	[ADMIN] = { "Ada", "admin", false },
	[COMM] = { "Cora", "communicator", false },
	[MOD] = { "Mo", "moderator", false },
	[FREE] = { "Fred", "member", false },  /* follows nobody: a clean home stream */
};

struct fixture {
	char dir[64];
	char path[128];
	struct db *db;
	struct pool *pool;
	int64_t id[N_PEOPLE];
	struct person *who[N_PEOPLE];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f || unit_store_open("posts", f->dir, f->path, &f->db, &f->pool))
		return -1;
	for (int i = 0; i < N_PEOPLE; i++) {
		char email[64];
		snprintf(email, sizeof(email), "p%d@example.com", i);
		if (people_create(f->db, email, cast[i].name, cast[i].role, NULL, &f->id[i]) != PLEIN_OK)
			return -1;
		if (cast[i].deactivated && people_set_status(f->db, f->id[i], "deactivated") != PLEIN_OK)
			return -1;
		if (people_get(f->db, f->pool, f->id[i], &f->who[i]) != PLEIN_OK)
			return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	unit_store_close(f->dir, f->path, f->db, f->pool);
	free(f);
	return 0;
}

/* One integer from the database (asserting the query works). */
static int64_t count0(struct fixture *f, const char *sql)
{
	int64_t n = -1;
	assert_int_equal(db_query_int(f->db, &n, sql, ""), PLEIN_OK);
	return n;
}

static int64_t count1(struct fixture *f, const char *sql, int64_t a)
{
	int64_t n = -1;
	assert_int_equal(db_query_int(f->db, &n, sql, "i", a), PLEIN_OK);
	return n;
}

static int64_t count2(struct fixture *f, const char *sql, int64_t a, int64_t b)
{
	int64_t n = -1;
	assert_int_equal(db_query_int(f->db, &n, sql, "ii", a, b), PLEIN_OK);
	return n;
}

/* Notifications of a kind for a person (about a post, 0: any). */
static int64_t notes(struct fixture *f, int who, const char *kind, int64_t post_id)
{
	int64_t n = -1;
	assert_int_equal(db_query_int(f->db, &n,
		"SELECT count(*) FROM notifications WHERE person_id = ? AND kind = ? AND (?3 = 0 OR post_id = ?3)",
		"isi", f->id[who], kind, post_id), PLEIN_OK);
	return n;
}

static int64_t create_full(struct fixture *f, int author, const struct post_input *in)
{
	int64_t id = 0;
	const char *msg = NULL;
	int rc = posts_create(f->db, f->pool, f->who[author], in, &id, &msg);
	if (rc != PLEIN_OK)
		fail_msg("posts_create(%s): %d %s", in->text ? in->text : "(null)", rc, msg ? msg : "");
	assert_true(id > 0);
	return id;
}

static int64_t create(struct fixture *f, int author, const char *text, const char *visibility)
{
	struct post_input in = { .text = text, .visibility = visibility };
	return create_full(f, author, &in);
}

/* posts_create must refuse with PLEIN_INVALID and a message, writing nothing. */
static void refuse(struct fixture *f, int author, const struct post_input *in)
{
	int64_t before = count0(f, "SELECT count(*) FROM posts");
	int64_t ev = count0(f, "SELECT count(*) FROM events");
	int64_t nt = count0(f, "SELECT count(*) FROM notifications");
	int64_t pr = count0(f, "SELECT count(*) FROM praise");
	int64_t id = 0;
	const char *msg = NULL;
	assert_int_equal(posts_create(f->db, f->pool, f->who[author], in, &id, &msg), PLEIN_INVALID);
	assert_non_null(msg);
	assert_true(strlen(msg) > 5);
	assert_int_equal(count0(f, "SELECT count(*) FROM posts"), before);
	assert_int_equal(count0(f, "SELECT count(*) FROM events"), ev);
	assert_int_equal(count0(f, "SELECT count(*) FROM notifications"), nt);
	assert_int_equal(count0(f, "SELECT count(*) FROM praise"), pr);
}

static struct post *load(struct fixture *f, int64_t id)
{
	struct post *p = NULL;
	assert_int_equal(posts_get(f->db, f->pool, id, &p), PLEIN_OK);
	return p;
}

/* n copies of a UTF-8 sequence, NUL-terminated, in the pool. */
static char *repeat(struct fixture *f, const char *unit, size_t n)
{
	size_t u = strlen(unit);
	char *s = pool_alloc(f->pool, u * n + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * u, unit, u);
	s[u * n] = '\0';
	return s;
}

/* ---- text rules --------------------------------------------------------- */

static void test_text_rules(void **state)
{
	struct fixture *f = *state;
	assert_non_null(posts_text_error(NULL, POST_TEXT_MAX));
	assert_non_null(posts_text_error("", POST_TEXT_MAX));
	assert_non_null(posts_text_error(" \t\r\n \n", POST_TEXT_MAX));
	assert_null(posts_text_error("a", POST_TEXT_MAX));
	assert_null(posts_text_error("line\nline\ttab\r\n", POST_TEXT_MAX));
	/* lengths count code points, not bytes: 2-, 3- and 4-byte characters */
	static const char *const units[] = { "a", "é", "€", "😀" };
	for (size_t i = 0; i < ARRAY_LEN(units); i++) {
		assert_null(posts_text_error(repeat(f, units[i], POST_TEXT_MAX), POST_TEXT_MAX));
		const char *err = posts_text_error(repeat(f, units[i], POST_TEXT_MAX + 1), POST_TEXT_MAX);
		assert_non_null(err);
		assert_non_null(strstr(err, "10,000"));
	}
	/* a comment limit is its own */
	assert_null(posts_text_error("abc", 3));
	assert_non_null(posts_text_error("abcd", 3));
	/* control characters (C0, DEL, C1) and broken UTF-8 */
	static const char *const bad[] = {
		"a\x01" "b", "a\x1b[31m", "a\x7f", "a\xc2\x85" "b", "a\xc2\x9f", "a\x0b", "a\x0c",
		"\xff", "a\xc0\xaf", "a\xed\xa0\x80", "a\xe2\x82", "a\xf8\x88\x80\x80\x80", "\xf4\x90\x80\x80",
		"\xc3", "\x80",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		if (!posts_text_error(bad[i], POST_TEXT_MAX))
			fail_msg("bad text %zu accepted", i);
	/* and through posts_create: refused, nothing written */
	struct post_input in = { .text = repeat(f, "😀", POST_TEXT_MAX + 1) };
	refuse(f, ANNA, &in);
	in.text = "   \n";
	refuse(f, ANNA, &in);
	in.text = "a\x01";
	refuse(f, ANNA, &in);
	in.text = "a\xff";
	refuse(f, ANNA, &in);
	in.text = NULL;
	refuse(f, ANNA, &in);
	/* the longest post is stored whole */
	int64_t id = create(f, ANNA, repeat(f, "😀", POST_TEXT_MAX), NULL);
	struct post *p = load(f, id);
	assert_int_equal(strlen(p->body), 4 * POST_TEXT_MAX);
	assert_string_equal(p->visibility, "organisation");
	assert_string_equal(p->kind, "update");
	assert_null(p->badge);
	assert_string_equal(p->reactions, "");
	assert_int_equal(p->edited_at, 0);
	assert_int_equal(p->deleted_at, 0);
	assert_int_equal(p->author.id, f->id[ANNA]);
	assert_string_equal(p->author.name, "Anna");
	assert_int_equal(count1(f, "SELECT count(*) FROM events WHERE kind = 'post' AND post_id = ?", id), 1);
}

static void test_kinds_and_visibility(void **state)
{
	struct fixture *f = *state;
	static const char *const bad_vis[] = { "", "Public", "group", "organisation ", "private" };
	for (size_t i = 0; i < ARRAY_LEN(bad_vis); i++) {
		struct post_input in = { .text = "hi", .visibility = bad_vis[i] };
		refuse(f, ANNA, &in);
	}
	static const char *const bad_kind[] = { "", "Update", "poll", "announcement\n" };
	for (size_t i = 0; i < ARRAY_LEN(bad_kind); i++) {
		struct post_input in = { .text = "hi", .kind = bad_kind[i] };
		refuse(f, ANNA, &in);
	}
	assert_true(posts_visibility_valid("public") && posts_visibility_valid("organisation"));
	assert_false(posts_visibility_valid(NULL));
	assert_false(posts_kind_valid(NULL));
	assert_false(posts_badge_valid(NULL));
	size_t nb;
	const char *const *badges = posts_badges(&nb);
	assert_true(nb >= 4);
	for (size_t i = 0; i < nb; i++)
		assert_true(posts_badge_valid(badges[i]));
	int64_t id = create(f, ANNA, "Open to all", "public");
	assert_string_equal(load(f, id)->visibility, "public");

	/* expiry: announcements only, and in the future */
	struct post_input in = { .text = "hi", .expires_at = (int64_t)time(NULL) + 3600 };
	refuse(f, ANNA, &in);  /* an update does not expire */
	in.kind = "praise";
	refuse(f, ANNA, &in);
	in.kind = "announcement";
	in.expires_at = (int64_t)time(NULL) - 1;
	refuse(f, COMM, &in);
	in.expires_at = -5;
	refuse(f, COMM, &in);
	in.expires_at = (int64_t)time(NULL) + 3600;
	id = create_full(f, COMM, &in);
	assert_int_equal(load(f, id)->expires_at, in.expires_at);
	assert_string_equal(load(f, id)->kind, "announcement");
	in.expires_at = 0;
	id = create_full(f, ADMIN, &in);
	assert_int_equal(load(f, id)->expires_at, 0);

	/* attachments: at most 10 */
	int64_t att[POST_ATTACHMENTS_MAX + 1] = { 0 };
	struct post_input many = { .text = "files", .attachments = att, .n_attachments = POST_ATTACHMENTS_MAX + 1 };
	refuse(f, ANNA, &many);
}

static void test_praise_rules(void **state)
{
	struct fixture *f = *state;
	int64_t bram = f->id[BRAM], carl = f->id[CARL];
	/* badge and colleagues belong to praise only */
	struct post_input in = { .text = "thanks", .badge = "helpful" };
	refuse(f, ANNA, &in);
	in = (struct post_input){ .text = "thanks", .praised = &bram, .n_praised = 1 };
	refuse(f, ANNA, &in);
	/* praise needs a known badge and 1 … 10 colleagues */
	in = (struct post_input){ .text = "thanks", .kind = "praise", .praised = &bram, .n_praised = 1 };
	refuse(f, ANNA, &in);
	in.badge = "Helpful";
	refuse(f, ANNA, &in);
	in.badge = "helpful";
	in.n_praised = 0;
	refuse(f, ANNA, &in);
	int64_t eleven[POST_PRAISED_MAX + 1];
	for (size_t i = 0; i < ARRAY_LEN(eleven); i++)
		eleven[i] = bram;
	in.praised = eleven;
	in.n_praised = POST_PRAISED_MAX + 1;
	refuse(f, ANNA, &in);
	/* not yourself, not a deactivated colleague, not someone unknown, not
	 * a guest who cannot see an organisation post; all or nothing */
	int64_t self[] = { carl, f->id[ANNA] };
	in.praised = self;
	in.n_praised = 2;
	refuse(f, ANNA, &in);
	int64_t gone[] = { bram, f->id[EDDY] };
	in.praised = gone;
	refuse(f, ANNA, &in);
	int64_t unknown[] = { 424242 };
	in.praised = unknown;
	in.n_praised = 1;
	refuse(f, ANNA, &in);
	int64_t guest[] = { f->id[DORA] };
	in.praised = guest;
	refuse(f, ANNA, &in);
	/* a public praise may thank the guest */
	in.visibility = "public";
	int64_t id = create_full(f, ANNA, &in);
	assert_int_equal(notes(f, DORA, "praise", id), 1);

	/* two colleagues: rows, badge, a notification each */
	int64_t two[] = { bram, carl };
	in = (struct post_input){ .text = "Great work", .kind = "praise", .badge = "team_player", .praised = two,
	                          .n_praised = 2 };
	id = create_full(f, ANNA, &in);
	struct post *p = load(f, id);
	assert_string_equal(p->kind, "praise");
	assert_string_equal(p->badge, "team_player");
	assert_int_equal(count1(f, "SELECT count(*) FROM praise WHERE post_id = ?", id), 2);
	assert_int_equal(notes(f, BRAM, "praise", id), 1);
	assert_int_equal(notes(f, CARL, "praise", id), 1);
	struct post_author *praised;
	size_t n;
	assert_int_equal(posts_praised(f->db, f->pool, id, &praised, &n), PLEIN_OK);
	assert_int_equal(n, 2);
	assert_string_equal(praised[0].name, "Bram");
	assert_string_equal(praised[1].name, "Carl");

	/* the same colleague twice is thanked (and notified) once */
	int64_t twice[] = { bram, bram };
	in.praised = twice;
	id = create_full(f, ANNA, &in);
	assert_int_equal(count1(f, "SELECT count(*) FROM praise WHERE post_id = ?", id), 1);
	assert_int_equal(notes(f, BRAM, "praise", id), 1);
}

/* ---- topics ------------------------------------------------------------- */

static void assert_topics(struct fixture *f, int64_t post_id, const char *const *want, size_t n_want)
{
	const char **names;
	size_t n;
	assert_int_equal(posts_topics(f->db, f->pool, post_id, &names, &n), PLEIN_OK);
	assert_int_equal(count1(f, "SELECT count(*) FROM post_topics WHERE post_id = ?", post_id), n_want);
	if (n != n_want)
		fail_msg("post %lld: %zu topics, want %zu", (long long)post_id, n, n_want);
	for (size_t i = 0; i < n_want; i++) {
		bool found = false;
		for (size_t k = 0; k < n; k++)
			found |= strcmp(names[k], want[i]) == 0;
		if (!found)
			fail_msg("post %lld: topic %s missing", (long long)post_id, want[i]);
	}
}

static void test_topics(void **state)
{
	struct fixture *f = *state;
	struct markdown_refs refs;
	const char *text = "Working on #Subsidies, #subsidies and #SUBSIDIES. C# and F#x are languages, "
	                   "&#39; is a quote, `#code` is code, [see #linked](https://example.com) is a link, "
	                   "a#b is not one, #privé and #prive are one, #a-b- ends at b.\n\n"
	                   "```\n#fenced\n```\n";
	const char *html = markdown_to_html_refs(f->pool, text, strlen(text), &refs);
	assert_non_null(html);
	assert_int_equal(refs.n_topics, 3);
	assert_string_equal(refs.topics[0], "Subsidies");  /* the first spelling wins */
	assert_string_equal(refs.topics[1], "privé");
	assert_string_equal(refs.topics[2], "a-b");
	assert_non_null(strstr(html, "href=\"/topics/subsidies\""));
	assert_non_null(strstr(html, "href=\"/topics/prive\""));
	assert_null(strstr(html, "/topics/code"));
	assert_null(strstr(html, "/topics/linked"));
	assert_null(strstr(html, "/topics/fenced"));
	assert_null(strstr(html, "/topics/39"));
	assert_null(strstr(html, "/topics/x\""));
	assert_null(strstr(html, "/topics/b\""));

	int64_t id = create(f, ANNA, text, NULL);
	static const char *const want[] = { "Subsidies", "privé", "a-b" };
	assert_topics(f, id, want, ARRAY_LEN(want));
	assert_int_equal(count0(f, "SELECT count(*) FROM topics"), 3);
	/* a later post spelled differently joins the same topic, keeping the name */
	int64_t id2 = create(f, BRAM, "More on #SUBSIDIES and #Privé", NULL);
	assert_int_equal(count0(f, "SELECT count(*) FROM topics"), 3);
	struct topic *t;
	assert_int_equal(topics_get(f->db, f->pool, f->who[ANNA], "subsidies", &t), PLEIN_OK);
	assert_string_equal(t->name, "Subsidies");
	assert_string_equal(t->key, "subsidies");
	assert_int_equal(t->posts, 2);
	assert_int_equal(topics_get(f->db, f->pool, f->who[ANNA], "PRIVE", &t), PLEIN_OK);
	assert_string_equal(t->name, "privé");
	assert_int_equal(t->posts, 2);
	assert_int_equal(topics_get(f->db, f->pool, f->who[ANNA], "nothing", &t), PLEIN_NOTFOUND);
	assert_int_equal(topics_get(f->db, f->pool, f->who[ANNA], "bad name!", &t), PLEIN_NOTFOUND);
	(void)id2;

	/* at most 10 per post: the first ten distinct ones */
	char many[400] = "";
	for (int i = 0; i < 12; i++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many), "#t%02d #T%02d ", i, i);
	id = create(f, ANNA, many, NULL);
	const char *ten[10];
	char names[10][16];
	for (int i = 0; i < 10; i++) {
		snprintf(names[i], sizeof(names[i]), "t%02d", i);
		ten[i] = names[i];
	}
	assert_topics(f, id, ten, 10);
	assert_int_equal(count1(f, "SELECT count(*) FROM post_topics pt JOIN topics t ON t.id = pt.topic_id "
	                           "WHERE pt.post_id = ? AND t.key IN ('t10', 't11')", id), 0);

	/* 50 bytes is a topic, 51 is none (and not cut to 50) */
	char t50[64], t51[64], both[160];
	memset(t50, 'k', 50);
	t50[50] = '\0';
	memset(t51, 'm', 51);
	t51[51] = '\0';
	snprintf(both, sizeof(both), "#%s #%s", t50, t51);
	id = create(f, ANNA, both, NULL);
	const char *just50[] = { t50 };
	assert_topics(f, id, just50, 1);
	assert_true(markdown_topic_valid(t50, 50));
	assert_false(markdown_topic_valid(t51, 51));
	assert_false(markdown_topic_valid("", 0));
	assert_false(markdown_topic_valid("-a", 2));
	assert_false(markdown_topic_valid("a-", 2));
	assert_false(markdown_topic_valid("a b", 3));
	assert_false(markdown_topic_valid("a#b", 3));
	/* 25 two-byte letters are 50 bytes: still a topic */
	const char *e25 = repeat(f, "é", 25);
	assert_true(markdown_topic_valid(e25, strlen(e25)));
	/* punctuation, symbols and spaces outside ASCII end a topic; letters of
	 * every script and combining marks belong to it */
	static const struct {
		const char *text, *topic;  /* topic NULL: none */
	} edges[] = {
		{ "#plein’s release", "plein" }, { "#done… next", "done" }, { "#baz—qux", "baz" },
		{ "#nb\xc2\xa0sp", "nb" }, { "#😀 fun", NULL }, { "#… more", NULL }, { "#① one", "①" },
		{ "#中文 text", "中文" }, { "#Ωmega", "Ωmega" }, { "#cafe\xcc\x81 open", "cafe\xcc\x81" },
		{ "…#after ellipsis", "after" }, { "é#b glued", NULL }, { "中#b glued", NULL },
		{ "«#quoted»", "quoted" }, { "#x\xe2\x80\x8by", "x" },
	};
	for (size_t i = 0; i < ARRAY_LEN(edges); i++) {
		assert_non_null(markdown_to_html_refs(f->pool, edges[i].text, strlen(edges[i].text), &refs));
		if (refs.n_topics != (edges[i].topic ? 1u : 0u) ||
		    (edges[i].topic && strcmp(refs.topics[0], edges[i].topic) != 0))
			fail_msg("\"%s\": %zu topics, first \"%s\", want \"%s\"", edges[i].text, refs.n_topics,
			         refs.n_topics ? refs.topics[0] : "", edges[i].topic ? edges[i].topic : "(none)");
	}
	assert_false(markdown_topic_valid("a’s", strlen("a’s")));
	assert_false(markdown_topic_valid("😀", strlen("😀")));
	assert_true(markdown_topic_valid("中文", strlen("中文")));
	char key[MARKDOWN_TOPIC_MAX * 2 + 1];
	assert_true(markdown_topic_key("Privé", strlen("Privé"), key, sizeof(key)));
	assert_string_equal(key, "prive");
	assert_false(markdown_topic_key("a b", 3, key, sizeof(key)));
}

/* ---- mentions ----------------------------------------------------------- */

static void test_mentions(void **state)
{
	struct fixture *f = *state;
	char text[600];
	snprintf(text, sizeof(text),
	         "Hi @[Bram](/people/%lld), again @[B](/people/%lld), @[ghost](/people/987654), "
	         "[elsewhere](https://example.com/people/%lld), @[Dora](/people/%lld), @[Eddy](/people/%lld), "
	         "@[me](/people/%lld), [zero](/people/0), [odd](/people/%lldx)",
	         (long long)f->id[BRAM], (long long)f->id[BRAM], (long long)f->id[CARL], (long long)f->id[DORA],
	         (long long)f->id[EDDY], (long long)f->id[ANNA], (long long)f->id[CARL]);
	struct markdown_refs refs;
	assert_non_null(markdown_to_html_refs(f->pool, text, strlen(text), &refs));
	int64_t want[] = { f->id[BRAM], 987654, f->id[DORA], f->id[EDDY], f->id[ANNA] };
	assert_int_equal(refs.n_mentions, ARRAY_LEN(want));
	for (size_t i = 0; i < ARRAY_LEN(want); i++)
		assert_int_equal(refs.mentions[i], want[i]);

	int64_t id = create(f, ANNA, text, NULL);
	/* rows for people who exist; the unknown id is ignored */
	assert_int_equal(count1(f, "SELECT count(*) FROM mentions WHERE post_id = ?", id), 4);
	assert_int_equal(count1(f, "SELECT count(*) FROM mentions WHERE person_id = 987654 AND post_id = ?", id), 0);
	/* notified: Bram only (the guest cannot see it, Eddy is deactivated,
	 * Anna wrote it, Carl was not mentioned) */
	assert_int_equal(notes(f, BRAM, "mention", id), 1);
	assert_int_equal(notes(f, DORA, "mention", id), 0);
	assert_int_equal(notes(f, EDDY, "mention", id), 0);
	assert_int_equal(notes(f, ANNA, "mention", id), 0);
	assert_int_equal(notes(f, CARL, "mention", id), 0);
	assert_int_equal(count1(f, "SELECT count(*) FROM notifications WHERE post_id = ?", id), 1);
	assert_int_equal(count2(f, "SELECT count(*) FROM events WHERE kind = 'notification' AND person_id = ? "
	                           "AND post_id = ?", f->id[BRAM], id), 1);

	/* an edit keeping Bram and adding Carl notifies Carl only */
	char edited[700];
	snprintf(edited, sizeof(edited), "%s and @[Carl](/people/%lld)", text, (long long)f->id[CARL]);
	const char *msg;
	assert_int_equal(posts_edit(f->db, f->pool, f->who[ANNA], id, edited, &msg), PLEIN_OK);
	assert_int_equal(notes(f, BRAM, "mention", id), 1);
	assert_int_equal(notes(f, CARL, "mention", id), 1);
	/* editing again (Carl still there) notifies no one anew */
	char again[800];
	snprintf(again, sizeof(again), "%s!", edited);
	assert_int_equal(posts_edit(f->db, f->pool, f->who[ANNA], id, again, &msg), PLEIN_OK);
	assert_int_equal(notes(f, BRAM, "mention", id), 1);
	assert_int_equal(notes(f, CARL, "mention", id), 1);

	/* a public post reaches the guest */
	snprintf(text, sizeof(text), "@[Dora](/people/%lld) look", (long long)f->id[DORA]);
	id = create(f, ANNA, text, "public");
	assert_int_equal(notes(f, DORA, "mention", id), 1);

	/* a turned-off kind is not notified, the mention is still recorded */
	assert_int_equal(db_exec(f->db, "INSERT INTO notification_settings(person_id, kind, enabled) VALUES (?, 'mention', 0)",
	                         "i", f->id[CARL]), PLEIN_OK);
	snprintf(text, sizeof(text), "@[Carl](/people/%lld)", (long long)f->id[CARL]);
	id = create(f, BRAM, text, NULL);
	assert_int_equal(notes(f, CARL, "mention", id), 0);
	assert_int_equal(count1(f, "SELECT count(*) FROM mentions WHERE post_id = ?", id), 1);

	/* at most 20 distinct mentions are collected */
	char lots[2000] = "";
	for (int i = 1; i <= 25; i++)
		snprintf(lots + strlen(lots), sizeof(lots) - strlen(lots), "[x](/people/%d) [y](/people/%d) ", i, i);
	assert_non_null(markdown_to_html_refs(f->pool, lots, strlen(lots), &refs));
	assert_int_equal(refs.n_mentions, MARKDOWN_MENTIONS_MAX);
	for (size_t i = 0; i < refs.n_mentions; i++)
		assert_int_equal(refs.mentions[i], (int64_t)i + 1);
}

/* ---- edit and delete ---------------------------------------------------- */

static void test_edit(void **state)
{
	struct fixture *f = *state;
	int64_t id = create(f, ANNA, "first #one", NULL);
	const char *msg = NULL;
	/* unchanged text: no revision, not "edited", no event */
	assert_int_equal(posts_edit(f->db, f->pool, f->who[ANNA], id, "first #one", &msg), PLEIN_OK);
	assert_int_equal(load(f, id)->edited_at, 0);
	assert_int_equal(count1(f, "SELECT count(*) FROM post_revisions WHERE post_id = ?", id), 0);
	assert_int_equal(count1(f, "SELECT count(*) FROM events WHERE kind = 'post_edited' AND post_id = ?", id), 0);
	/* invalid text is refused with a message, nothing changes */
	assert_int_equal(posts_edit(f->db, f->pool, f->who[ANNA], id, "  ", &msg), PLEIN_INVALID);
	assert_non_null(msg);
	assert_int_equal(posts_edit(f->db, f->pool, f->who[ANNA], id, "x\x02", &msg), PLEIN_INVALID);
	assert_int_equal(posts_edit(f->db, f->pool, f->who[ANNA], id, repeat(f, "é", POST_TEXT_MAX + 1), &msg),
	                 PLEIN_INVALID);
	assert_string_equal(load(f, id)->body, "first #one");

	assert_int_equal(posts_edit(f->db, f->pool, f->who[ANNA], id, "second #two", &msg), PLEIN_OK);
	struct post *p = load(f, id);
	assert_string_equal(p->body, "second #two");
	assert_non_null(strstr(p->body_html, "/topics/two"));
	assert_true(p->edited_at >= p->created_at);
	assert_true(p->edited_at > 0);
	static const char *const two[] = { "two" };
	assert_topics(f, id, two, 1);
	struct topic *t;  /* no post uses "one" any more and no one follows it: gone */
	assert_int_equal(topics_get(f->db, f->pool, f->who[ANNA], "one", &t), PLEIN_NOTFOUND);
	assert_int_equal(posts_edit(f->db, f->pool, f->who[ANNA], id, "third, no topic", &msg), PLEIN_OK);
	assert_topics(f, id, NULL, 0);

	struct post_revision *revs;
	size_t n;
	assert_int_equal(posts_revisions(f->db, f->pool, id, &revs, &n), PLEIN_OK);
	assert_int_equal(n, 2);
	assert_string_equal(revs[0].body, "first #one");
	assert_string_equal(revs[1].body, "second #two");
	assert_non_null(strstr(revs[0].body_html, "first"));
	assert_int_equal(revs[0].editor_id, f->id[ANNA]);
	assert_true(revs[0].created_at <= revs[1].created_at);
	assert_int_equal(count1(f, "SELECT count(*) FROM events WHERE kind = 'post_edited' AND post_id = ?", id), 2);
	assert_int_equal(posts_edit(f->db, f->pool, f->who[ANNA], 999999, "x", &msg), PLEIN_NOTFOUND);
}

static void test_delete(void **state)
{
	struct fixture *f = *state;
	int64_t id = create(f, ANNA, "secret #plans", NULL);
	const char *msg;
	assert_int_equal(posts_edit(f->db, f->pool, f->who[ANNA], id, "secret #plans v2", &msg), PLEIN_OK);
	int64_t cid;
	struct post *p = load(f, id);
	assert_int_equal(comments_create(f->db, f->pool, f->who[BRAM], p, 0, "a reply", NULL, 0, &cid, &msg), PLEIN_OK);
	assert_int_equal(posts_delete(f->db, f->who[ANNA], id), PLEIN_OK);
	p = load(f, id);
	assert_string_equal(p->body, "");
	assert_string_equal(p->body_html, "");
	assert_true(p->deleted_at > 0);
	assert_int_equal(count1(f, "SELECT count(*) FROM post_revisions WHERE post_id = ?", id), 0);
	assert_int_equal(count1(f, "SELECT count(*) FROM post_topics WHERE post_id = ?", id), 0);
	assert_int_equal(count1(f, "SELECT count(*) FROM comments WHERE post_id = ? AND (body <> '' OR body_html <> '' "
	                           "OR deleted_at IS NULL)", id), 0);
	assert_int_equal(count1(f, "SELECT count(*) FROM events WHERE kind = 'post_deleted' AND post_id = ?", id), 1);
	struct topic *t;  /* its only post is deleted: the topic's name leaves no trace */
	assert_int_equal(topics_get(f->db, f->pool, f->who[ANNA], "plans", &t), PLEIN_NOTFOUND);
	/* gone means gone: a second delete, an edit */
	assert_int_equal(posts_delete(f->db, f->who[ANNA], id), PLEIN_NOTFOUND);
	assert_int_equal(posts_delete(f->db, f->who[ANNA], 999999), PLEIN_NOTFOUND);
	assert_int_equal(posts_edit(f->db, f->pool, f->who[ANNA], id, "back", &msg), PLEIN_NOTFOUND);
	assert_int_equal(count1(f, "SELECT count(*) FROM events WHERE kind = 'post_deleted' AND post_id = ?", id), 1);
	struct post_revision *revs;
	size_t n;
	assert_int_equal(posts_revisions(f->db, f->pool, id, &revs, &n), PLEIN_OK);
	assert_int_equal(n, 0);
	assert_false(visibility_can_see_post(f->who[ANNA], p));
}

/* ---- comments ----------------------------------------------------------- */

static int64_t comment(struct fixture *f, int who, struct post *post, int64_t parent, const char *text)
{
	int64_t id = 0;
	const char *msg = NULL;
	int rc = comments_create(f->db, f->pool, f->who[who], post, parent, text, NULL, 0, &id, &msg);
	if (rc != PLEIN_OK)
		fail_msg("comments_create: %d %s", rc, msg ? msg : "");
	return id;
}

static void test_comments(void **state)
{
	struct fixture *f = *state;
	int64_t pid = create(f, ANNA, "What do you think?", NULL);
	struct post *post = load(f, pid);
	/* Anna's own comment on her post notifies no one */
	int64_t c0 = comment(f, ANNA, post, 0, "Context first");
	assert_int_equal(count0(f, "SELECT count(*) FROM notifications"), 0);
	int64_t c1 = comment(f, BRAM, post, 0, "Looks good");
	assert_int_equal(notes(f, ANNA, "reply", pid), 1);
	/* Carl answers Bram: the post's author and Bram hear of it */
	int64_t c2 = comment(f, CARL, post, c1, "Agreed with Bram");
	assert_int_equal(notes(f, ANNA, "reply", pid), 2);
	assert_int_equal(notes(f, BRAM, "reply", pid), 1);
	/* Anna answers Carl's reply: it joins Bram's thread; Carl hears, Anna not */
	int64_t c3 = comment(f, ANNA, post, c2, "Thanks both");
	struct comment *c;
	assert_int_equal(comments_get(f->db, f->pool, c3, &c), PLEIN_OK);
	assert_int_equal(c->parent_id, c1);
	assert_int_equal(c->post_id, pid);
	assert_int_equal(notes(f, CARL, "reply", pid), 1);
	assert_int_equal(notes(f, ANNA, "reply", pid), 2);
	int64_t c4 = comment(f, CARL, post, 0, "Another thought");
	int64_t c5 = comment(f, BRAM, post, c1, "Late to my own thread");
	assert_int_equal(comments_get(f->db, f->pool, c5, &c), PLEIN_OK);
	assert_int_equal(c->parent_id, c1);
	assert_int_equal(count1(f, "SELECT comment_count FROM posts WHERE id = ?", pid), 6);
	assert_int_equal(count1(f, "SELECT count(*) FROM events WHERE kind = 'comment' AND post_id = ?", pid), 6);

	/* thread order: each top-level comment, then its replies */
	struct comment *list;
	size_t n;
	assert_int_equal(comments_list(f->db, f->pool, pid, 0, 100, &list, &n), PLEIN_OK);
	int64_t order[] = { c0, c1, c2, c3, c5, c4 };
	assert_int_equal(n, ARRAY_LEN(order));
	for (size_t i = 0; i < n; i++)
		assert_int_equal(list[i].id, order[i]);
	/* after: only newer comments, still in thread order */
	assert_int_equal(comments_list(f->db, f->pool, pid, c3, 100, &list, &n), PLEIN_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, c5);
	assert_int_equal(list[1].id, c4);
	assert_int_equal(comments_list(f->db, f->pool, pid, 0, 2, &list, &n), PLEIN_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[1].id, c1);

	/* delete: recounted, text gone, replies stay; a second delete NOTFOUND */
	assert_int_equal(comments_delete(f->db, c1), PLEIN_OK);
	assert_int_equal(count1(f, "SELECT comment_count FROM posts WHERE id = ?", pid), 5);
	assert_int_equal(comments_get(f->db, f->pool, c1, &c), PLEIN_OK);
	assert_string_equal(c->body, "");
	assert_string_equal(c->body_html, "");
	assert_true(c->deleted_at > 0);
	assert_int_equal(comments_delete(f->db, c1), PLEIN_NOTFOUND);
	assert_int_equal(comments_delete(f->db, 999999), PLEIN_NOTFOUND);
	assert_int_equal(count1(f, "SELECT comment_count FROM posts WHERE id = ?", pid), 5);
	assert_int_equal(comments_list(f->db, f->pool, pid, 0, 100, &list, &n), PLEIN_OK);
	assert_int_equal(n, 6);
	/* answering a deleted comment's thread still works */
	int64_t c6 = comment(f, CARL, post, c2, "still here");
	assert_int_equal(comments_get(f->db, f->pool, c6, &c), PLEIN_OK);
	assert_int_equal(c->parent_id, c1);
	assert_int_equal(count1(f, "SELECT comment_count FROM posts WHERE id = ?", pid), 6);

	/* a parent from another post, or none at all: refused, nothing written */
	int64_t other = create(f, BRAM, "Other post", NULL);
	struct post *op = load(f, other);
	int64_t oc = comment(f, ANNA, op, 0, "on the other");
	int64_t before = count0(f, "SELECT count(*) FROM comments");
	int64_t nt = count0(f, "SELECT count(*) FROM notifications");
	int64_t id;
	const char *msg = NULL;
	assert_int_equal(comments_create(f->db, f->pool, f->who[CARL], post, oc, "cross", NULL, 0, &id, &msg),
	                 PLEIN_INVALID);
	assert_non_null(msg);
	assert_int_equal(comments_create(f->db, f->pool, f->who[CARL], post, 999999, "nowhere", NULL, 0, &id, &msg),
	                 PLEIN_INVALID);
	assert_int_equal(comments_create(f->db, f->pool, f->who[CARL], post, 0, " \n ", NULL, 0, &id, &msg),
	                 PLEIN_INVALID);
	assert_int_equal(comments_create(f->db, f->pool, f->who[CARL], post, 0, "bad\x01", NULL, 0, &id, &msg),
	                 PLEIN_INVALID);
	assert_int_equal(comments_create(f->db, f->pool, f->who[CARL], post, 0,
	                                 repeat(f, "é", COMMENT_TEXT_MAX + 1), NULL, 0, &id, &msg), PLEIN_INVALID);
	assert_int_equal(count0(f, "SELECT count(*) FROM comments"), before);
	assert_int_equal(count0(f, "SELECT count(*) FROM notifications"), nt);
	assert_int_equal(count1(f, "SELECT comment_count FROM posts WHERE id = ?", pid), 6);

	/* a post deleted after the caller read it takes no new comments */
	int64_t doomed = create(f, BRAM, "soon gone", NULL);
	struct post *stale = load(f, doomed);
	assert_int_equal(posts_delete(f->db, f->who[BRAM], doomed), PLEIN_OK);
	before = count0(f, "SELECT count(*) FROM comments");
	assert_int_equal(comments_create(f->db, f->pool, f->who[CARL], stale, 0, "too late", NULL, 0, &id, &msg),
	                 PLEIN_NOTFOUND);
	assert_int_equal(count0(f, "SELECT count(*) FROM comments"), before);
	assert_int_equal(count1(f, "SELECT comment_count FROM posts WHERE id = ?", doomed), 0);

	/* mentions in a comment: those who can see the post, once */
	char text[200];
	snprintf(text, sizeof(text), "cc @[Dora](/people/%lld) @[Mo](/people/%lld) @[Mo](/people/%lld)",
	         (long long)f->id[DORA], (long long)f->id[MOD], (long long)f->id[MOD]);
	int64_t cm = comment(f, CARL, post, 0, text);
	assert_int_equal(count2(f, "SELECT count(*) FROM notifications WHERE kind = 'mention' AND comment_id = ? "
	                           "AND person_id = ?", cm, f->id[MOD]), 1);
	assert_int_equal(notes(f, DORA, "mention", 0), 0);
	assert_int_equal(count1(f, "SELECT count(*) FROM mentions WHERE comment_id = ?", cm), 2);
	assert_int_equal(comments_delete(f->db, cm), PLEIN_OK);
	assert_int_equal(count1(f, "SELECT count(*) FROM mentions WHERE comment_id = ?", cm), 0);
}

/* ---- reactions ---------------------------------------------------------- */

/* The cache string as it should be, built from the rows in kind order. */
static const char *cache_from_rows(struct fixture *f, int64_t post_id)
{
	char *out = pool_zalloc(f->pool, 256);
	for (size_t i = 0; i < REACTION_KINDS; i++) {
		int64_t n = -1;
		assert_int_equal(db_query_int(f->db, &n, "SELECT count(*) FROM reactions WHERE post_id = ? AND kind = ?",
		                              "is", post_id, reaction_kinds[i].key), PLEIN_OK);
		if (n)
			snprintf(out + strlen(out), 256 - strlen(out), "%s%s:%lld", *out ? "," : "", reaction_kinds[i].key,
			         (long long)n);
	}
	return out;
}

static void test_reactions(void **state)
{
	struct fixture *f = *state;
	int64_t pid = create(f, ANNA, "React to me", NULL);
	struct post *post = load(f, pid);
	bool changed = true;
	static const char *const bad[] = { "dislike", "", "Like", "like ", "downvote" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		assert_int_equal(reactions_set(f->db, f->who[BRAM], post, bad[i], true, &changed), PLEIN_INVALID);
		assert_false(changed);
	}
	assert_int_equal(reactions_set(f->db, f->who[BRAM], post, NULL, true, &changed), PLEIN_INVALID);
	assert_int_equal(count0(f, "SELECT count(*) FROM reactions"), 0);

	assert_int_equal(reactions_set(f->db, f->who[BRAM], post, "like", true, &changed), PLEIN_OK);
	assert_true(changed);
	assert_string_equal(load(f, pid)->reactions, "like:1");
	assert_int_equal(notes(f, ANNA, "reaction", pid), 1);
	assert_int_equal(count1(f, "SELECT count(*) FROM events WHERE kind = 'reaction' AND post_id = ?", pid), 1);
	/* again: nothing changes, no second notification or event */
	assert_int_equal(reactions_set(f->db, f->who[BRAM], post, "like", true, &changed), PLEIN_OK);
	assert_false(changed);
	assert_int_equal(notes(f, ANNA, "reaction", pid), 1);
	assert_int_equal(count1(f, "SELECT count(*) FROM events WHERE kind = 'reaction' AND post_id = ?", pid), 1);
	assert_int_equal(reactions_set(f->db, f->who[CARL], post, "laugh", true, &changed), PLEIN_OK);
	assert_int_equal(reactions_set(f->db, f->who[BRAM], post, "heart", true, &changed), PLEIN_OK);
	assert_int_equal(reactions_set(f->db, f->who[CARL], post, "like", true, &changed), PLEIN_OK);
	/* Anna reacting to her own post: counted, not notified */
	assert_int_equal(reactions_set(f->db, f->who[ANNA], post, "tada", true, &changed), PLEIN_OK);
	assert_true(changed);
	const char *cache = load(f, pid)->reactions;
	assert_string_equal(cache, "like:2,heart:1,tada:1,laugh:1");
	assert_string_equal(cache, cache_from_rows(f, pid));
	/* one unread reaction notification per colleague and post (Bram, Carl), however many kinds */
	assert_int_equal(notes(f, ANNA, "reaction", pid), 2);
	assert_int_equal(reactions_count(cache, "like"), 2);
	assert_int_equal(reactions_count(cache, "laugh"), 1);
	assert_int_equal(reactions_count(cache, "bulb"), 0);
	assert_int_equal(reactions_count(cache, "lik"), 0);
	assert_int_equal(reactions_count("", "like"), 0);
	assert_int_equal(reactions_count("garbage", "like"), 0);

	unsigned mask;
	assert_int_equal(reactions_mine(f->db, f->id[BRAM], pid, &mask), PLEIN_OK);
	assert_int_equal(mask, (1u << 0) | (1u << 2));
	struct reactor *who;
	size_t n;
	assert_int_equal(reactions_who(f->db, f->pool, pid, 10, &who, &n), PLEIN_OK);
	assert_int_equal(n, 5);
	assert_int_equal(reactions_who(f->db, f->pool, pid, 2, &who, &n), PLEIN_OK);
	assert_int_equal(n, 2);

	/* off: idempotent too */
	assert_int_equal(reactions_set(f->db, f->who[BRAM], post, "like", false, &changed), PLEIN_OK);
	assert_true(changed);
	assert_int_equal(reactions_set(f->db, f->who[BRAM], post, "like", false, &changed), PLEIN_OK);
	assert_false(changed);
	assert_int_equal(reactions_set(f->db, f->who[MOD], post, "bulb", false, &changed), PLEIN_OK);
	assert_false(changed);
	assert_string_equal(load(f, pid)->reactions, "like:1,heart:1,tada:1,laugh:1");
	/* one unread reaction notification per colleague and post (Bram, Carl), however many kinds */
	assert_int_equal(notes(f, ANNA, "reaction", pid), 2);

	/* many random toggles: the cache always equals the rows */
	int people[] = { ANNA, BRAM, CARL, MOD, ADMIN };
	uint32_t seed = 12345;
	for (int step = 0; step < 400; step++) {
		seed = seed * 1103515245u + 12345u;
		int who_i = people[(seed >> 8) % ARRAY_LEN(people)];
		const char *kind = reaction_kinds[(seed >> 16) % REACTION_KINDS].key;
		bool on = (seed >> 28) & 1;
		int64_t exists = -1;
		assert_int_equal(db_query_int(f->db, &exists,
			"SELECT count(*) FROM reactions WHERE post_id = ? AND person_id = ? AND kind = ?", "iis", pid,
			f->id[who_i], kind), PLEIN_OK);
		assert_int_equal(reactions_set(f->db, f->who[who_i], post, kind, on, &changed), PLEIN_OK);
		assert_int_equal(changed, (exists == 1) != on);
		assert_string_equal(load(f, pid)->reactions, cache_from_rows(f, pid));
	}
}

/* ---- follows ------------------------------------------------------------ */

static void test_follows(void **state)
{
	struct fixture *f = *state;
	bool changed = true;
	assert_int_equal(follows_set(f->db, f->id[ANNA], f->id[ANNA], true, &changed), PLEIN_INVALID);
	assert_false(changed);
	assert_int_equal(count0(f, "SELECT count(*) FROM follows"), 0);

	assert_int_equal(follows_set(f->db, f->id[ANNA], f->id[BRAM], true, &changed), PLEIN_OK);
	assert_true(changed);
	assert_true(follows_is(f->db, f->id[ANNA], f->id[BRAM]));
	assert_false(follows_is(f->db, f->id[BRAM], f->id[ANNA]));
	assert_int_equal(notes(f, BRAM, "follow", 0), 1);
	assert_int_equal(follows_set(f->db, f->id[ANNA], f->id[BRAM], true, &changed), PLEIN_OK);
	assert_false(changed);
	assert_int_equal(notes(f, BRAM, "follow", 0), 1);
	assert_int_equal(follows_set(f->db, f->id[CARL], f->id[BRAM], true, &changed), PLEIN_OK);
	assert_int_equal(follows_set(f->db, f->id[EDDY], f->id[BRAM], true, &changed), PLEIN_OK);
	assert_int_equal(follows_set(f->db, f->id[ANNA], f->id[EDDY], true, &changed), PLEIN_OK);
	assert_int_equal(follows_set(f->db, f->id[ANNA], f->id[CARL], true, &changed), PLEIN_OK);

	int64_t followers, following;
	assert_int_equal(follows_counts(f->db, f->id[BRAM], &followers, &following), PLEIN_OK);
	assert_int_equal(followers, 2);  /* Eddy is deactivated */
	assert_int_equal(following, 0);
	assert_int_equal(follows_counts(f->db, f->id[ANNA], &followers, &following), PLEIN_OK);
	assert_int_equal(followers, 0);
	assert_int_equal(following, 2);  /* Bram and Carl; not Eddy */

	assert_int_equal(follows_set(f->db, f->id[ANNA], f->id[BRAM], false, &changed), PLEIN_OK);
	assert_true(changed);
	assert_false(follows_is(f->db, f->id[ANNA], f->id[BRAM]));
	assert_int_equal(follows_set(f->db, f->id[ANNA], f->id[BRAM], false, &changed), PLEIN_OK);
	assert_false(changed);
	/* following again while the first notification is unread: no second one */
	assert_int_equal(follows_set(f->db, f->id[ANNA], f->id[BRAM], true, &changed), PLEIN_OK);
	assert_true(changed);
	assert_int_equal(count2(f, "SELECT count(*) FROM notifications WHERE person_id = ? AND kind = 'follow' "
	                           "AND actor_id = ?", f->id[BRAM], f->id[ANNA]), 1);
	/* once read, a new follow is news again */
	assert_int_equal(db_exec(f->db, "UPDATE notifications SET read_at = 1 WHERE person_id = ?", "i", f->id[BRAM]), 0);
	assert_int_equal(follows_set(f->db, f->id[ANNA], f->id[BRAM], false, &changed), PLEIN_OK);
	assert_int_equal(follows_set(f->db, f->id[ANNA], f->id[BRAM], true, &changed), PLEIN_OK);
	assert_int_equal(count2(f, "SELECT count(*) FROM notifications WHERE person_id = ? AND kind = 'follow' "
	                           "AND actor_id = ?", f->id[BRAM], f->id[ANNA]), 2);
	/* someone unknown cannot be followed */
	assert_int_not_equal(follows_set(f->db, f->id[ANNA], 777777, true, &changed), PLEIN_OK);
	assert_false(changed);
	assert_int_equal(count1(f, "SELECT count(*) FROM follows WHERE followee_id = ?", 777777), 0);
}

/* ---- streams ------------------------------------------------------------ */

/* Every page of a stream in turn, each of `limit` items (the last fewer);
 * the ids concatenated into out (at most max). */
typedef int (*stream_fn)(struct fixture *f, const struct person *viewer, struct stream_range r,
                         struct stream_page *out);

static int home(struct fixture *f, const struct person *v, struct stream_range r, struct stream_page *out)
{
	return stream_home(f->db, f->pool, v, r, out);
}

static int discover(struct fixture *f, const struct person *v, struct stream_range r, struct stream_page *out)
{
	return stream_discover(f->db, f->pool, v, r, out);
}

static size_t walk(struct fixture *f, stream_fn fn, const struct person *viewer, int limit, int64_t *out,
                   size_t max)
{
	size_t n = 0;
	int64_t cursor = 0;
	for (int guard = 0; guard < 10000; guard++) {
		struct stream_page page;
		assert_int_equal(fn(f, viewer, (struct stream_range){ .before = cursor, .limit = limit }, &page), PLEIN_OK);
		assert_true(page.n <= (size_t)limit);
		if (page.next)
			assert_int_equal(page.n, (size_t)limit);
		for (size_t i = 0; i < page.n; i++) {
			assert_true(n < max);
			out[n++] = page.items[i].id;
		}
		if (!page.next)
			return n;
		assert_int_equal(page.next, page.items[page.n - 1].id);
		cursor = page.next;
	}
	fail_msg("stream did not end");
	return n;
}

/* What the home stream should hold, computed from the rules directly. */
static size_t home_expected(struct fixture *f, const struct person *viewer, int64_t *out, size_t max)
{
	struct db_stmt *st = db_prepare(f->db, "SELECT id FROM posts ORDER BY id DESC");
	assert_non_null(st);
	size_t n = 0;
	while (db_step(st) == DB_ROW) {
		int64_t id = db_col_int(st, 0);
		struct pool *tmp = pool_new();
		struct post *p;
		assert_int_equal(posts_get(f->db, tmp, id, &p), PLEIN_OK);
		int64_t topic_hit = 0;
		assert_int_equal(db_query_int(f->db, &topic_hit,
			"SELECT count(*) FROM post_topics pt JOIN topic_follows tf ON tf.topic_id = pt.topic_id "
			"WHERE pt.post_id = ? AND tf.person_id = ?", "ii", id, viewer->id), PLEIN_OK);
		bool source = p->author.id == viewer->id || follows_is(f->db, viewer->id, p->author.id) || topic_hit ||
		              strcmp(p->kind, "announcement") == 0;
		if (source && visibility_can_see_post(viewer, p)) {
			assert_true(n < max);
			out[n++] = id;
		}
		pool_free(tmp);
	}
	db_done(st);
	return n;
}

static void test_stream_home(void **state)
{
	struct fixture *f = *state;
	bool changed;
	/* Anna follows Bram and #gardening; Carl is not followed */
	assert_int_equal(follows_set(f->db, f->id[ANNA], f->id[BRAM], true, &changed), PLEIN_OK);
	int64_t own = create(f, ANNA, "my own", NULL);
	int64_t b1 = create(f, BRAM, "bram org", NULL);
	int64_t c_plain = create(f, CARL, "carl, not followed", NULL);
	int64_t c_topic = create(f, CARL, "carl on #Gardening", NULL);
	struct topic *t;
	assert_int_equal(topics_get(f->db, f->pool, f->who[ANNA], "gardening", &t), PLEIN_OK);
	assert_int_equal(topics_follow(f->db, f->id[ANNA], t->id, true), PLEIN_OK);
	assert_true(topics_following(f->db, f->id[ANNA], t->id));
	struct post_input ann = { .text = "All hands on Friday", .kind = "announcement" };
	int64_t a1 = create_full(f, COMM, &ann);
	int64_t b_pub = create(f, BRAM, "bram public", "public");
	int64_t b_del = create(f, BRAM, "bram deleted", NULL);
	assert_int_equal(posts_delete(f->db, f->who[BRAM], b_del), PLEIN_OK);
	int64_t mod_post = create(f, MOD, "moderator, not followed", "public");
	int64_t c_topic2 = create(f, CARL, "more #gardening", "public");
	/* more material for paging */
	for (int i = 0; i < 23; i++) {
		char text[32];
		snprintf(text, sizeof(text), "filler %d", i);
		(void)create(f, i % 2 ? BRAM : CARL, text, i % 3 ? NULL : "public");
	}

	struct stream_page page;
	assert_int_equal(stream_home(f->db, f->pool, f->who[ANNA], (struct stream_range){ .limit = 50 }, &page),
	                 PLEIN_OK);
	int64_t expected[200];
	size_t n_exp = home_expected(f, f->who[ANNA], expected, ARRAY_LEN(expected));
	assert_int_equal(page.n, n_exp);
	assert_int_equal(page.next, 0);
	for (size_t i = 0; i < page.n; i++) {
		assert_int_equal(page.items[i].id, expected[i]);
		if (i)
			assert_true(page.items[i].id < page.items[i - 1].id);
		assert_int_equal(page.items[i].deleted_at, 0);
	}
	/* spot checks of the sources */
	bool seen[8] = { 0 };
	int64_t want_in[] = { own, b1, c_topic, a1, b_pub, c_topic2 };
	int64_t want_out[] = { c_plain, b_del, mod_post };
	for (size_t i = 0; i < page.n; i++) {
		for (size_t k = 0; k < ARRAY_LEN(want_in); k++)
			seen[k] |= page.items[i].id == want_in[k];
		for (size_t k = 0; k < ARRAY_LEN(want_out); k++)
			assert_int_not_equal(page.items[i].id, want_out[k]);
	}
	for (size_t k = 0; k < ARRAY_LEN(want_in); k++)
		if (!seen[k])
			fail_msg("home stream misses post %lld", (long long)want_in[k]);

	/* paging at every limit: the same list, no duplicates or gaps */
	static const int limits[] = { 1, 2, 3, 7, 19, 50 };
	for (size_t l = 0; l < ARRAY_LEN(limits); l++) {
		int64_t got[200];
		size_t n = walk(f, home, f->who[ANNA], limits[l], got, ARRAY_LEN(got));
		assert_int_equal(n, n_exp);
		assert_memory_equal(got, expected, n * sizeof(*got));
	}
	/* limits out of range are clamped: 0 → 20, 51 → 50 */
	assert_int_equal(stream_home(f->db, f->pool, f->who[ANNA], (struct stream_range){ .limit = 0 }, &page),
	                 PLEIN_OK);
	assert_int_equal(page.n, n_exp < 20 ? n_exp : 20);
	assert_int_equal(stream_home(f->db, f->pool, f->who[ANNA], (struct stream_range){ .limit = 1000 }, &page),
	                 PLEIN_OK);
	assert_int_equal(page.n, n_exp < STREAM_PAGE_MAX ? n_exp : STREAM_PAGE_MAX);

	/* after: only newer ones */
	int64_t newest = expected[0];
	assert_int_equal(stream_home(f->db, f->pool, f->who[ANNA], (struct stream_range){ .after = newest, .limit = 20 },
	                             &page), PLEIN_OK);
	assert_int_equal(page.n, 0);
	int64_t n1 = create(f, BRAM, "newer one", NULL);
	(void)create(f, CARL, "newer, not followed", NULL);
	int64_t n2 = create(f, ANNA, "newer own", NULL);
	assert_int_equal(stream_home(f->db, f->pool, f->who[ANNA], (struct stream_range){ .after = newest, .limit = 20 },
	                             &page), PLEIN_OK);
	assert_int_equal(page.n, 2);
	assert_int_equal(page.items[0].id, n2);
	assert_int_equal(page.items[1].id, n1);
	/* after and before together: a closed window */
	assert_int_equal(stream_home(f->db, f->pool, f->who[ANNA],
	                             (struct stream_range){ .after = newest, .before = n2, .limit = 20 }, &page),
	                 PLEIN_OK);
	assert_int_equal(page.n, 1);
	assert_int_equal(page.items[0].id, n1);

	/* a guest following Bram sees only his public posts (and public
	 * announcements: none here) */
	assert_int_equal(follows_set(f->db, f->id[DORA], f->id[BRAM], true, &changed), PLEIN_OK);
	int64_t got[200];
	size_t n = walk(f, home, f->who[DORA], 5, got, ARRAY_LEN(got));
	n_exp = home_expected(f, f->who[DORA], expected, ARRAY_LEN(expected));
	assert_int_equal(n, n_exp);
	assert_memory_equal(got, expected, n * sizeof(*got));
	for (size_t i = 0; i < n; i++)
		assert_string_equal(load(f, got[i])->visibility, "public");
	assert_true(n > 0);
}

static void test_stream_home_window(void **state)
{
	struct fixture *f = *state;
	bool changed;
	/* Fred follows Bram, whose only post is 100,000 ids older than the newest */
	assert_int_equal(follows_set(f->db, f->id[FREE], f->id[BRAM], true, &changed), PLEIN_OK);
	int64_t old = create(f, BRAM, "long ago", NULL);
	assert_int_equal(db_begin(f->db), PLEIN_OK);
	assert_int_equal(db_exec(f->db,
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) "
		"INSERT INTO posts(author_id, body, body_html, created_at) SELECT ?, 'x', '<p>x</p>', 0 FROM n",
		"i", f->id[CARL]), PLEIN_OK);
	assert_int_equal(db_commit(f->db), PLEIN_OK);
	assert_true(count0(f, "SELECT max(id) FROM posts") - old >= 100000);
	struct stream_page page;
	assert_int_equal(stream_home(f->db, f->pool, f->who[FREE], (struct stream_range){ .limit = 20 }, &page),
	                 PLEIN_OK);
	assert_int_equal(page.n, 1);
	assert_int_equal(page.items[0].id, old);
	assert_int_equal(page.next, 0);
	/* and a newer followee post comes first, the old one still follows */
	int64_t recent = create(f, BRAM, "recent", NULL);
	assert_int_equal(stream_home(f->db, f->pool, f->who[FREE], (struct stream_range){ .limit = 1 }, &page),
	                 PLEIN_OK);
	assert_int_equal(page.n, 1);
	assert_int_equal(page.items[0].id, recent);
	assert_int_equal(page.next, recent);
	assert_int_equal(stream_home(f->db, f->pool, f->who[FREE],
	                             (struct stream_range){ .before = page.next, .limit = 1 }, &page), PLEIN_OK);
	assert_int_equal(page.n, 1);
	assert_int_equal(page.items[0].id, old);
	assert_int_equal(page.next, 0);
	/* nothing newer than the newest */
	assert_int_equal(stream_home(f->db, f->pool, f->who[FREE], (struct stream_range){ .after = recent, .limit = 5 },
	                             &page), PLEIN_OK);
	assert_int_equal(page.n, 0);
	/* Carl's discover page is full of filler, newest first */
	assert_int_equal(stream_discover(f->db, f->pool, f->who[ANNA], (struct stream_range){ .limit = 50 }, &page),
	                 PLEIN_OK);
	assert_int_equal(page.n, 50);
	assert_int_equal(page.items[0].id, recent);
}

/* Is id in the list? */
static bool has(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

static void test_stream_visibility(void **state)
{
	struct fixture *f = *state;
	int64_t org = create(f, ANNA, "inside #news", NULL);
	int64_t pub = create(f, ANNA, "outside #news", "public");
	int64_t gone = create(f, ANNA, "gone #news", "public");
	int64_t bram_org = create(f, BRAM, "bram inside #news", NULL);
	assert_int_equal(posts_delete(f->db, f->who[ADMIN], gone), PLEIN_OK);
	struct person anon_guest = { .id = 0, .role = "guest", .status = "active", .name = "" };
	struct person *member = f->who[CARL];
	int64_t got[50];

	size_t n = walk(f, discover, member, 2, got, ARRAY_LEN(got));
	assert_int_equal(n, 3);
	assert_int_equal(got[0], bram_org);
	assert_int_equal(got[1], pub);
	assert_int_equal(got[2], org);
	/* guests, deactivated people and signed-out readers: public only */
	const struct person *outsiders[] = { &anon_guest, f->who[DORA], f->who[EDDY], NULL };
	for (size_t i = 0; i < ARRAY_LEN(outsiders); i++) {
		n = walk(f, discover, outsiders[i], 3, got, ARRAY_LEN(got));
		assert_int_equal(n, 1);
		assert_int_equal(got[0], pub);
	}

	struct topic *t;
	assert_int_equal(topics_get(f->db, f->pool, f->who[ANNA], "news", &t), PLEIN_OK);
	struct stream_page page;
	assert_int_equal(stream_topic(f->db, f->pool, member, t->id, (struct stream_range){ .limit = 10 }, &page),
	                 PLEIN_OK);
	assert_int_equal(page.n, 3);
	assert_int_equal(page.items[0].id, bram_org);
	assert_int_equal(stream_topic(f->db, f->pool, member, t->id, (struct stream_range){ .limit = 2 }, &page),
	                 PLEIN_OK);
	assert_int_equal(page.n, 2);
	assert_int_equal(page.next, pub);
	assert_int_equal(stream_topic(f->db, f->pool, member, t->id, (struct stream_range){ .before = page.next,
	                              .limit = 2 }, &page), PLEIN_OK);
	assert_int_equal(page.n, 1);
	assert_int_equal(page.items[0].id, org);
	assert_int_equal(page.next, 0);
	for (size_t i = 0; i < ARRAY_LEN(outsiders); i++) {
		assert_int_equal(stream_topic(f->db, f->pool, outsiders[i], t->id, (struct stream_range){ .limit = 10 },
		                              &page), PLEIN_OK);
		assert_int_equal(page.n, 1);
		assert_int_equal(page.items[0].id, pub);
	}

	assert_int_equal(stream_person(f->db, f->pool, member, f->id[ANNA], (struct stream_range){ .limit = 10 },
	                               &page), PLEIN_OK);
	assert_int_equal(page.n, 2);
	int64_t ids[2] = { page.items[0].id, page.items[1].id };
	assert_true(has(ids, 2, org) && has(ids, 2, pub));
	assert_int_equal(page.items[0].id, pub);
	for (size_t i = 0; i < ARRAY_LEN(outsiders); i++) {
		assert_int_equal(stream_person(f->db, f->pool, outsiders[i], f->id[ANNA],
		                               (struct stream_range){ .limit = 10 }, &page), PLEIN_OK);
		assert_int_equal(page.n, 1);
		assert_int_equal(page.items[0].id, pub);
		assert_int_equal(stream_person(f->db, f->pool, outsiders[i], f->id[BRAM],
		                               (struct stream_range){ .limit = 10 }, &page), PLEIN_OK);
		assert_int_equal(page.n, 0);
	}
	/* the guest's own home: its own organisation-only posts are hidden from
	 * it too (a guest cannot write them, but the rule is the rule) */
	assert_int_equal(stream_home(f->db, f->pool, &anon_guest, (struct stream_range){ .limit = 10 }, &page),
	                 PLEIN_OK);
	assert_int_equal(page.n, 0);
}

/* The ids of a stream's first page (up to 50). */
static size_t page_ids(struct stream_page *page, int64_t *out)
{
	for (size_t i = 0; i < page->n; i++)
		out[i] = page->items[i].id;
	return page->n;
}

static struct person *scoped(struct fixture *f, int who)
{
	struct person *p;
	assert_int_equal(visibility_person_get(f->db, f->pool, f->id[who], &p), PLEIN_OK);
	return p;
}

/* Posts in groups: only those who may read the group see them in any
 * stream; members have them at home; mentions of non-members are not
 * notified; posts_move changes all of that at once, with its event,
 * audit row and the old group's pins gone. */
static void test_group_posts(void **state)
{
	struct fixture *f = *state;
	const char *msg = NULL;
	int64_t secret, open;
	struct group_input gs = { .name = "Skunkworks", .kind = "secret" }, go = { .name = "Garden", .kind = "open" };
	assert_int_equal(groups_create(f->db, f->pool, f->who[ANNA], &gs, &secret, &msg), PLEIN_OK);
	assert_int_equal(groups_create(f->db, f->pool, f->who[ANNA], &go, &open, &msg), PLEIN_OK);
	assert_int_equal(groups_member_add(f->db, f->who[ANNA], secret, f->id[BRAM], "member", &msg), PLEIN_OK);
	assert_int_equal(groups_member_add(f->db, f->who[ANNA], secret, f->id[DORA], "member", &msg), PLEIN_OK);
	struct person *anna = scoped(f, ANNA), *bram = scoped(f, BRAM), *carl = scoped(f, CARL), *dora = scoped(f, DORA);
	struct person *admin = scoped(f, ADMIN);

	char text[256];
	snprintf(text, sizeof(text), "in the dark @[Carl](/people/%lld) @[Dora](/people/%lld)", (long long)f->id[CARL],
	         (long long)f->id[DORA]);
	int64_t id = 0;
	struct post_input in = { .text = text, .group_id = secret };
	assert_int_equal(posts_create(f->db, f->pool, bram, &in, &id, &msg), PLEIN_OK);
	assert_int_equal(count1(f, "SELECT count(*) FROM posts WHERE id = ? AND visibility = 'group'", id), 1);
	assert_int_equal(notes(f, CARL, "mention", id), 0);
	assert_int_equal(notes(f, DORA, "mention", id), 1);
	/* a group post is 'group'; a visibility that says otherwise is refused */
	struct post_input bad = { .text = "x", .group_id = secret, .visibility = "public" };
	int64_t none;
	assert_int_equal(posts_create(f->db, f->pool, bram, &bad, &none, &msg), PLEIN_INVALID);

	struct stream_page page;
	int64_t got[50];
	struct stream_range r = { .limit = 20 };
	assert_int_equal(stream_home(f->db, f->pool, dora, r, &page), PLEIN_OK);
	assert_true(has(got, page_ids(&page, got), id));   /* a guest member, at home */
	assert_int_equal(stream_home(f->db, f->pool, anna, r, &page), PLEIN_OK);
	assert_true(has(got, page_ids(&page, got), id));
	const struct person *outside[] = { carl, admin, NULL };
	for (size_t i = 0; i < ARRAY_LEN(outside); i++) {
		assert_int_equal(stream_home(f->db, f->pool, outside[i], r, &page), PLEIN_OK);
		assert_false(has(got, page_ids(&page, got), id));
		assert_int_equal(stream_discover(f->db, f->pool, outside[i], r, &page), PLEIN_OK);
		assert_false(has(got, page_ids(&page, got), id));
		assert_int_equal(stream_group(f->db, f->pool, outside[i], secret, r, &page), PLEIN_OK);
		assert_int_equal(page.n, 0);
		assert_int_equal(stream_person(f->db, f->pool, outside[i], f->id[BRAM], r, &page), PLEIN_OK);
		assert_false(has(got, page_ids(&page, got), id));
	}
	assert_int_equal(stream_group(f->db, f->pool, bram, secret, r, &page), PLEIN_OK);
	assert_int_equal(page.n, 1);
	assert_string_equal(page.items[0].group_kind, "secret");
	assert_string_equal(page.items[0].group_name, "Skunkworks");
	assert_int_equal(groups_pin(f->db, anna, secret, id, true), PLEIN_OK);

	/* moved to the open group: the organisation reads it, the pin stays behind */
	assert_int_equal(posts_move(f->db, bram, id, open, &msg), PLEIN_OK);
	assert_int_equal(count2(f, "SELECT count(*) FROM posts WHERE id = ? AND group_id = ? AND visibility = 'group'", id,
	                        open), 1);
	assert_int_equal(count2(f, "SELECT count(*) FROM events WHERE kind = 'post_moved' AND post_id = ? AND person_id = ?",
	                        id, secret), 1);
	assert_int_equal(count0(f, "SELECT count(*) FROM audit_log WHERE action = 'post_moved'"), 1);
	assert_int_equal(count1(f, "SELECT count(*) FROM group_pins WHERE post_id = ?", id), 0);
	assert_int_equal(stream_discover(f->db, f->pool, carl, r, &page), PLEIN_OK);
	assert_true(has(got, page_ids(&page, got), id));
	assert_int_equal(stream_group(f->db, f->pool, carl, open, r, &page), PLEIN_OK);
	assert_int_equal(page.n, 1);
	assert_int_equal(stream_group(f->db, f->pool, bram, secret, r, &page), PLEIN_OK);
	assert_int_equal(page.n, 0);
	assert_int_equal(stream_home(f->db, f->pool, dora, r, &page), PLEIN_OK);
	assert_false(has(got, page_ids(&page, got), id));  /* the guest is not in the open group */

	/* out of groups: the organisation's, not public again */
	assert_int_equal(posts_move(f->db, anna, id, 0, &msg), PLEIN_OK);
	assert_int_equal(count1(f, "SELECT count(*) FROM posts WHERE id = ? AND group_id IS NULL AND visibility = 'organisation'",
	                        id), 1);
	assert_int_equal(count2(f, "SELECT count(*) FROM events WHERE kind = 'post_moved' AND post_id = ? AND person_id = ?",
	                        id, open), 1);

	/* refused: where it is already, no such group, an announcement, a deleted post */
	assert_int_equal(posts_move(f->db, anna, id, 0, &msg), PLEIN_INVALID);
	assert_non_null(msg);
	assert_int_equal(posts_move(f->db, anna, id, 999999, &msg), PLEIN_INVALID);
	int64_t ann = 0;
	struct post_input ai = { .text = "all hands", .kind = "announcement" };
	assert_int_equal(posts_create(f->db, f->pool, f->who[COMM], &ai, &ann, &msg), PLEIN_OK);
	assert_int_equal(posts_move(f->db, f->who[COMM], ann, open, &msg), PLEIN_INVALID);
	assert_int_equal(posts_delete(f->db, anna, id), PLEIN_OK);
	assert_int_equal(posts_move(f->db, anna, id, open, &msg), PLEIN_NOTFOUND);
	assert_int_equal(count1(f, "SELECT count(*) FROM events WHERE kind = 'post_moved' AND post_id = ?", id), 2);
}

static void test_cursor_parse(void **state)
{
	(void)state;
	int64_t v = 42;
	assert_int_equal(stream_cursor_parse(NULL, &v), PLEIN_OK);
	assert_int_equal(v, 0);
	v = 42;
	assert_int_equal(stream_cursor_parse("", &v), PLEIN_OK);
	assert_int_equal(v, 0);
	assert_int_equal(stream_cursor_parse("1", &v), PLEIN_OK);
	assert_int_equal(v, 1);
	assert_int_equal(stream_cursor_parse("123456", &v), PLEIN_OK);
	assert_int_equal(v, 123456);
	assert_int_equal(stream_cursor_parse("007", &v), PLEIN_OK);
	assert_int_equal(v, 7);
	assert_int_equal(stream_cursor_parse("999999999999999999", &v), PLEIN_OK);  /* 18 digits */
	assert_int_equal(v, 999999999999999999LL);
	static const char *const bad[] = { "0", "00", "-1", "+1", " 1", "1 ", "12a", "a12", "1.5", "0x10", "1e3",
	                                   "9999999999999999999", "1000000000000000000", "99999999999999999999999",
	                                   "\xef\xbc\x91" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		v = 42;
		if (stream_cursor_parse(bad[i], &v) != PLEIN_INVALID)
			fail_msg("cursor \"%s\" accepted as %lld", bad[i], (long long)v);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_text_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kinds_and_visibility, setup, teardown),
		cmocka_unit_test_setup_teardown(test_praise_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_topics, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mentions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reactions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_follows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stream_home, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stream_home_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stream_visibility, setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_posts, setup, teardown),
		cmocka_unit_test(test_cursor_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
