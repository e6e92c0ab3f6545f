/* test-examples.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gmime/gmime.h>

#include "md-core.h"

static void
test_examples_list (void)
{
  g_auto(GStrv) ids = md_examples_list ();

  g_assert_nonnull (ids);
  g_assert_cmpuint (g_strv_length (ids), ==, 4);
  /* A stable order: the UI shows them as listed. */
  g_assert_cmpstr (ids[0], ==, "user-unknown");
  g_assert_cmpstr (ids[1], ==, "mailbox-full");
  g_assert_cmpstr (ids[2], ==, "relay-denied");
  g_assert_cmpstr (ids[3], ==, "delayed");

  for (guint i = 0; ids[i] != NULL; i++)
    {
      const char *title = md_example_get_title (ids[i]);

      g_assert_nonnull (title);
      g_assert_cmpuint (strlen (title), >, 10);
    }

  g_assert_cmpstr (md_example_get_title ("user-unknown"), ==, "An address that does not exist");
  g_assert_null (md_example_get_title ("no-such-example"));
}

typedef struct
{
  const char *id;
  const char *recipient;
  const char *action;
  const char *status;
} ExpectedExample;

static const ExpectedExample expected[] = {
  { "user-unknown", "jane.doe@example.com", "failed", "5.1.1" },
  { "mailbox-full", "chris.lee@example.com", "failed", "4.2.2" },
  { "relay-denied", "orders@example.com", "failed", "5.7.1" },
  { "delayed", "billing@example.com", "delayed", "4.4.1" },
};

/* GMime 3.2 has no g_autoptr() support: these helpers unref by hand. */
static GMimeMessage *
parse_message (GBytes *bytes)
{
  GMimeStream *stream;
  GMimeParser *parser;
  GMimeMessage *message;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  stream = g_mime_stream_mem_new_with_buffer ((const char *) data, size);
  parser = g_mime_parser_new_with_stream (stream);
  message = g_mime_parser_construct_message (parser, NULL);
  g_object_unref (parser);
  g_object_unref (stream);

  return message;
}

/* Finds the message/delivery-status part and returns its text. */
static char *
get_delivery_status (GMimeMessage *message)
{
  GMimeObject *report = g_mime_message_get_mime_part (message);
  GMimeMultipart *multipart;

  g_assert_true (GMIME_IS_MULTIPART (report));
  g_assert_cmpstr (g_mime_object_get_content_type_parameter (report, "report-type"),
                   ==, "delivery-status");
  multipart = GMIME_MULTIPART (report);

  for (int i = 0; i < g_mime_multipart_get_count (multipart); i++)
    {
      GMimeObject *part = g_mime_multipart_get_part (multipart, i);
      GMimeContentType *type = g_mime_object_get_content_type (part);

      if (g_mime_content_type_is_type (type, "message", "delivery-status"))
        {
          GMimeStream *mem = g_mime_stream_mem_new ();
          GByteArray *array;
          char *text;

          g_assert_true (GMIME_IS_PART (part));
          g_mime_data_wrapper_write_to_stream (g_mime_part_get_content (GMIME_PART (part)),
                                               mem);
          array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (mem));
          text = g_strndup ((const char *) array->data, array->len);
          g_object_unref (mem);

          return text;
        }
    }

  return NULL;
}

static void
test_examples_load (void)
{
  g_auto(GStrv) ids = md_examples_list ();

  g_assert_cmpuint (g_strv_length (ids), ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      GMimeMessage *message;
      g_autofree char *dsn = NULL;
      g_autofree char *line = NULL;

      g_test_message ("example %s", expected[i].id);
      g_assert_cmpstr (ids[i], ==, expected[i].id);

      bytes = md_example_load (expected[i].id, &error);
      g_assert_no_error (error);
      g_assert_nonnull (bytes);
      g_assert_cmpuint (g_bytes_get_size (bytes), >, 1000);
      g_assert_cmpuint (g_bytes_get_size (bytes), <, 16 * 1024);
      g_assert_true (g_utf8_validate (g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL));

      message = parse_message (bytes);
      g_assert_nonnull (message);
      g_assert_nonnull (g_mime_message_get_subject (message));
      g_assert_nonnull (g_mime_object_get_header (GMIME_OBJECT (message), "Auto-Submitted"));

      dsn = get_delivery_status (message);
      g_assert_nonnull (dsn);
      line = g_strdup_printf ("Action: %s", expected[i].action);
      g_assert_nonnull (strstr (dsn, line));
      g_clear_pointer (&line, g_free);
      line = g_strdup_printf ("Status: %s", expected[i].status);
      g_assert_nonnull (strstr (dsn, line));
      g_assert_nonnull (strstr (dsn, expected[i].recipient));

      g_assert_finalize_object (message);
    }
}

static void
test_examples_match_files (void)
{
  g_auto(GStrv) ids = md_examples_list ();

  /* The compiled-in copy is the one installed next to it. */
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = md_example_load (ids[i], &error);
      g_autofree char *name = g_strconcat (ids[i], ".eml", NULL);
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "examples",
                                                    name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_no_error (error);
      g_file_get_contents (path, &contents, &length, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (contents, length, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }
}

static void
test_examples_unknown (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = md_example_load ("no-such-example", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (bytes);

  /* Ids are names, not paths. */
  g_clear_error (&error);
  bytes = md_example_load ("../examples/user-unknown", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (bytes);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_mime_init ();

  g_test_add_func ("/examples/list", test_examples_list);
  g_test_add_func ("/examples/load", test_examples_load);
  g_test_add_func ("/examples/match-files", test_examples_match_files);
  g_test_add_func ("/examples/unknown", test_examples_unknown);

  return g_test_run ();
}
