/* pages_blog.c — the public blog, readable without signing in: the
 * organisation's public articles (/blog), one author's (/blog/{person}),
 * and their RSS 2.0 and Atom feeds, written with libxml2's xmlTextWriter
 * (it escapes; nothing here builds XML by hand). Only articles with
 * visibility 'public' of active authors ever appear (articles_public_list);
 * links are absolute from [mail] base_url, else the request's host. */
#include "web/page.h"
#include "web/handlers.h"
#include "web/articles_view.h"
#include "core/articles.h"
#include "core/i18n.h"
#include "core/people.h"
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <time.h>

#define FEED_ITEMS 20

static void unavailable(struct request *req)
{
	page_error(req, 503, N_("plein cannot reach its database right now. Please try again in a minute."));
}

/* The author of {person}: an active person with at least one public
 * article; anyone else is 404 (the blog tells nothing about others). */
static struct person *load_author(struct request *req)
{
	int64_t id = req_param_id(req, "person");
	struct person *p = NULL;
	int64_t *ids = NULL;
	size_t n = 0;
	int rc = id > 0 ? people_get(req->db, req->pool, id, &p) : PLEIN_NOTFOUND;
	if (rc == PLEIN_OK && strcmp(p->status, "active") != 0)
		rc = PLEIN_NOTFOUND;
	if (rc == PLEIN_OK && (rc = articles_public_list(req->db, id, 0, 1, &ids, &n)) == PLEIN_OK && n == 0)
		rc = PLEIN_NOTFOUND;
	free(ids);
	if (rc == PLEIN_NOTFOUND)
		page_error(req, 404, N_("There is no such blog."));
	else if (rc)
		unavailable(req);
	return rc ? NULL : p;
}

static void render_blog(struct request *req, const struct person *author)
{
	int64_t before = 0;
	const char *b = req_query(req, "before");
	if (b && *b && articles_cursor_parse(b, &before)) {
		page_error(req, 400, N_("This page link is not valid."));
		return;
	}
	const char *base = author ? pool_printf(req->pool, "/blog/%lld", (long long)author->id) : "/blog";
	json_t *ctx = json_object();
	if (articles_view_page(req, ctx, before, author ? author->id : 0, true, base)) {
		json_decref(ctx);
		unavailable(req);
		return;
	}
	json_object_set_new(ctx, "base", json_string(base));
	if (author)
		json_object_set_new(ctx, "author_name", json_string(author->name));
	json_object_set_new(ctx, "signed_out", json_boolean(!req->viewer));
	page_render(req, 200, "blog", ctx, author ? author->name : N_("Blog"));
}

void page_blog(struct request *req)
{
	render_blog(req, NULL);
}

void page_blog_person(struct request *req)
{
	struct person *p = load_author(req);
	if (p)
		render_blog(req, p);
}

/* ---- feeds ------------------------------------------------------------ */

static const char *rfc822(struct pool *p, int64_t when)
{
	time_t t = (time_t)when;
	struct tm tm;
	char buf[64];
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	gmtime_r(&t, &tm);
	snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	         tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return pool_strdup(p, buf);
}

static const char *rfc3339(struct pool *p, int64_t when)
{
	time_t t = (time_t)when;
	struct tm tm;
	char buf[32];
	gmtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return pool_strdup(p, buf);
}

#define X(s) ((const xmlChar *)(s))

struct feed {
	const char *title, *html_url, *self_url, *base_url;
	struct article *items;
	size_t n;
	int64_t updated;
};

/* RSS 2.0 with atom:link rel=self (as validators ask) and dc:creator. */
static int write_rss(xmlTextWriterPtr w, struct request *req, const struct feed *f)
{
	int rc = 0;
	rc |= xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0;
	rc |= xmlTextWriterStartElement(w, X("rss")) < 0;
	rc |= xmlTextWriterWriteAttribute(w, X("version"), X("2.0")) < 0;
	rc |= xmlTextWriterWriteAttribute(w, X("xmlns:atom"), X("http://www.w3.org/2005/Atom")) < 0;
	rc |= xmlTextWriterWriteAttribute(w, X("xmlns:dc"), X("http://purl.org/dc/elements/1.1/")) < 0;
	rc |= xmlTextWriterStartElement(w, X("channel")) < 0;
	rc |= xmlTextWriterWriteElement(w, X("title"), X(f->title)) < 0;
	rc |= xmlTextWriterWriteElement(w, X("link"), X(f->html_url)) < 0;
	rc |= xmlTextWriterWriteElement(w, X("description"), X(f->title)) < 0;
	rc |= xmlTextWriterStartElement(w, X("atom:link")) < 0;
	rc |= xmlTextWriterWriteAttribute(w, X("href"), X(f->self_url)) < 0;
	rc |= xmlTextWriterWriteAttribute(w, X("rel"), X("self")) < 0;
	rc |= xmlTextWriterWriteAttribute(w, X("type"), X("application/rss+xml")) < 0;
	rc |= xmlTextWriterEndElement(w) < 0;
	if (f->updated)
		rc |= xmlTextWriterWriteElement(w, X("lastBuildDate"), X(rfc822(req->pool, f->updated))) < 0;
	for (size_t i = 0; i < f->n && !rc; i++) {
		const struct article *a = &f->items[i];
		const char *url = page_public_url(req, pool_printf(req->pool, "/articles/%lld", (long long)a->post.id));
		rc |= xmlTextWriterStartElement(w, X("item")) < 0;
		rc |= xmlTextWriterWriteElement(w, X("title"), X(a->post.title ? a->post.title : "")) < 0;
		rc |= xmlTextWriterWriteElement(w, X("link"), X(url)) < 0;
		rc |= xmlTextWriterStartElement(w, X("guid")) < 0;
		rc |= xmlTextWriterWriteAttribute(w, X("isPermaLink"), X("true")) < 0;
		rc |= xmlTextWriterWriteString(w, X(url)) < 0;
		rc |= xmlTextWriterEndElement(w) < 0;
		rc |= xmlTextWriterWriteElement(w, X("pubDate"), X(rfc822(req->pool, a->published_at))) < 0;
		rc |= xmlTextWriterWriteElement(w, X("dc:creator"), X(a->post.author.name)) < 0;
		rc |= xmlTextWriterWriteElement(w, X("description"), X(a->post.body_html)) < 0;
		rc |= xmlTextWriterEndElement(w) < 0;
	}
	rc |= xmlTextWriterEndDocument(w) < 0;  /* closes channel and rss */
	return rc ? PLEIN_ERROR : PLEIN_OK;
}

/* Atom (RFC 4287): ids are the articles' absolute URLs. */
static int write_atom(xmlTextWriterPtr w, struct request *req, const struct feed *f)
{
	int rc = 0;
	rc |= xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0;
	rc |= xmlTextWriterStartElement(w, X("feed")) < 0;
	rc |= xmlTextWriterWriteAttribute(w, X("xmlns"), X("http://www.w3.org/2005/Atom")) < 0;
	/* the articles' HTML links colleagues and topics by path: resolve them on this site */
	rc |= xmlTextWriterWriteAttribute(w, X("xml:base"), X(f->base_url)) < 0;
	rc |= xmlTextWriterWriteElement(w, X("title"), X(f->title)) < 0;
	rc |= xmlTextWriterWriteElement(w, X("id"), X(f->self_url)) < 0;
	rc |= xmlTextWriterWriteElement(w, X("updated"), X(rfc3339(req->pool, f->updated ? f->updated : 0))) < 0;
	rc |= xmlTextWriterStartElement(w, X("link")) < 0;
	rc |= xmlTextWriterWriteAttribute(w, X("rel"), X("self")) < 0;
	rc |= xmlTextWriterWriteAttribute(w, X("href"), X(f->self_url)) < 0;
	rc |= xmlTextWriterEndElement(w) < 0;
	rc |= xmlTextWriterStartElement(w, X("link")) < 0;
	rc |= xmlTextWriterWriteAttribute(w, X("rel"), X("alternate")) < 0;
	rc |= xmlTextWriterWriteAttribute(w, X("type"), X("text/html")) < 0;
	rc |= xmlTextWriterWriteAttribute(w, X("href"), X(f->html_url)) < 0;
	rc |= xmlTextWriterEndElement(w) < 0;
	for (size_t i = 0; i < f->n && !rc; i++) {
		const struct article *a = &f->items[i];
		const char *url = page_public_url(req, pool_printf(req->pool, "/articles/%lld", (long long)a->post.id));
		int64_t updated = a->post.edited_at > a->published_at ? a->post.edited_at : a->published_at;
		rc |= xmlTextWriterStartElement(w, X("entry")) < 0;
		rc |= xmlTextWriterWriteElement(w, X("title"), X(a->post.title ? a->post.title : "")) < 0;
		rc |= xmlTextWriterWriteElement(w, X("id"), X(url)) < 0;
		rc |= xmlTextWriterStartElement(w, X("link")) < 0;
		rc |= xmlTextWriterWriteAttribute(w, X("rel"), X("alternate")) < 0;
		rc |= xmlTextWriterWriteAttribute(w, X("href"), X(url)) < 0;
		rc |= xmlTextWriterEndElement(w) < 0;
		rc |= xmlTextWriterWriteElement(w, X("published"), X(rfc3339(req->pool, a->published_at))) < 0;
		rc |= xmlTextWriterWriteElement(w, X("updated"), X(rfc3339(req->pool, updated))) < 0;
		rc |= xmlTextWriterStartElement(w, X("author")) < 0;
		rc |= xmlTextWriterWriteElement(w, X("name"), X(a->post.author.name)) < 0;
		rc |= xmlTextWriterEndElement(w) < 0;
		rc |= xmlTextWriterStartElement(w, X("summary")) < 0;
		rc |= xmlTextWriterWriteString(w, X(articles_excerpt(req->pool, a->post.body_html, ARTICLE_EXCERPT_CHARS))) < 0;
		rc |= xmlTextWriterEndElement(w) < 0;
		rc |= xmlTextWriterStartElement(w, X("content")) < 0;
		rc |= xmlTextWriterWriteAttribute(w, X("type"), X("html")) < 0;
		rc |= xmlTextWriterWriteString(w, X(a->post.body_html)) < 0;
		rc |= xmlTextWriterEndElement(w) < 0;
		rc |= xmlTextWriterEndElement(w) < 0;
	}
	rc |= xmlTextWriterEndDocument(w) < 0;
	return rc ? PLEIN_ERROR : PLEIN_OK;
}

static void send_feed(struct request *req, const struct person *author, bool atom)
{
	int64_t *ids = NULL;
	size_t n = 0;
	struct feed f = { 0 };
	int rc = articles_public_list(req->db, author ? author->id : 0, 0, FEED_ITEMS, &ids, &n);
	if (rc == PLEIN_OK)
		rc = articles_load(req->db, req->pool, ids, n, &f.items, &f.n);
	free(ids);
	if (rc) {
		unavailable(req);
		return;
	}
	for (size_t i = 0; i < f.n; i++) {
		int64_t t = f.items[i].post.edited_at > f.items[i].published_at ? f.items[i].post.edited_at : f.items[i].published_at;
		if (t > f.updated)
			f.updated = t;
	}
	/* cheap validators: the newest article, the last change, how many */
	const char *etag = pool_printf(req->pool, "\"%s-%lld-%lld-%zu\"", atom ? "a" : "r",
	                               (long long)(f.n ? f.items[0].post.id : 0), (long long)f.updated, f.n);
	const char *inm = req_header(req, "If-None-Match");
	resp_header(req, "ETag", etag);
	if (f.updated)
		resp_header(req, "Last-Modified", rfc822(req->pool, f.updated));
	resp_header(req, "Cache-Control", "public, max-age=300");
	if (inm && strcmp(inm, etag) == 0) {
		resp_text(req, 304, atom ? "application/atom+xml; charset=utf-8" : "application/rss+xml; charset=utf-8", "");
		return;
	}
	const char *site = T(req, N_("Blog"));
	const char *base = author ? pool_printf(req->pool, "/blog/%lld", (long long)author->id) : "/blog";
	f.title = author ? pool_printf(req->pool, "%s — %s", author->name, site) : site;
	f.html_url = page_public_url(req, base);
	f.base_url = page_public_url(req, "/");
	f.self_url = page_public_url(req, pool_printf(req->pool, "%s/feed.%s", base, atom ? "atom" : "rss"));
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
	if (!w) {
		xmlBufferFree(buf);
		unavailable(req);
		return;
	}
	rc = atom ? write_atom(w, req, &f) : write_rss(w, req, &f);
	xmlFreeTextWriter(w);  /* flushes into buf */
	if (rc == PLEIN_OK)
		resp_text(req, 200, atom ? "application/atom+xml; charset=utf-8" : "application/rss+xml; charset=utf-8",
		          (const char *)xmlBufferContent(buf));
	else
		unavailable(req);
	xmlBufferFree(buf);
}

void page_blog_feed_rss(struct request *req)
{
	send_feed(req, NULL, false);
}

void page_blog_feed_atom(struct request *req)
{
	send_feed(req, NULL, true);
}

void page_blog_person_feed_rss(struct request *req)
{
	struct person *p = load_author(req);
	if (p)
		send_feed(req, p, false);
}

void page_blog_person_feed_atom(struct request *req)
{
	struct person *p = load_author(req);
	if (p)
		send_feed(req, p, true);
}
