/* test_multipart.c — multipart/form-data bodies through a real libmicrohttpd
 * server in this process (the library's parser needs a connection): text
 * fields, binary files, the body limit (413), a wrong content type, truncated
 * and garbage bodies, invalid UTF-8, too many fields and files, encoded parts. */
#include "unit.h"
#include "http/multipart.h"
#include "http/server.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define BOUNDARY "XyZzy0123"
#define LIMIT 4096

/* Echo what the handler sees: "rc=N" then one line per field and file. */
static void echo(struct request *req)
{
	(void)strbuf_addf(&req->out, "rc=%d\n", req->multipart_rc);
	for (size_t i = 0; i < req->form.n; i++)
		(void)strbuf_addf(&req->out, "field %s=%s\n", req->form.fields[i].key, req->form.fields[i].value);
	for (size_t i = 0; i < req->n_uploads; i++) {
		const struct upload *u = &req->uploads[i];
		(void)strbuf_addf(&req->out, "file %s name=%s type=%s len=%zu sum=", u->name, u->filename,
		                  u->content_type, u->len);
		unsigned sum = 0;
		for (size_t k = 0; k < u->len; k++)
			sum = sum * 31 + u->data[k];
		(void)strbuf_addf(&req->out, "%u\n", sum);
	}
	const struct upload *doc = req_upload(req, "doc");
	(void)strbuf_addf(&req->out, "req_upload(doc)=%s\n", doc ? doc->filename : "none");
}

static const struct route routes[] = {
	{ "POST", "/echo", echo, R_MULTIPART, LIMIT, 0 },
	{ "POST", "/big", echo, R_MULTIPART, 60 * 1024, 0 },
	{ 0 }
};

static void on_error(struct request *req, int status, const char *msg)
{
	resp_text(req, status, "text/plain", msg);
}

static const struct http_app app = { .routes = routes, .error = on_error };

static int setup(void **state)
{
	struct http_config cfg = { .host = "127.0.0.1", .threads = 2, .max_connections = 16,
	                           .per_ip_connections = 16, .timeout_seconds = 10, .max_body = 1024,
	                           .max_upload = 64 * 1024 };
	struct http_server *srv;
	char err[256];
	if (http_server_start(&srv, &cfg, &app, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	*state = srv;
	return 0;
}

static int teardown(void **state)
{
	http_server_stop(*state, 1);
	return 0;
}

/* Send one request (the body in pieces of `chunk` bytes) and read the whole answer. */
static char *exchange_to(struct http_server *srv, const char *path, const char *content_type, const char *body,
                         size_t len, size_t chunk)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)http_server_port(srv)) };
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	char head[512];
	int n = snprintf(head, sizeof(head),
	                 "POST %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: %s\r\n"
	                 "Content-Length: %zu\r\n\r\n", path, content_type, len);
	assert_int_equal(send(fd, head, (size_t)n, MSG_NOSIGNAL), n);
	for (size_t off = 0; off < len; off += chunk) {
		size_t k = len - off < chunk ? len - off : chunk;
		if (send(fd, body + off, k, MSG_NOSIGNAL) < 0)
			break; /* the server may answer 413 and close before all is sent */
	}
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	ssize_t r;
	while ((r = recv(fd, buf, sizeof(buf), 0)) > 0)
		(void)strbuf_add(&sb, buf, (size_t)r);
	close(fd);
	return strbuf_detach(&sb, NULL);
}

static char *exchange(struct http_server *srv, const char *content_type, const char *body, size_t len,
                      size_t chunk)
{
	return exchange_to(srv, "/echo", content_type, body, len, chunk);
}

static const char *mp_type = "multipart/form-data; boundary=" BOUNDARY;

static void part_text(struct strbuf *sb, const char *name, const char *value)
{
	(void)strbuf_addf(sb, "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n", name,
	                  value);
}

static void part_file(struct strbuf *sb, const char *name, const char *filename, const char *type,
                      const void *data, size_t len)
{
	(void)strbuf_addf(sb, "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
	                  "Content-Type: %s\r\n\r\n", name, filename, type);
	(void)strbuf_add(sb, data, len);
	(void)strbuf_addstr(sb, "\r\n");
}

static void end(struct strbuf *sb)
{
	(void)strbuf_addstr(sb, "--" BOUNDARY "--\r\n");
}

static unsigned checksum(const unsigned char *d, size_t len)
{
	unsigned sum = 0;
	for (size_t k = 0; k < len; k++)
		sum = sum * 31 + d[k];
	return sum;
}

static void test_fields_and_file(void **state)
{
	/* binary content with NULs, CR LF and something that looks like a boundary */
	unsigned char bin[1500];
	for (size_t i = 0; i < sizeof(bin); i++)
		bin[i] = (unsigned char)(i * 7);
	memcpy(bin + 100, "\r\n--XyZzy012", 12);
	struct strbuf sb = STRBUF_INIT;
	part_text(&sb, "_csrf", "tok123");
	part_text(&sb, "name", "Zo\xc3\xab");
	part_text(&sb, "empty", "");
	part_file(&sb, "doc", "../../etc/passwd", "image/png", bin, sizeof(bin));
	part_file(&sb, "none", "", "application/octet-stream", "", 0);
	end(&sb);
	char want[128];
	snprintf(want, sizeof(want), "file doc name=../../etc/passwd type=image/png len=1500 sum=%u\n",
	         checksum(bin, sizeof(bin)));
	/* all at once, and in pieces smaller than the parser's view of a boundary */
	size_t chunks[] = { sb.len, 7, 1 };
	for (size_t c = 0; c < ARRAY_LEN(chunks); c++) {
		char *res = exchange(*state, mp_type, sb.buf, sb.len, chunks[c]);
		assert_non_null(strstr(res, "HTTP/1.1 200"));
		assert_non_null(strstr(res, "rc=0\n"));
		assert_non_null(strstr(res, "field _csrf=tok123\n"));
		assert_non_null(strstr(res, "field name=Zo\xc3\xab\n"));
		assert_non_null(strstr(res, "field empty=\n"));
		assert_non_null(strstr(res, want));
		assert_non_null(strstr(res, "file none name= type=application/octet-stream len=0 sum=0\n"));
		assert_non_null(strstr(res, "req_upload(doc)=../../etc/passwd\n"));
		free(res);
	}
	strbuf_release(&sb);
}

static void test_too_large(void **state)
{
	char big[LIMIT];
	memset(big, 'a', sizeof(big));
	struct strbuf sb = STRBUF_INIT;
	part_file(&sb, "doc", "a.txt", "text/plain", big, sizeof(big));
	end(&sb);
	char *res = exchange(*state, mp_type, sb.buf, sb.len, 1000);
	assert_non_null(strstr(res, "HTTP/1.1 413"));
	free(res);
	strbuf_release(&sb);
}

static void test_wrong_type(void **state)
{
	const char *body = "a=b";
	static const char *const types[] = { "application/x-www-form-urlencoded", "multipart/form-data",
	                                     "multipart/form-datax; boundary=a", "text/plain; boundary=" BOUNDARY };
	for (size_t i = 0; i < ARRAY_LEN(types); i++) {
		char *res = exchange(*state, types[i], body, strlen(body), 100);
		assert_non_null(strstr(res, "rc=-5\n")); /* PLEIN_DENIED */
		assert_null(strstr(res, "field "));
		free(res);
	}
}

static void expect_rc(void **state, const struct strbuf *sb, const char *rc)
{
	char *res = exchange(*state, mp_type, sb->buf, sb->len, 64);
	assert_non_null(strstr(res, rc));
	/* nothing of a rejected body reaches the handler */
	assert_null(strstr(res, "field "));
	assert_null(strstr(res, "file "));
	free(res);
}

static void test_malformed(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	/* truncated: no closing boundary */
	part_text(&sb, "a", "1");
	part_file(&sb, "doc", "x.bin", "application/octet-stream", "abc", 3);
	strbuf_truncate(&sb, sb.len - 4);
	expect_rc(state, &sb, "rc=-3\n");
	/* garbage, and an empty body */
	strbuf_reset(&sb);
	(void)strbuf_addstr(&sb, "this is not a multipart body at all");
	expect_rc(state, &sb, "rc=-3\n");
	strbuf_reset(&sb);
	expect_rc(state, &sb, "rc=-3\n");
	/* a text field that is not UTF-8 */
	strbuf_reset(&sb);
	part_text(&sb, "a", "\xff\xfe");
	end(&sb);
	expect_rc(state, &sb, "rc=-3\n");
	/* a NUL in a text field */
	strbuf_reset(&sb);
	(void)strbuf_addstr(&sb, "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx");
	(void)strbuf_add(&sb, "\0y\r\n", 4);
	end(&sb);
	expect_rc(state, &sb, "rc=-3\n");
	/* a base64 part would reach the handler still encoded */
	strbuf_reset(&sb);
	(void)strbuf_addstr(&sb, "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a\"\r\n"
	                    "Content-Transfer-Encoding: base64\r\n\r\nYWJj\r\n");
	end(&sb);
	expect_rc(state, &sb, "rc=-3\n");
	/* a part without a name */
	strbuf_reset(&sb);
	(void)strbuf_addstr(&sb, "--" BOUNDARY "\r\nContent-Disposition: form-data\r\n\r\nx\r\n");
	end(&sb);
	expect_rc(state, &sb, "rc=-3\n");
	strbuf_release(&sb);
}

static void test_too_many(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i <= MULTIPART_MAX_FILES; i++)
		part_file(&sb, "f", "a", "text/plain", "x", 1);
	end(&sb);
	expect_rc(state, &sb, "rc=-6\n");
	strbuf_reset(&sb);
	for (int i = 0; i <= FORM_MAX_FIELDS; i++)
		(void)strbuf_addstr(&sb, "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\r\n");
	end(&sb);
	assert_true(sb.len < 60 * 1024);
	char *res = exchange_to(*state, "/big", mp_type, sb.buf, sb.len, 4096);
	assert_non_null(strstr(res, "rc=-6\n"));
	assert_null(strstr(res, "field "));
	free(res);
	/* one field fewer is fine */
	strbuf_reset(&sb);
	for (int i = 0; i < FORM_MAX_FIELDS; i++)
		(void)strbuf_addstr(&sb, "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\r\n");
	end(&sb);
	res = exchange_to(*state, "/big", mp_type, sb.buf, sb.len, 4096);
	assert_non_null(strstr(res, "rc=0\n"));
	free(res);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields_and_file),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_wrong_type),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_too_many),
	};
	return cmocka_run_group_tests_name("multipart", tests, setup, teardown);
}
