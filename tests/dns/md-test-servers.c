/* md-test-servers.c: real servers on loopback for the network tests, and
 * what those tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each server runs as a child process that dies with the test program
 * (PR_SET_PDEATHSIG), so a failed assertion never leaves servers behind.
 */

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <glib/gstdio.h>

#include "md-test-servers.h"

static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gboolean
python_has_module (const char *module)
{
  g_autofree char *code = g_strdup_printf ("import %s", module);
  const char *argv[] = { "/usr/bin/python3", "-c", code, NULL };
  int status = 0;

  return g_spawn_sync (NULL, (char **) argv, NULL,
                       G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

/**
 * md_test_require:
 * @needs: the programs and Python modules the test program's servers need
 *
 * Call after g_test_init(). When one of @needs is missing (as in the Flatpak
 * SDK), the whole program is skipped: it prints the TAP plan "1..0 # SKIP"
 * and exits with status 0, which is how meson's TAP protocol takes a skip.
 */
void
md_test_require (MdTestNeeds needs)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  const char *missing = NULL;

  if ((needs & MD_TEST_NEEDS_DNSMASQ) &&
      !g_file_test ("/usr/sbin/dnsmasq", G_FILE_TEST_IS_EXECUTABLE))
    missing = "/usr/sbin/dnsmasq";
  else if ((needs & (MD_TEST_NEEDS_PYTHON | MD_TEST_NEEDS_DNSLIB | MD_TEST_NEEDS_AIOSMTPD)) &&
           !g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    missing = "/usr/bin/python3";
  else if ((needs & MD_TEST_NEEDS_DNSLIB) && !python_has_module ("dnslib"))
    missing = "the Python module dnslib (python3-dnslib)";
  else if ((needs & MD_TEST_NEEDS_AIOSMTPD) && !python_has_module ("aiosmtpd"))
    missing = "the Python module aiosmtpd (python3-aiosmtpd)";
  else if ((needs & MD_TEST_NEEDS_OPENSSL) && openssl == NULL)
    missing = "openssl";

  if (missing == NULL)
    return;

  g_print ("1..0 # SKIP %s is not installed\n", missing);
  exit (0);
}

static GSubprocess *
spawn (GSubprocessFlags    flags,
       const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  return process;
}

/**
 * md_test_free_port:
 *
 * Returns: a port that is free (nothing listens) for both TCP and UDP on
 *   127.0.0.1 right now
 */
guint16
md_test_free_port (void)
{
  for (guint attempt = 0; attempt < 20; attempt++)
    {
      g_autoptr(GSocket) tcp = NULL;
      g_autoptr(GSocket) udp = NULL;
      g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
      g_autoptr(GSocketAddress) bound = NULL;
      g_autoptr(GSocketAddress) same = NULL;
      guint16 port;

      tcp = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
      udp = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, NULL);
      g_assert_nonnull (tcp);
      g_assert_nonnull (udp);
      if (!g_socket_bind (tcp, any, FALSE, NULL))
        continue;
      bound = g_socket_get_local_address (tcp, NULL);
      port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
      same = g_inet_socket_address_new (loopback, port);
      if (g_socket_bind (udp, same, FALSE, NULL))
        return port;
    }

  g_error ("no free port on 127.0.0.1");
}

static gboolean
wait_for_tcp (MdTestServer *server)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  for (guint i = 0; i < 250; i++)
    {
      g_autoptr(GSocketConnection) connection = NULL;

      connection = g_socket_client_connect_to_host (client, "127.0.0.1", server->port, NULL, NULL);
      if (connection != NULL)
        return TRUE;
      if (g_subprocess_get_identifier (server->process) == NULL)
        return FALSE;
      g_usleep (20 * 1000);
    }

  return FALSE;
}

/**
 * md_test_dnsmasq_start:
 * @conf_file: a dnsmasq configuration with the test zones
 *
 * Starts dnsmasq on 127.0.0.1 with a free port, answering only from
 * @conf_file (no upstream servers, no /etc/hosts).
 */
MdTestServer *
md_test_dnsmasq_start (const char *conf_file)
{
  for (guint attempt = 0; attempt < 5; attempt++)
    {
      g_autoptr(MdTestServer) server = g_new0 (MdTestServer, 1);
      g_autofree char *port_arg = NULL;
      g_autofree char *conf_arg = g_strdup_printf ("--conf-file=%s", conf_file);
      /* Run as ourselves: dnsmasq started by root would switch to "nobody",
       * and a change of user clears PR_SET_PDEATHSIG. */
      g_autofree char *user_arg = g_strdup_printf ("--user=%s", g_get_user_name ());

      server->port = md_test_free_port ();
      port_arg = g_strdup_printf ("--port=%u", server->port);
      {
        const char * const argv[] = {
          "/usr/sbin/dnsmasq", "--keep-in-foreground", "--no-resolv", "--no-hosts",
          "--no-poll", "--pid-file=", "--listen-address=127.0.0.1", "--bind-interfaces",
          "--log-facility=-", user_arg, conf_arg, port_arg, NULL
        };

        server->process = spawn (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                 argv);
      }
      server->address = g_strdup_printf ("127.0.0.1:%u", server->port);

      if (wait_for_tcp (server))
        return g_steal_pointer (&server);
    }

  g_error ("dnsmasq did not start");
}

static char *
read_line (GSubprocess *process)
{
  g_autoptr(GDataInputStream) data = NULL;
  g_autoptr(GError) error = NULL;
  char *line;

  data = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (data), FALSE);
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (data), 1);
  line = g_data_input_stream_read_line_utf8 (data, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);

  return line;
}

/**
 * md_test_script_start:
 * @dir: a folder of the test sources, such as "smtp"
 * @script: a Python script in @dir
 * @args: (array zero-terminated=1): its arguments
 *
 * Starts @script with /usr/bin/python3 and reads the port it listens on from
 * its first line of output, "PORT <n>". Its standard input is a pipe: the
 * scripts serve until it closes (md_test_server_stop()).
 */
MdTestServer *
md_test_script_start (const char         *dir,
                      const char         *script,
                      const char * const *args)
{
  g_autoptr(MdTestServer) server = g_new0 (MdTestServer, 1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *line = NULL;
  guint64 port = 0;

  g_ptr_array_add (argv, g_strdup ("/usr/bin/python3"));
  g_ptr_array_add (argv, g_test_build_filename (G_TEST_DIST, dir, script, NULL));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  server->process = spawn (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                           (const char * const *) argv->pdata);
  line = read_line (server->process);
  g_assert_true (g_str_has_prefix (line, "PORT "));
  g_assert_true (g_ascii_string_to_unsigned (line + 5, 10, 1, G_MAXUINT16, &port, NULL));
  server->port = (guint16) port;
  server->address = g_strdup_printf ("127.0.0.1:%u", server->port);

  return g_steal_pointer (&server);
}

/**
 * md_test_dns_peer_start:
 * @zone_file: the zone the peer serves (see tests/dns/md-dns-peer.py for the
 *   names that misbehave)
 * @latency_s: delay of every reply in seconds
 */
MdTestServer *
md_test_dns_peer_start (const char *zone_file,
                        double      latency_s)
{
  char latency[G_ASCII_DTOSTR_BUF_SIZE];
  const char *args[] = { "--zone", zone_file, "--latency", NULL, NULL };

  args[3] = g_ascii_dtostr (latency, sizeof latency, latency_s);

  return md_test_script_start ("dns", "md-dns-peer.py", args);
}

/**
 * md_test_https_start:
 *
 * Starts tests/https/md-https-server.py: it creates a test CA with openssl
 * in a new temporary directory and serves MTA-STS policies on three ports
 * (good certificate, certificate of another CA, certificate for another name).
 */
MdTestServer *
md_test_https_start (void)
{
  g_autoptr(MdTestServer) server = g_new0 (MdTestServer, 1);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "https", "md-https-server.py", NULL);
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = NULL;

  server->dir = g_dir_make_tmp ("md-https-XXXXXX", &error);
  g_assert_no_error (error);
  {
    const char * const argv[] = { "/usr/bin/python3", script, "--dir", server->dir, NULL };

    server->process = spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE, argv);
  }
  line = read_line (server->process);
  parts = g_strsplit (line, " ", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 4);
  g_assert_cmpstr (parts[0], ==, "PORTS");
  server->port = (guint16) g_ascii_strtoull (parts[1], NULL, 10);
  server->port_other_ca = (guint16) g_ascii_strtoull (parts[2], NULL, 10);
  server->port_wrong_name = (guint16) g_ascii_strtoull (parts[3], NULL, 10);
  server->address = g_strdup_printf ("127.0.0.1:%u", server->port);
  server->ca_file = g_build_filename (server->dir, "ca.pem", NULL);

  return g_steal_pointer (&server);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

void
md_test_server_stop (MdTestServer *server)
{
  if (server == NULL)
    return;

  if (server->process != NULL)
    {
      GOutputStream *stdin_pipe = g_subprocess_get_stdin_pipe (server->process);

      /* Closing its standard input ends a script; force it if needed. */
      if (stdin_pipe != NULL)
        g_output_stream_close (stdin_pipe, NULL, NULL);
      g_subprocess_force_exit (server->process);
      g_subprocess_wait (server->process, NULL, NULL);
      g_clear_object (&server->process);
    }
  if (server->dir != NULL)
    remove_dir (server->dir);
  g_free (server->dir);
  g_free (server->ca_file);
  g_free (server->address);
  g_free (server);
}

/**
 * md_test_make_certs:
 * @prefix: the start of the temporary folder's name
 *
 * Creates a test CA and server certificates with tests/smtp/make-certs.sh
 * in a new temporary folder.
 *
 * Returns: (transfer full): the folder; remove it with md_test_remove_tree()
 */
char *
md_test_make_certs (const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("%s-XXXXXX", prefix);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "smtp", "make-certs.sh", NULL);
  g_autofree char *cert_dir = g_dir_make_tmp (template, &error);
  int status = 0;

  g_assert_no_error (error);
  {
    const char *argv[] = { "/bin/sh", script, cert_dir, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                  &status, &error);
    g_assert_no_error (error);
    g_spawn_check_wait_status (status, &error);
    g_assert_no_error (error);
  }

  return g_steal_pointer (&cert_dir);
}

void
md_test_remove_tree (const char *dir)
{
  const char *argv[] = { "rm", "-rf", dir, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                NULL, NULL);
}

/**
 * md_test_result_cb:
 * @user_data: a `GAsyncResult **` that receives a reference to @result
 *
 * A #GAsyncReadyCallback for md_test_wait_for_result().
 */
void
md_test_result_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Iterates the default main context until md_test_result_cb() has set
 * @result, for @seconds at most. */
void
md_test_wait_for_result (GAsyncResult **result,
                         guint          seconds)
{
  gint64 limit = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (*result == NULL && g_get_monotonic_time () < limit)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (*result);
}

MdFinding *
md_test_finding (GPtrArray  *findings,
                 const char *code)
{
  for (guint i = 0; i < findings->len; i++)
    {
      MdFinding *finding = g_ptr_array_index (findings, i);

      if (g_str_equal (md_finding_get_code (finding), code))
        return finding;
    }

  return NULL;
}
