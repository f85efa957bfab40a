/* multipart.c — glue between libmicrohttpd's MHD_PostProcessor and struct
 * request: collects each field's pieces, checks text fields like the
 * urlencoded parser does, and bounds the number of fields and files. The
 * multipart syntax itself is the library's business, not ours. */
#include "http/multipart.h"
#include "lib/utf8.h"
#include <microhttpd.h>

struct multipart {
	struct request *req;
	int rc;                 /* first failure, sticky */
	bool open;              /* a field is being collected */
	bool is_file;
	size_t n_parts;
	const char *key, *filename, *content_type;
	struct strbuf value;    /* the current field's bytes */
};

/* The field being collected is complete: hand it to the request. */
static void commit_field(struct multipart *mp)
{
	struct request *req = mp->req;
	if (!mp->open)
		return;
	mp->open = false;
	if (mp->is_file) {
		size_t len;
		char *data = strbuf_detach(&mp->value, &len);
		pool_cleanup_add(req->pool, free, data);
		req->uploads[req->n_uploads++] =
			(struct upload){ mp->key, mp->filename, mp->content_type, (const unsigned char *)data, len };
		return;
	}
	if (!utf8_valid(mp->value.buf, mp->value.len)) {
		mp->rc = PLEIN_INVALID;
		return;
	}
	form_add(req->pool, &req->form, mp->key, pool_strndup(req->pool, mp->value.buf, mp->value.len),
	         mp->value.len);
	strbuf_reset(&mp->value);
}

/* Start a new field; false when a bound is hit or the part is unusable. */
static bool open_field(struct multipart *mp, const char *key, const char *filename, const char *content_type,
                       const char *transfer_encoding)
{
	struct request *req = mp->req;
	/* base64 or quoted-printable parts would reach handlers still encoded;
	 * browsers never send them (RFC 7578 §4.7) */
	if (transfer_encoding && strcasecmp(transfer_encoding, "binary") != 0 &&
	    strcasecmp(transfer_encoding, "8bit") != 0 && strcasecmp(transfer_encoding, "7bit") != 0) {
		mp->rc = PLEIN_INVALID;
		return false;
	}
	if (!key || !utf8_valid(key, strlen(key)) || (filename && !utf8_valid(filename, strlen(filename))) ||
	    (content_type && !utf8_valid(content_type, strlen(content_type)))) {
		mp->rc = PLEIN_INVALID;
		return false;
	}
	if (filename ? req->n_uploads >= MULTIPART_MAX_FILES : req->form.n >= FORM_MAX_FIELDS) {
		mp->rc = PLEIN_TOOBIG;
		return false;
	}
	mp->open = true;
	mp->n_parts++;
	mp->is_file = filename != NULL;
	mp->key = pool_strdup(req->pool, key);
	mp->filename = pool_strdup(req->pool, filename ? filename : "");
	mp->content_type = pool_strdup(req->pool, content_type ? content_type : "");
	strbuf_reset(&mp->value);
	return true;
}

/* Called by the library with each field's value in pieces. The whole body
 * is handed over in one call, so every part starts with exactly one piece at
 * offset 0 (empty for an empty value) and continues at increasing offsets;
 * fed in several calls, an empty piece at 0 could not be told apart from a
 * value whose first bytes had not arrived yet. */
static enum MHD_Result on_piece(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                                const char *content_type, const char *transfer_encoding, const char *data,
                                uint64_t off, size_t size)
{
	struct multipart *mp = cls;
	UNUSED(kind);
	if (mp->rc)
		return MHD_NO;
	if (off == 0) {
		commit_field(mp);
		if (mp->rc || !open_field(mp, key, filename, content_type, transfer_encoding))
			return MHD_NO;
	}
	if (!mp->open || off != mp->value.len || strbuf_add(&mp->value, data, size)) {
		mp->rc = PLEIN_INVALID;
		return MHD_NO;
	}
	return MHD_YES;
}

static bool is_multipart(struct request *req)
{
	static const char want[] = "multipart/form-data";
	const char *ct = req_header(req, "Content-Type");
	return ct && strncasecmp(ct, want, sizeof(want) - 1) == 0 && ct[sizeof(want) - 1] == ';' &&
	       strstr(ct, "boundary=");
}

void multipart_parse(struct request *req)
{
	struct multipart mp = { .req = req };
	struct MHD_PostProcessor *pp;
	req->uploads = pool_zalloc(req->pool, MULTIPART_MAX_FILES * sizeof(*req->uploads));
	req->n_uploads = 0;
	if (!is_multipart(req) || !(pp = MHD_create_post_processor(req->conn, MULTIPART_BUFFER, on_piece, &mp))) {
		req->multipart_rc = PLEIN_DENIED;
		return;
	}
	/* the values can be no larger than the body that holds them */
	strbuf_init(&mp.value, req->body.len);
	if (MHD_post_process(pp, req->body.buf, req->body.len) != MHD_YES && !mp.rc)
		mp.rc = PLEIN_INVALID;
	/* MHD_NO here: the body stopped before its closing boundary */
	if (MHD_destroy_post_processor(pp) != MHD_YES && !mp.rc)
		mp.rc = PLEIN_INVALID;
	if (!mp.rc)
		commit_field(&mp);
	if (!mp.rc && mp.n_parts == 0)
		mp.rc = PLEIN_INVALID; /* empty, or no boundary anywhere: a form always has fields */
	strbuf_release(&mp.value);
	strbuf_release(&req->body); /* the fields hold what is needed; do not keep a file twice */
	req->multipart_rc = mp.rc;
	if (mp.rc) {
		/* nothing half-parsed reaches a handler */
		req->form.n = 0;
		req->n_uploads = 0;
	}
}
