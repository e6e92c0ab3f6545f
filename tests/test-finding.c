/* test-finding.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-core.h"

static void
test_finding_properties (void)
{
  g_autoptr(MdFinding) finding = NULL;

  finding = md_finding_new (MD_SEVERITY_PROBLEM, MD_STEP_VERIFY_ADDRESS, "dns.null-mx",
                            "The domain accepts no email",
                            "It says so in its DNS.", "Ask for another address.");
  g_assert_cmpint (md_finding_get_severity (finding), ==, MD_SEVERITY_PROBLEM);
  g_assert_cmpint (md_finding_get_step (finding), ==, MD_STEP_VERIFY_ADDRESS);
  g_assert_cmpstr (md_finding_get_code (finding), ==, "dns.null-mx");
  g_assert_cmpstr (md_finding_get_title (finding), ==, "The domain accepts no email");
  g_assert_cmpstr (md_finding_get_detail (finding), ==, "It says so in its DNS.");
  g_assert_cmpstr (md_finding_get_advice (finding), ==, "Ask for another address.");
  g_assert_null (md_finding_get_evidence (finding));

  md_finding_set_evidence (finding, "example.org. MX 0 .");
  g_assert_cmpstr (md_finding_get_evidence (finding), ==, "example.org. MX 0 .");

  g_assert_finalize_object (g_steal_pointer (&finding));
}

static void
test_finding_json_round_trip (void)
{
  g_autoptr(MdFinding) finding = NULL;
  g_autoptr(MdFinding) copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  finding = md_finding_new (MD_SEVERITY_WARNING, MD_STEP_CHECK_SETTINGS, "smtp.port-25",
                            "Port 25 is blocked", NULL, "Use port 587.");
  md_finding_set_evidence (finding, "connect 127.0.0.1:25: timed out <&>\"");

  node = md_finding_to_json (finding);
  copy = md_finding_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (md_finding_get_severity (copy), ==, MD_SEVERITY_WARNING);
  g_assert_cmpint (md_finding_get_step (copy), ==, MD_STEP_CHECK_SETTINGS);
  g_assert_cmpstr (md_finding_get_code (copy), ==, "smtp.port-25");
  g_assert_cmpstr (md_finding_get_title (copy), ==, "Port 25 is blocked");
  g_assert_null (md_finding_get_detail (copy));
  g_assert_cmpstr (md_finding_get_advice (copy), ==, "Use port 587.");
  g_assert_cmpstr (md_finding_get_evidence (copy), ==, md_finding_get_evidence (finding));
}

static void
test_finding_json_invalid (void)
{
  g_autoptr(JsonNode) node = json_from_string ("{\"code\": \"x\", \"severity\": \"fatal\"}", NULL);
  g_autoptr(JsonNode) array = json_from_string ("[1, 2]", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdFinding) finding = NULL;

  finding = md_finding_new_from_json (node, &error);
  g_assert_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID);
  g_assert_null (finding);
  g_clear_error (&error);

  finding = md_finding_new_from_json (array, &error);
  g_assert_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID);
  g_assert_null (finding);
}

static void
test_findings_worst_and_json (void)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) parsed = NULL;

  g_assert_cmpint (md_findings_get_worst (findings), ==, MD_SEVERITY_OK);

  g_ptr_array_add (findings, md_finding_new (MD_SEVERITY_INFO, MD_STEP_IDENTIFY, "a", "A", NULL, NULL));
  g_ptr_array_add (findings, md_finding_new (MD_SEVERITY_WARNING, MD_STEP_IDENTIFY, "b", "B", NULL, NULL));
  g_ptr_array_add (findings, md_finding_new (MD_SEVERITY_OK, MD_STEP_IDENTIFY, "c", "C", NULL, NULL));
  g_assert_cmpint (md_findings_get_worst (findings), ==, MD_SEVERITY_WARNING);

  json = md_findings_to_json_string (findings, FALSE);
  parsed = json_from_string (json, NULL);
  g_assert_nonnull (parsed);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (parsed)), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (parsed), 1),
                                                  "severity"), ==, "warning");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/finding/properties", test_finding_properties);
  g_test_add_func ("/finding/json-round-trip", test_finding_json_round_trip);
  g_test_add_func ("/finding/json-invalid", test_finding_json_invalid);
  g_test_add_func ("/finding/worst-and-json", test_findings_worst_and_json);

  return g_test_run ();
}
