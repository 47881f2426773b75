/* Runs a libFuzzer target over a committed corpus without libFuzzer, so the
 * ordinary test run (and the sanitizer build) replays every input.
 * Usage: fuzz_x_corpus DIR_OR_FILE...; each directory's files are fed in name
 * order. Fails when an argument cannot be read or when no input was run, so
 * a mistyped corpus path does not pass silently. */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An exact-size heap copy: g_file_get_contents() adds a NUL that would hide
 * a one-byte over-read from AddressSanitizer. */
static int
run_file(const char *path)
{
	g_autofree char *contents = NULL;
	g_autoptr(GError) error = NULL;
	gsize len;
	uint8_t *copy;

	if (!g_file_get_contents(path, &contents, &len, &error)) {
		fprintf(stderr, "%s\n", error->message);
		return -1;
	}
	copy = malloc(len ? len : 1);
	if (!copy)
		return -1;
	if (len)
		memcpy(copy, contents, len);
	LLVMFuzzerTestOneInput(copy, len);
	free(copy);
	return 0;
}

static gint
compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
main(int argc, char **argv)
{
	int ran = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
		g_autoptr(GError) error = NULL;
		GDir *dir;
		const char *name;

		if (!g_file_test(argv[i], G_FILE_TEST_IS_DIR)) {
			if (run_file(argv[i]) < 0)
				return 1;
			ran++;
			continue;
		}
		dir = g_dir_open(argv[i], 0, &error);
		if (!dir) {
			fprintf(stderr, "%s\n", error->message);
			return 1;
		}
		while ((name = g_dir_read_name(dir)))
			g_ptr_array_add(names, g_build_filename(argv[i], name, NULL));
		g_dir_close(dir);
		g_ptr_array_sort(names, compare_names);
		for (guint k = 0; k < names->len; k++) {
			if (!g_file_test(names->pdata[k], G_FILE_TEST_IS_REGULAR))
				continue;
			if (run_file(names->pdata[k]) < 0)
				return 1;
			ran++;
		}
	}
	if (ran == 0) {
		fprintf(stderr, "no corpus input found\n");
		return 1;
	}
	printf("%d inputs ran\n", ran);
	return 0;
}
