/* md-finding.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "md-core-enums.h"
#include "md-error.h"
#include "md-finding.h"

struct _MdFinding
{
  GObject     parent_instance;

  MdSeverity  severity;
  MdStep      step;
  char       *code;
  char       *title;
  char       *detail;
  char       *advice;
  char       *evidence;
};

G_DEFINE_FINAL_TYPE (MdFinding, md_finding, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SEVERITY,
  PROP_STEP,
  PROP_CODE,
  PROP_TITLE,
  PROP_DETAIL,
  PROP_ADVICE,
  PROP_EVIDENCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
md_finding_finalize (GObject *object)
{
  MdFinding *self = (MdFinding *)object;

  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->detail, g_free);
  g_clear_pointer (&self->advice, g_free);
  g_clear_pointer (&self->evidence, g_free);

  G_OBJECT_CLASS (md_finding_parent_class)->finalize (object);
}

static void
md_finding_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MdFinding *self = MD_FINDING (object);

  switch (prop_id)
    {
    case PROP_SEVERITY:
      g_value_set_enum (value, self->severity);
      break;
    case PROP_STEP:
      g_value_set_enum (value, self->step);
      break;
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    case PROP_ADVICE:
      g_value_set_string (value, self->advice);
      break;
    case PROP_EVIDENCE:
      g_value_set_string (value, self->evidence);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_finding_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  MdFinding *self = MD_FINDING (object);

  switch (prop_id)
    {
    case PROP_SEVERITY:
      self->severity = g_value_get_enum (value);
      break;
    case PROP_STEP:
      self->step = g_value_get_enum (value);
      break;
    case PROP_CODE:
      self->code = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;
    case PROP_DETAIL:
      self->detail = g_value_dup_string (value);
      break;
    case PROP_ADVICE:
      self->advice = g_value_dup_string (value);
      break;
    case PROP_EVIDENCE:
      md_finding_set_evidence (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_finding_class_init (MdFindingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro_flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = md_finding_finalize;
  object_class->get_property = md_finding_get_property;
  object_class->set_property = md_finding_set_property;

  properties[PROP_SEVERITY] =
    g_param_spec_enum ("severity", NULL, NULL,
                       MD_TYPE_SEVERITY, MD_SEVERITY_INFO, ro_flags);
  properties[PROP_STEP] =
    g_param_spec_enum ("step", NULL, NULL,
                       MD_TYPE_STEP, MD_STEP_NONE, ro_flags);
  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, ro_flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro_flags);
  properties[PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL, ro_flags);
  properties[PROP_ADVICE] = g_param_spec_string ("advice", NULL, NULL, NULL, ro_flags);
  properties[PROP_EVIDENCE] =
    g_param_spec_string ("evidence", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_finding_init (MdFinding *self)
{
}

/**
 * md_finding_new:
 * @severity: how bad it is
 * @step: the checklist step the finding belongs to
 * @code: a stable, untranslated identifier such as "dns.null-mx"
 * @title: a translated one-line summary
 * @detail: (nullable): translated plain-language explanation of what it means
 * @advice: (nullable): translated plain-language advice on what to do
 *
 * Returns: (transfer full): a new #MdFinding
 */
MdFinding *
md_finding_new (MdSeverity  severity,
                MdStep      step,
                const char *code,
                const char *title,
                const char *detail,
                const char *advice)
{
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (title != NULL, NULL);

  return g_object_new (MD_TYPE_FINDING,
                       "severity", severity,
                       "step", step,
                       "code", code,
                       "title", title,
                       "detail", detail,
                       "advice", advice,
                       NULL);
}

MdSeverity
md_finding_get_severity (MdFinding *self)
{
  g_return_val_if_fail (MD_IS_FINDING (self), MD_SEVERITY_INFO);
  return self->severity;
}

MdStep
md_finding_get_step (MdFinding *self)
{
  g_return_val_if_fail (MD_IS_FINDING (self), MD_STEP_NONE);
  return self->step;
}

const char *
md_finding_get_code (MdFinding *self)
{
  g_return_val_if_fail (MD_IS_FINDING (self), NULL);
  return self->code;
}

const char *
md_finding_get_title (MdFinding *self)
{
  g_return_val_if_fail (MD_IS_FINDING (self), NULL);
  return self->title;
}

const char *
md_finding_get_detail (MdFinding *self)
{
  g_return_val_if_fail (MD_IS_FINDING (self), NULL);
  return self->detail;
}

const char *
md_finding_get_advice (MdFinding *self)
{
  g_return_val_if_fail (MD_IS_FINDING (self), NULL);
  return self->advice;
}

/**
 * md_finding_get_evidence:
 * @self: a #MdFinding
 *
 * Returns: (nullable): the technical evidence (a DNS record, a server reply)
 *   the finding is based on; it is shown as is, never translated
 */
const char *
md_finding_get_evidence (MdFinding *self)
{
  g_return_val_if_fail (MD_IS_FINDING (self), NULL);
  return self->evidence;
}

void
md_finding_set_evidence (MdFinding  *self,
                         const char *evidence)
{
  g_return_if_fail (MD_IS_FINDING (self));

  if (g_strcmp0 (self->evidence, evidence) == 0)
    return;

  g_free (self->evidence);
  self->evidence = g_strdup (evidence);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVIDENCE]);
}

/**
 * md_finding_to_json:
 * @self: a #MdFinding
 *
 * Returns: (transfer full): a JSON object with the keys code, severity, step,
 *   title, detail, advice and evidence
 */
JsonNode *
md_finding_to_json (MdFinding *self)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (MD_IS_FINDING (self), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, self->code);
  json_builder_set_member_name (builder, "severity");
  json_builder_add_string_value (builder, md_severity_to_string (self->severity));
  json_builder_set_member_name (builder, "step");
  json_builder_add_int_value (builder, self->step);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, self->title);
  json_builder_set_member_name (builder, "detail");
  json_builder_add_string_value (builder, self->detail);
  json_builder_set_member_name (builder, "advice");
  json_builder_add_string_value (builder, self->advice);
  json_builder_set_member_name (builder, "evidence");
  json_builder_add_string_value (builder, self->evidence);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * md_finding_new_from_json:
 * @node: a JSON object as written by md_finding_to_json()
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the finding, or %NULL with @error set
 */
MdFinding *
md_finding_new_from_json (JsonNode  *node,
                          GError   **error)
{
  JsonObject *object;
  MdSeverity severity;
  gint64 step;
  const char *code;
  const char *title;
  MdFinding *finding;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   _("A finding is not a JSON object"));
      return NULL;
    }

  object = json_node_get_object (node);
  code = json_object_get_string_member_with_default (object, "code", NULL);
  title = json_object_get_string_member_with_default (object, "title", NULL);
  step = json_object_get_int_member_with_default (object, "step", MD_STEP_NONE);

  if (code == NULL || title == NULL ||
      !md_severity_from_string (json_object_get_string_member_with_default (object, "severity", ""),
                                &severity) ||
      step < MD_STEP_NONE || step > MD_STEP_DOCUMENT)
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   _("A finding lacks its code, title, severity or step"));
      return NULL;
    }

  finding = md_finding_new (severity, (MdStep) step, code, title,
                            json_object_get_string_member_with_default (object, "detail", NULL),
                            json_object_get_string_member_with_default (object, "advice", NULL));
  md_finding_set_evidence (finding,
                           json_object_get_string_member_with_default (object, "evidence", NULL));

  return finding;
}

static const char * const severity_names[] = { "ok", "info", "warning", "problem" };

const char *
md_severity_to_string (MdSeverity severity)
{
  g_return_val_if_fail (severity <= MD_SEVERITY_PROBLEM, NULL);

  return severity_names[severity];
}

gboolean
md_severity_from_string (const char *str,
                         MdSeverity *severity)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (severity_names); i++)
    {
      if (g_str_equal (str, severity_names[i]))
        {
          *severity = (MdSeverity) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
md_severity_get_label (MdSeverity severity)
{
  switch (severity)
    {
    case MD_SEVERITY_OK:
      return _("OK");
    case MD_SEVERITY_INFO:
      /* Translators: severity of a check result that is neither good nor bad */
      return _("Information");
    case MD_SEVERITY_WARNING:
      return _("Warning");
    case MD_SEVERITY_PROBLEM:
      return _("Problem");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
md_severity_get_icon_name (MdSeverity severity)
{
  switch (severity)
    {
    case MD_SEVERITY_OK:
      return "emblem-ok-symbolic";
    case MD_SEVERITY_INFO:
      return "dialog-information-symbolic";
    case MD_SEVERITY_WARNING:
      return "dialog-warning-symbolic";
    case MD_SEVERITY_PROBLEM:
      return "dialog-error-symbolic";
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * md_findings_get_worst:
 * @findings: (element-type MdFinding): findings
 *
 * Returns: the highest severity among @findings, %MD_SEVERITY_OK when empty
 */
MdSeverity
md_findings_get_worst (GPtrArray *findings)
{
  MdSeverity worst = MD_SEVERITY_OK;

  g_return_val_if_fail (findings != NULL, MD_SEVERITY_OK);

  for (guint i = 0; i < findings->len; i++)
    worst = MAX (worst, md_finding_get_severity (g_ptr_array_index (findings, i)));

  return worst;
}

/**
 * md_findings_to_json_string:
 * @findings: (element-type MdFinding): findings
 * @pretty: whether to indent
 *
 * Returns: (transfer full): a JSON array of the findings
 */
char *
md_findings_to_json_string (GPtrArray *findings,
                            gboolean   pretty)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  JsonArray *array;

  g_return_val_if_fail (findings != NULL, NULL);

  array = json_array_sized_new (findings->len);
  for (guint i = 0; i < findings->len; i++)
    json_array_add_element (array, md_finding_to_json (g_ptr_array_index (findings, i)));

  root = json_node_init_array (json_node_alloc (), array);
  json_array_unref (array);

  generator = json_generator_new ();
  json_generator_set_pretty (generator, pretty);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}
