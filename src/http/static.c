/* static.c — serves embedded assets. Lookup is by exact name in the embedded
 * table, so no path from a client ever reaches the filesystem. */
#include "http/static.h"
#include "lib/embedded.h"
#include <sodium.h>

#define MAX_ASSETS 64

static struct asset {
	const struct embedded_file *file;
	char etag[24];          /* "\"<16 hex>\"" */
	const char *type;
} assets[MAX_ASSETS];
static size_t n_assets;

static const char *type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	static const struct { const char *ext, *type; } types[] = {
		{ ".css", "text/css; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".ico", "image/x-icon" },
		{ ".woff2", "font/woff2" },
		{ ".json", "application/json" },
		{ ".txt", "text/plain; charset=utf-8" },
	};
	for (size_t i = 0; dot && i < ARRAY_LEN(types); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

void static_init(void)
{
	n_assets = 0;
	for (const struct embedded_file *f = embedded_static; f->name && n_assets < MAX_ASSETS; f++) {
		struct asset *a = &assets[n_assets++];
		unsigned char h[8];
		char hex[17];
		crypto_generichash(h, sizeof(h), f->data, f->len, NULL, 0);
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		snprintf(a->etag, sizeof(a->etag), "\"%s\"", hex);
		a->file = f;
		a->type = type_of(f->name);
	}
}

static const struct asset *find(const char *name)
{
	for (size_t i = 0; i < n_assets; i++)
		if (strcmp(assets[i].file->name, name) == 0)
			return &assets[i];
	return NULL;
}

const char *static_url(struct pool *p, const char *name)
{
	const struct asset *a = find(name);
	if (!a)
		return pool_printf(p, "/static/%s", name);
	return pool_printf(p, "/static/%s?v=%.*s", name, 16, a->etag + 1);
}

void static_serve(struct request *req)
{
	const char *name = req_param(req, "name");
	const struct asset *a = name ? find(name) : NULL;
	if (!a) {
		resp_text(req, 404, "text/plain; charset=utf-8", "Not found.\n");
		return;
	}
	resp_header(req, "ETag", a->etag);
	resp_header(req, "Cache-Control", "public, max-age=31536000, immutable");
	const char *inm = req_header(req, "If-None-Match");
	if (inm && strstr(inm, a->etag)) {
		req->status = 304;
		return;
	}
	resp_header(req, "Content-Type", a->type);
	req->status = 200;
	req->static_body = a->file->data;
	req->static_len = a->file->len;
}
