/* attachments.h — images and files attached to posts and comments, and a
 * group's files (an upload claimed by a group, see the end). An upload
 * is stored first (owner, no post: "unclaimed"), then claimed by the post or
 * comment its author writes, in that write's transaction. The type comes from
 * the content only: images (JPEG, PNG, WebP, GIF's first frame) are decoded
 * and re-encoded without metadata (JPEG, or PNG when transparent); other
 * files must be on an allowlist (PDF, UTF-8 text, Office and OpenDocument,
 * else a ZIP is a ZIP); web pages, SVG and programs are refused. Stored
 * bytes are content-addressed under <data>/files/ab/<key>. Unclaimed uploads
 * older than a day, attachments of deleted posts and comments, and files no
 * row names are swept (attachments_sweep, run by jobs/sweeper.c). */
#ifndef PLEIN_ATTACHMENTS_H
#define PLEIN_ATTACHMENTS_H
#include "core/people.h"
#include "core/posts.h"
#include "db/db.h"

#define ATTACHMENT_MAX_BYTES ((size_t)10 * 1024 * 1024)        /* per file, as uploaded */
#define ATTACHMENTS_POST_MAX_BYTES ((int64_t)25 * 1024 * 1024) /* per post or comment, as stored */
/* files per post or comment: POST_ATTACHMENTS_MAX (core/posts.h) */
#define ATTACHMENT_IMAGE_SIDE 2048        /* longest side of a re-encoded image */
#define ATTACHMENT_NAME_MAX 100           /* code points of a display name */
#define ATTACHMENTS_PENDING_MAX 30        /* unclaimed uploads one person may have */
#define ATTACHMENT_UNCLAIMED_SECONDS (24 * 3600)
#define ATTACHMENT_SWEEP_GRACE (3600)     /* unreferenced files younger than this stay */

enum attachment_kind {
	ATT_NONE = 0,
	ATT_JPEG, ATT_PNG, ATT_WEBP, ATT_GIF,  /* images: re-encoded */
	ATT_PDF, ATT_TEXT,
	ATT_DOCX, ATT_XLSX, ATT_PPTX, ATT_ODT, ATT_ODS, ATT_ODP,
	ATT_ZIP,
};

/* Why an upload was refused; attachment_problem_message() in English (N_). */
enum attachment_problem {
	ATT_FINE = 0,
	ATT_EMPTY,
	ATT_TOO_LARGE,        /* more than ATTACHMENT_MAX_BYTES */
	ATT_WRONG_TYPE,       /* not on the allowlist */
	ATT_MARKUP,           /* HTML, SVG, XML: could run script in a browser */
	ATT_PROGRAM,          /* executables */
	ATT_TOO_MANY_PIXELS,
	ATT_DAMAGED,          /* an image or archive that does not decode */
	ATT_TOO_MANY_PENDING, /* ATTACHMENTS_PENDING_MAX unclaimed uploads already */
	ATT_STORAGE,          /* disk or database: not the client's fault */
};

struct attachment {
	int64_t id, owner_id;
	int64_t post_id, comment_id;   /* 0: not (yet) claimed by one */
	int64_t group_id;              /* a group file; 0: not one */
	const char *key, *name, *mime;
	int64_t size, width, height;   /* width, height: images only, else 0 */
	int64_t created_at;
};

/* The type of data by its content (no decoding). ATT_NONE with *why set
 * when it is refused. Images still have to decode (attachments_store). */
enum attachment_kind attachment_detect(const void *data, size_t len, enum attachment_problem *why);
/* The MIME type a kind is served as; text by the name's extension
 * (text/csv, text/markdown, else text/plain). Images: their source type. */
const char *attachment_kind_mime(enum attachment_kind kind, const char *name);
/* The name shown and offered for saving: no path, no control or bidi
 * characters, at most ATTACHMENT_NAME_MAX code points, and an extension that
 * matches mime (a ".html" name of a PDF becomes "….pdf"). Never empty. */
const char *attachment_display_name(struct pool *p, const char *raw, const char *mime);
/* The file name of a Content-Disposition header (filename*=UTF-8''… before
 * filename=), raw: pass it through attachment_display_name. NULL if none. */
const char *attachment_disposition_name(struct pool *p, const char *header);
const char *attachment_problem_message(enum attachment_problem why);
bool attachment_is_image(const struct attachment *a);
/* "/files/<id>/<name, URL-encoded>" in the pool. */
const char *attachment_url(struct pool *p, const struct attachment *a);

/* libvips must be started (photo_init); files go to data_dir/files. */
int attachments_init(const char *data_dir, char *err, size_t errlen) WARN_UNUSED;

/* Check, re-encode (images), store the file and its unclaimed row. PLEIN_OK
 * with *out (pool); else PLEIN_INVALID / PLEIN_TOOBIG / PLEIN_CONFLICT (too
 * many pending) / PLEIN_ERROR, with *why. name: the client's, display only. */
int attachments_store(struct db *db, struct pool *p, int64_t owner_id, const char *name, const void *data,
                      size_t len, struct attachment **out, enum attachment_problem *why) WARN_UNUSED;
/* Inside the caller's transaction: give the owner's unclaimed uploads ids to
 * a post (comment_id 0) or a comment (post_id 0). Refused (PLEIN_INVALID,
 * English *msg) when one is not the owner's, already used, gone, listed
 * twice, or the post/comment would have more than POST_ATTACHMENTS_MAX files
 * or ATTACHMENTS_POST_MAX_BYTES. PLEIN_ERROR on database errors. */
int attachments_claim(struct db *db, int64_t owner_id, const int64_t *ids, size_t n, int64_t post_id,
                      int64_t comment_id, const char **msg) WARN_UNUSED;
/* One attachment; PLEIN_NOTFOUND. */
/* Forget the owner's unclaimed uploads among ids (a form that was refused:
 * they would only wait for the sweep and count against the pending limit);
 * their files go with the next sweep. */
int attachments_discard(struct db *db, int64_t owner_id, const int64_t *ids, size_t n);  /* best effort */
int attachments_get(struct db *db, struct pool *p, int64_t id, struct attachment **out) WARN_UNUSED;
/* May viewer (NULL: signed out) fetch it: the owner of an unclaimed one;
 * a group file: whoever may read the group (visibility_can_read_group, its
 * kind as it is now); otherwise whoever may see the post (for a comment's:
 * the comment is not deleted and its post visible). */
bool attachments_may_see(struct db *db, struct pool *p, const struct person *viewer, const struct attachment *a);
/* The attachments of several posts (their own, not their comments') or
 * comments, ordered by post or comment in the order of ids, then upload order. */
int attachments_for_posts(struct db *db, struct pool *p, const int64_t *post_ids, size_t n,
                          struct attachment **out, size_t *n_out) WARN_UNUSED;
int attachments_for_comments(struct db *db, struct pool *p, const int64_t *comment_ids, size_t n,
                             struct attachment **out, size_t *n_out) WARN_UNUSED;
/* The stored file of a key (malloc'd; the caller frees), or NULL. */
char *attachments_file_path(const char *key);
/* Remove unclaimed rows older than ATTACHMENT_UNCLAIMED_SECONDS, rows of
 * deleted posts, comments and groups, then files no row names (older than
 * ATTACHMENT_SWEEP_GRACE; leftover temp files too). Counts into *rows, *files. */
int attachments_sweep(struct db *db, int64_t now, int64_t *rows, int64_t *files) WARN_UNUSED;

/* ---- group files: uploads claimed by a group (attachments.group_id) ----
 * The same upload rules (type from the content, images re-encoded, 10 MB
 * per file); a group's files together at most ATTACHMENTS_GROUP_MAX_BYTES. */
#define ATTACHMENTS_GROUP_MAX_BYTES ((int64_t)2 * 1024 * 1024 * 1024)
#define GROUP_FILES_PAGE_MAX 50
struct group;
struct group_file {
	struct attachment file;
	const char *owner_name;  /* the uploader */
};
/* Give the owner's unclaimed upload `id` to group g, in one transaction with
 * the quota check. PLEIN_DENIED unless the owner may post in the group
 * (visibility_can_post_in_group); PLEIN_INVALID (not their unclaimed
 * upload), PLEIN_TOOBIG (quota); English *msg (N_) with each refusal. */
int attachments_claim_group(struct db *db, const struct person *owner, const struct group *g, int64_t id,
                            const char **msg) WARN_UNUSED;
/* attachments_store, then attachments_claim_group (a refused claim discards
 * the upload). On refusal *msg (N_) says why; *why is ATT_FINE unless the
 * store refused the file (then the codes of attachments_store). */
int attachments_store_group(struct db *db, struct pool *p, const struct person *owner, const struct group *g,
                            const char *name, const void *data, size_t len, struct attachment **out,
                            enum attachment_problem *why, const char **msg) WARN_UNUSED;
/* A group's files, newest first, with the uploader's name: at most limit
 * (1 … GROUP_FILES_PAGE_MAX) with ids below `before` (0: from the newest);
 * *next is the cursor of the next page, 0 on the last. The caller checked
 * visibility_can_read_group. */
int attachments_group_list(struct db *db, struct pool *p, int64_t group_id, int64_t before, size_t limit,
                           struct group_file **out, size_t *n_out, int64_t *next) WARN_UNUSED;
/* How many files a group has and their stored size. */
int attachments_group_usage(struct db *db, int64_t group_id, int64_t *count, int64_t *bytes) WARN_UNUSED;
/* Delete a group file: its uploader while still a member, or who manages the group, among those
 * who may read the group. */
bool attachments_may_delete(const struct person *viewer, const struct group *g, const struct attachment *a);
/* Remove the row (and an audit row); PLEIN_NOTFOUND when `id` is not a file
 * of group_id. The stored bytes go with the next sweep when no other row
 * names them. The caller checked attachments_may_delete. */
int attachments_group_delete(struct db *db, struct pool *p, const struct person *actor, int64_t group_id,
                             int64_t id) WARN_UNUSED;
#endif
