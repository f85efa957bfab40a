/* embedded.h — files compiled into the binary by tools/embed.c: templates,
 * static assets, migrations and message catalogues. Each table ends with a
 * zeroed entry. Data is NUL-terminated (len excludes the NUL). */
#ifndef PLEIN_EMBEDDED_H
#define PLEIN_EMBEDDED_H
#include <stddef.h>

struct embedded_file {
	const char *name;
	const unsigned char *data;
	size_t len;
};

extern const struct embedded_file embedded_templates[];
extern const struct embedded_file embedded_static[];
extern const struct embedded_file embedded_migrations[];
extern const struct embedded_file embedded_catalogs[];

const struct embedded_file *embedded_find(const struct embedded_file *table, const char *name);
#endif
