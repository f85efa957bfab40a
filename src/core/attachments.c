/* attachments.c — storing uploads, claiming them for a post, comment or
 * group (group files), reading them back, who may fetch one, and the sweep. All SQL on the
 * attachments table is here. Files are shared by content (the same picture
 * attached twice is one file), so a file goes only when no row names it;
 * storing (file, then row) and the sweep's check-and-unlink run under one
 * lock per process so the sweep never removes a file a new row is about to
 * name. (With several processes on one folder a sweep can still race an
 * upload of the very same bytes; the row then serves 404 until re-uploaded.)
 * See attachments.h. */
#include "core/attachments.h"
#include "core/search.h"
#include "core/attachments_image.h"
#include "core/comments.h"
#include "core/filestore.h"
#include "core/audit.h"
#include "core/groups.h"
#include "core/i18n.h"
#include "core/visibility.h"
#include "lib/pool.h"
#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char files_dir[PATH_MAX - 128];
static pthread_mutex_t files_lock = PTHREAD_MUTEX_INITIALIZER;

#define COLS "id, owner_id, post_id, comment_id, key, name, mime, size, width, height, created_at, group_id"
/* not (yet) claimed by a post, a comment or a group */
#define UNCLAIMED "post_id IS NULL AND comment_id IS NULL AND group_id IS NULL"

int attachments_init(const char *data_dir, char *err, size_t errlen)
{
	files_dir[0] = '\0';
	if (!data_dir)
		return PLEIN_OK;
	int n = snprintf(files_dir, sizeof(files_dir), "%s/files", data_dir);
	if (n < 0 || (size_t)n >= sizeof(files_dir)) {
		snprintf(err, errlen, "the data directory's path is too long");
		files_dir[0] = '\0';
		return PLEIN_ERROR;
	}
	return filestore_root(files_dir, err, errlen);
}

static struct attachment *read_row(struct pool *p, struct db_stmt *st, struct attachment *a)
{
	a->id = db_col_int(st, 0);
	a->owner_id = db_col_int(st, 1);
	a->post_id = db_col_int(st, 2);
	a->comment_id = db_col_int(st, 3);
	a->key = pool_strdup(p, db_col_text(st, 4));
	a->name = pool_strdup(p, db_col_text(st, 5));
	a->mime = pool_strdup(p, db_col_text(st, 6));
	a->size = db_col_int(st, 7);
	a->width = db_col_int(st, 8);
	a->height = db_col_int(st, 9);
	a->created_at = db_col_int(st, 10);
	a->group_id = db_col_int(st, 11);
	return a;
}

static int pending_count(struct db *db, int64_t owner_id, int64_t *n)
{
	return db_query_int(db, n,
	                    "SELECT count(*) FROM attachments WHERE owner_id = ? AND " UNCLAIMED,
	                    "i", owner_id);
}

int attachments_store(struct db *db, struct pool *p, int64_t owner_id, const char *name, const void *data,
                      size_t len, struct attachment **out, enum attachment_problem *why)
{
	*out = NULL;
	enum attachment_kind kind = attachment_detect(data, len, why);
	if (!kind)
		return *why == ATT_TOO_LARGE ? PLEIN_TOOBIG : PLEIN_INVALID;
	int64_t pending = 0;
	if (pending_count(db, owner_id, &pending)) {
		*why = ATT_STORAGE;
		return PLEIN_ERROR;
	}
	if (pending >= ATTACHMENTS_PENDING_MAX) {
		*why = ATT_TOO_MANY_PENDING;
		return PLEIN_CONFLICT;
	}
	struct attachment *a = pool_zalloc(p, sizeof(*a));
	struct attachment_image img = { 0 };
	const void *bytes = data;
	size_t n = len;
	if (kind <= ATT_GIF) {
		/* the slow part (decoding) outside the lock */
		int rc = attachment_image_encode(data, len, kind, &img, why);
		if (rc)
			return rc;
		bytes = img.data;
		n = img.len;
		a->mime = img.mime;
		a->width = img.width;
		a->height = img.height;
	} else {
		a->mime = attachment_kind_mime(kind, name);
	}
	char key[FILESTORE_KEY_LEN + 1];
	filestore_key(bytes, n, key);
	a->key = pool_strdup(p, key);
	a->name = attachment_display_name(p, name, a->mime);
	a->size = (int64_t)n;
	a->owner_id = owner_id;
	a->created_at = (int64_t)time(NULL);
	pthread_mutex_lock(&files_lock);
	int rc = filestore_put(files_dir, key, key, bytes, n);
	if (!rc)
		rc = db_exec(db,
		             "INSERT INTO attachments (owner_id, key, name, mime, size, width, height, created_at) "
		             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		             "isssiiii", owner_id, a->key, a->name, a->mime, a->size, a->width, a->height, a->created_at);
	if (!rc)
		a->id = db_last_insert_id(db);
	pthread_mutex_unlock(&files_lock);
	attachment_image_release(&img);
	if (rc) {
		*why = ATT_STORAGE;
		return PLEIN_ERROR; /* a file without a row is left for the sweep */
	}
	*why = ATT_FINE;
	*out = a;
	return PLEIN_OK;
}

int attachments_claim(struct db *db, int64_t owner_id, const int64_t *ids, size_t n, int64_t post_id,
                      int64_t comment_id, const char **msg)
{
	*msg = NULL;
	if (n == 0)
		return PLEIN_OK;
	if ((post_id > 0) == (comment_id > 0))
		BUG("attachments_claim: one of post_id and comment_id");
	if (n > POST_ATTACHMENTS_MAX) {
		*msg = N_("At most 10 files can be attached to one post or comment.");
		return PLEIN_INVALID;
	}
	/* what the post or comment has already (an edit adding files) */
	int64_t count = 0, bytes = 0;
	struct db_stmt *st = db_prepare(db, post_id ? "SELECT count(*), coalesce(sum(size), 0) FROM attachments WHERE post_id = ?"
	                                            : "SELECT count(*), coalesce(sum(size), 0) FROM attachments WHERE comment_id = ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, post_id ? post_id : comment_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		count = db_col_int(st, 0);
		bytes = db_col_int(st, 1);
	}
	db_done(st);
	if (rc != DB_ROW)
		return PLEIN_ERROR;
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < i; k++)
			if (ids[k] == ids[i]) {
				*msg = N_("The same file is listed twice in attachments.");
				return PLEIN_INVALID;
			}
		st = db_prepare(db, "SELECT size FROM attachments WHERE id = ? AND owner_id = ? AND " UNCLAIMED);
		if (!st)
			return PLEIN_ERROR;
		db_bind_int(st, 1, ids[i]);
		db_bind_int(st, 2, owner_id);
		rc = db_step(st);
		int64_t size = rc == DB_ROW ? db_col_int(st, 0) : 0;
		db_done(st);
		if (rc < 0)
			return PLEIN_ERROR;
		if (rc != DB_ROW) {
			*msg = N_("An attached file was not found: it is not your upload, is already in another post, or has expired. Upload it again.");
			return PLEIN_INVALID;
		}
		count++;
		bytes += size;
	}
	if (count > POST_ATTACHMENTS_MAX) {
		*msg = N_("At most 10 files can be attached to one post or comment.");
		return PLEIN_INVALID;
	}
	if (bytes > ATTACHMENTS_POST_MAX_BYTES) {
		*msg = N_("The attached files are larger than 25 MB together. Attach fewer or smaller files.");
		return PLEIN_INVALID;
	}
	for (size_t i = 0; i < n; i++) {
		if (post_id)
			rc = db_exec(db, "UPDATE attachments SET post_id = ? WHERE id = ? AND " UNCLAIMED,
			             "ii", post_id, ids[i]);
		else
			rc = db_exec(db, "UPDATE attachments SET comment_id = ? WHERE id = ? AND " UNCLAIMED,
			             "ii", comment_id, ids[i]);
		if (rc || db_changes(db) != 1)
			return PLEIN_ERROR;
	}
	return PLEIN_OK;
}

int attachments_discard(struct db *db, int64_t owner_id, const int64_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int rc = db_exec(db, "DELETE FROM attachments WHERE id = ? AND owner_id = ? AND " UNCLAIMED, "ii", ids[i], owner_id);
		if (rc != PLEIN_OK)
			return rc;
	}
	return PLEIN_OK;
}

int attachments_get(struct db *db, struct pool *p, int64_t id, struct attachment **out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " COLS " FROM attachments WHERE id = ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*out = read_row(p, st, pool_zalloc(p, sizeof(**out)));
	db_done(st);
	return rc == DB_ROW ? PLEIN_OK : rc == DB_DONE ? PLEIN_NOTFOUND : PLEIN_ERROR;
}

/* The post an attachment belongs to (directly or through its comment);
 * NULL when there is none or the comment is deleted. */
static struct post *owning_post(struct db *db, struct pool *p, const struct attachment *a)
{
	int64_t post_id = a->post_id;
	if (!post_id) {
		struct comment *c;
		if (comments_get(db, p, a->comment_id, &c) || c->deleted_at)
			return NULL;
		post_id = c->post_id;
	}
	struct post *post;
	return posts_get(db, p, post_id, &post) ? NULL : post;
}

bool attachments_may_see(struct db *db, struct pool *p, const struct person *viewer, const struct attachment *a)
{
	if (a->group_id) {  /* a group file: the group's content (its kind read now) */
		struct group *g;
		return groups_get(db, p, a->group_id, &g) == PLEIN_OK && visibility_can_read_group(viewer, g);
	}
	if (!a->post_id && !a->comment_id)
		return viewer && viewer->id == a->owner_id;
	return visibility_can_see_post(viewer, owning_post(db, p, a));
}

static int load_for(struct db *db, struct pool *p, const char *sql, const int64_t *ids, size_t n,
                    struct attachment **out, size_t *n_out)
{
	size_t cap = 8, len = 0;
	struct attachment *v = pool_alloc(p, cap * sizeof(*v));
	*out = NULL;
	*n_out = 0;
	/* one indexed lookup per post: a page of a stream is at most STREAM_PAGE_MAX */
	for (size_t i = 0; i < n; i++) {
		struct db_stmt *st = db_prepare(db, sql);
		if (!st)
			return PLEIN_ERROR;
		db_bind_int(st, 1, ids[i]);
		int rc;
		while ((rc = db_step(st)) == DB_ROW) {
			if (len == cap) {
				struct attachment *bigger = pool_alloc(p, 2 * cap * sizeof(*v));
				memcpy(bigger, v, len * sizeof(*v));
				v = bigger;
				cap *= 2;
			}
			read_row(p, st, &v[len++]);
		}
		db_done(st);
		if (rc != DB_DONE)
			return PLEIN_ERROR;
	}
	*out = v;
	*n_out = len;
	return PLEIN_OK;
}

int attachments_for_posts(struct db *db, struct pool *p, const int64_t *post_ids, size_t n,
                          struct attachment **out, size_t *n_out)
{
	return load_for(db, p, "SELECT " COLS " FROM attachments WHERE post_id = ? ORDER BY id", post_ids, n, out, n_out);
}

int attachments_for_comments(struct db *db, struct pool *p, const int64_t *comment_ids, size_t n,
                             struct attachment **out, size_t *n_out)
{
	return load_for(db, p, "SELECT " COLS " FROM attachments WHERE comment_id = ? ORDER BY id", comment_ids, n, out,
	                n_out);
}

/* ---- group files ---- */

bool attachments_may_delete(const struct person *viewer, const struct group *g, const struct attachment *a)
{
	if (!viewer || !g || !a || a->group_id != g->id || !visibility_can_read_group(viewer, g))
		return false;
	/* the uploader while still a member (as a group page's creator) */
	return (viewer->id == a->owner_id && visibility_can_post_in_group(viewer, g)) ||
	       visibility_can_manage_group(viewer, g);
}

int attachments_claim_group(struct db *db, const struct person *owner, const struct group *g, int64_t id,
                            const char **msg)
{
	*msg = NULL;
	if (!visibility_can_post_in_group(owner, g)) {
		*msg = N_("Only members of the group can add files to it.");
		return PLEIN_DENIED;
	}
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	/* the group's total and the claim in one write transaction: two uploads
	 * at once cannot both slip under the quota */
	int64_t used = 0, size = 0;
	rc = db_query_int(db, &used, "SELECT coalesce(sum(size), 0) FROM attachments WHERE group_id = ?", "i", g->id);
	if (rc == PLEIN_OK)
		rc = db_query_int(db, &size, "SELECT size FROM attachments WHERE id = ? AND owner_id = ? AND " UNCLAIMED,
		                  "ii", id, owner->id);
	if (rc == PLEIN_NOTFOUND) {
		*msg = N_("The uploaded file was not found: it is not your upload, is already used elsewhere, or has expired. Upload it again.");
		rc = PLEIN_INVALID;
		goto fail;
	}
	if (rc != PLEIN_OK)
		goto fail;
	if (used + size > ATTACHMENTS_GROUP_MAX_BYTES) {
		*msg = N_("This group's files would take more than 2 GB. Delete files the group no longer needs first.");
		rc = PLEIN_TOOBIG;
		goto fail;
	}
	rc = db_exec(db, "UPDATE attachments SET group_id = ? WHERE id = ? AND " UNCLAIMED, "ii", g->id, id);
	if (rc == PLEIN_OK && db_changes(db) != 1)
		rc = PLEIN_ERROR;
	if (rc == PLEIN_OK)
		rc = search_index_group_file(db, id);  /* file names are searched */
	if (rc == PLEIN_OK)
		rc = db_commit(db);
	if (rc != PLEIN_OK)
		goto fail;
	return PLEIN_OK;
fail:
	db_rollback(db);
	return rc;
}

int attachments_store_group(struct db *db, struct pool *p, const struct person *owner, const struct group *g,
                            const char *name, const void *data, size_t len, struct attachment **out,
                            enum attachment_problem *why, const char **msg)
{
	*out = NULL;
	*msg = NULL;
	*why = ATT_FINE;
	if (!visibility_can_post_in_group(owner, g)) {  /* before storing anything */
		*msg = N_("Only members of the group can add files to it.");
		return PLEIN_DENIED;
	}
	struct attachment *a;
	int rc = attachments_store(db, p, owner->id, name, data, len, &a, why);
	if (rc != PLEIN_OK) {
		*msg = attachment_problem_message(*why);
		return rc;
	}
	rc = attachments_claim_group(db, owner, g, a->id, msg);
	if (rc != PLEIN_OK) {
		/* the stored bytes would only wait for the sweep as an orphan */
		(void)attachments_discard(db, owner->id, &a->id, 1);
		return rc;
	}
	a->group_id = g->id;
	*out = a;
	return PLEIN_OK;
}

int attachments_group_list(struct db *db, struct pool *p, int64_t group_id, int64_t before, size_t limit,
                           struct group_file **out, size_t *n_out, int64_t *next)
{
	*out = NULL;
	*n_out = 0;
	*next = 0;
	if (limit < 1 || limit > GROUP_FILES_PAGE_MAX)
		limit = GROUP_FILES_PAGE_MAX;
	/* walks the attachments_group index (group_id, id) backwards from the cursor */
	struct db_stmt *st = db_prepare(db,
		"SELECT a.id, a.owner_id, a.post_id, a.comment_id, a.key, a.name, a.mime, a.size, a.width, a.height, "
		"a.created_at, a.group_id, pe.name FROM attachments a JOIN people pe ON pe.id = a.owner_id "
		"WHERE a.group_id = ?1 AND (?2 = 0 OR a.id < ?2) ORDER BY a.id DESC LIMIT ?3");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, group_id);
	db_bind_int(st, 2, before > 0 ? before : 0);
	db_bind_int(st, 3, (int64_t)limit + 1);
	struct group_file *v = pool_zalloc(p, sizeof(*v) * (limit + 1));
	size_t n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == limit) {  /* one more than a page: there is a next page */
			*next = v[n - 1].file.id;
			continue;
		}
		read_row(p, st, &v[n].file);
		v[n].owner_name = pool_strdup(p, db_col_text(st, 12));
		n++;
	}
	db_done(st);
	if (rc != DB_DONE) {
		*next = 0;
		return PLEIN_ERROR;
	}
	*out = v;
	*n_out = n;
	return PLEIN_OK;
}

int attachments_group_usage(struct db *db, int64_t group_id, int64_t *count, int64_t *bytes)
{
	*count = *bytes = 0;
	struct db_stmt *st = db_prepare(db, "SELECT count(*), coalesce(sum(size), 0) FROM attachments WHERE group_id = ?");
	if (!st)
		return PLEIN_ERROR;
	db_bind_int(st, 1, group_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*count = db_col_int(st, 0);
		*bytes = db_col_int(st, 1);
	}
	db_done(st);
	return rc == DB_ROW ? PLEIN_OK : PLEIN_ERROR;
}

int attachments_group_delete(struct db *db, struct pool *p, const struct person *actor, int64_t group_id, int64_t id)
{
	int rc = db_begin(db);
	if (rc != PLEIN_OK)
		return rc;
	rc = db_exec(db, "DELETE FROM attachments WHERE id = ? AND group_id = ?", "ii", id, group_id);
	if (rc == PLEIN_OK && db_changes(db) != 1)
		rc = PLEIN_NOTFOUND;
	if (rc == PLEIN_OK)
		rc = search_index_group_file(db, id);
	if (rc == PLEIN_OK) {
		audit_log(db, actor ? actor->id : 0, "group.file_delete",
		          pool_printf(p, "group:%lld file:%lld", (long long)group_id, (long long)id), NULL);
		rc = db_commit(db);
	}
	if (rc != PLEIN_OK) {
		db_rollback(db);
		return rc;
	}
	return PLEIN_OK;  /* the bytes go with the next sweep once no row names them */
}

char *attachments_file_path(const char *key)
{
	char dir[PATH_MAX];
	if (!files_dir[0] || !filestore_key_valid(key))
		return NULL;
	filestore_fan_dir(files_dir, key, dir, sizeof(dir));
	size_t n = strlen(dir) + 1 + strlen(key) + 1;
	char *path = xmalloc(n);
	snprintf(path, n, "%s/%s", dir, key);
	return path;
}

/* Remove one file of a fan folder when it is old enough and no row names it. */
static int64_t sweep_file(struct db *db, const char *dir, const char *name, int64_t now)
{
	char path[PATH_MAX];
	struct stat st;
	if (strlen(name) > FILESTORE_KEY_LEN)
		return 0; /* not ours */
	int pn = snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (pn < 0 || (size_t)pn >= sizeof(path))
		return 0;
	bool temp = strncmp(name, ".tmp-", 5) == 0;
	if (!temp && !filestore_key_valid(name))
		return 0; /* not ours */
	int64_t users = 1;
	pthread_mutex_lock(&files_lock);
	bool gone = false;
	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && (int64_t)st.st_mtime < now - ATTACHMENT_SWEEP_GRACE &&
	    (temp || (db_query_int(db, &users, "SELECT count(*) FROM attachments WHERE key = ?", "s", name) == 0 &&
	              users == 0)))
		gone = unlink(path) == 0;
	pthread_mutex_unlock(&files_lock);
	return gone ? 1 : 0;
}

int attachments_sweep(struct db *db, int64_t now, int64_t *rows, int64_t *files)
{
	*rows = *files = 0;
	int rc = db_begin(db);
	if (!rc)
		/* an article draft's cover waits for its draft (core/articles.c) */
		rc = db_exec(db, "DELETE FROM attachments WHERE " UNCLAIMED " AND created_at < ? AND NOT EXISTS "
		                 "(SELECT 1 FROM article_drafts d WHERE d.cover_attachment_id = attachments.id)",
		             "i", now - ATTACHMENT_UNCLAIMED_SECONDS);
	if (!rc) {
		*rows += db_changes(db);
		/* walks the attachments (few), not the posts (millions) */
		rc = db_exec(db, "DELETE FROM attachments WHERE post_id IS NOT NULL AND EXISTS "
		                 "(SELECT 1 FROM posts p WHERE p.id = attachments.post_id AND p.deleted_at IS NOT NULL)", "");
	}
	if (!rc) {
		*rows += db_changes(db);
		rc = db_exec(db, "DELETE FROM attachments WHERE comment_id IS NOT NULL AND EXISTS "
		                 "(SELECT 1 FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.id = attachments.comment_id "
		                 "AND (c.deleted_at IS NOT NULL OR p.deleted_at IS NOT NULL))", "");
	}
	if (!rc) {
		*rows += db_changes(db);
		/* files of deleted groups: no one can read them any more */
		rc = db_exec(db, "DELETE FROM attachments WHERE group_id IS NOT NULL AND EXISTS "
		                 "(SELECT 1 FROM groups g WHERE g.id = attachments.group_id AND g.deleted_at IS NOT NULL)", "");
	}
	if (!rc) {
		*rows += db_changes(db);
		rc = db_commit(db);
	}
	if (rc) {
		db_rollback(db);
		*rows = 0;
		return PLEIN_ERROR;
	}
	if (!files_dir[0])
		return PLEIN_OK;
	DIR *top = opendir(files_dir);
	if (!top)
		return PLEIN_ERROR;
	struct dirent *fan;
	while ((fan = readdir(top))) {
		if (strlen(fan->d_name) != 2 || !isxdigit((unsigned char)fan->d_name[0]) ||
		    !isxdigit((unsigned char)fan->d_name[1]))
			continue;
		char dir[PATH_MAX - 64];
		snprintf(dir, sizeof(dir), "%s/%.2s", files_dir, fan->d_name);
		DIR *d = opendir(dir);
		if (!d)
			continue;
		struct dirent *e;
		int64_t before = *files;
		while ((e = readdir(d)))
			*files += sweep_file(db, dir, e->d_name, now);
		closedir(d);
		if (*files != before)
			(void)filestore_fsync_dir(dir);
	}
	closedir(top);
	return PLEIN_OK;
}
