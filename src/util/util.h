/* Small helpers shared by every part of planche: files, hashes, escaping. */
#ifndef PLANCHE_UTIL_H
#define PLANCHE_UTIL_H

#include <glib.h>

#define PL_ERROR (pl_error_quark())
GQuark pl_error_quark(void);
enum { PL_ERROR_FAILED, PL_ERROR_INPUT, PL_ERROR_IO };

/* Writes data to path through a temporary file in the same folder and a
 * rename, so readers never see a half-written file. */
int pl_write_file_atomic(const char *path, const void *data, gsize len, GError **error);
/* The same but for the folder's own sync, left to the caller: one
 * pl_sync_dir a folder for all it wrote there, before it records them. */
int pl_write_file_atomic_dir_later(const char *path, const void *data, gsize len,
				   GError **error);
int pl_sync_dir(const char *dir);

/* A temporary name beside path ("dir/.name.tmp-PID-N"), for outputs written by
 * other code (libvips savers) and renamed into place by pl_commit_tmp(). */
char *pl_tmp_path_for(const char *path);
int pl_commit_tmp(const char *tmp, const char *path, GError **error);
/* Removes leftover temporaries of interrupted runs below dir. */
void pl_remove_stale_tmp(const char *dir);

/* TRUE for the names pl_tmp_path_for makes (".NAME.tmp-PID-N", maybe with
 * ".jpg" or ".webp" after): the only files a sweep of temporaries removes. */
gboolean pl_is_tmp_name(const char *name);

int pl_mkdir_p(const char *path, GError **error);

/* realpath() as a newly allocated string; NULL (errno set) when it fails. */
char *pl_real_path(const char *path);
/* TRUE when path names something strictly below dir (both real paths). */
gboolean pl_path_is_below(const char *path, const char *dir);
/* Reads a regular file whose real path is below root (name relative to
 * root, or absolute), of at most max bytes: a setting can name no file
 * outside the collection, nor a device, FIFO or huge file. */
int pl_read_file_below(const char *root, const char *name, gsize max, char **data, gsize *len,
		       GError **error);

/* Hex SHA-256 of a file's content (newly allocated); also its size. */
char *pl_sha256_file(const char *path, gint64 *size, GError **error);
char *pl_sha256_data(const void *data, gsize len);
/* A fast 128-bit hash, not cryptographic (hash.c): whether something
 * changed, never whether it was tampered with. _hex gives 32 hex digits. */
void pl_hash128(const void *data, gsize len, guint64 out[2]);
char *pl_hash128_hex(const void *data, gsize len);

/* Escaping for the formats planche writes. All return newly allocated strings
 * and accept NULL (as ""). Every XML, HTML and JSON writer drops the
 * characters XML 1.0 cannot carry (pl_xml_text), so that what one writes
 * another can quote: a title holding U+FFFE or a control character must not
 * make feed.xml or an export ill-formed. */
char *pl_html_escape(const char *s);        /* also right for XML text and attributes */
/* Appends len bytes of s (-1: up to NUL), escaped as pl_html_escape does;
 * s must be valid UTF-8 already cleared by pl_xml_text (C0 controls are
 * dropped here, byte by byte). */
void pl_html_escape_append(GString *out, const char *s, gssize len);
/* Quoted and escaped as a JSON string (util/json.h says how); the escaping
 * under PlJson, the one JSON writer. */
void pl_json_append_string(GString *out, const char *s);
/* The same, with '<', '>' and '&' left as they are when keep_markup. */
void pl_json_append_string_markup(GString *out, const char *s, gboolean keep_markup);

/* Makes a string valid UTF-8 for display, replacing bad bytes. */
char *pl_utf8_sanitize(const char *s);
/* Files planche reads (pipelines, planche.conf, the introduction) are UTF-8
 * whatever the locale: 0, or -1 with "FILE:LINE: not UTF-8 text ...".
 * len -1: up to the NUL. */
int pl_utf8_check_text(const char *text, gssize len, const char *filename, GError **error);
/* Stored text made safe to print on a terminal, where an ESC or a C1
 * control would be obeyed (a title holding "ESC ]0;...BEL" retitles the
 * window): valid UTF-8, with C0 controls, DEL, C1 controls and the bidi and
 * line-separator marks written as escapes: "\n", "\t", "\r", "\x1b",
 * "\u009b", "\u202e". With json, s is JSON text whose C0 controls are
 * already escaped: its newlines stay (the layout) and the rest come out as
 * JSON's "\u00XX", so it stays valid JSON. Newly allocated; NULL gives "". */
char *pl_terminal_escape(const char *s, gboolean json);
/* Valid UTF-8 without the characters XML cannot carry: C0 controls other
 * than tab, LF and CR, U+FFFE, U+FFFF and the other noncharacters. */
char *pl_xml_text(const char *s);
gboolean pl_xml_char_ok(gunichar c);

/* "now" as an ISO 8601 UTC timestamp. */
char *pl_now_iso8601(void);

#endif
