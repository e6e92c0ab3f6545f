/* md-address.c: checks of a recipient's email address (checklist step 3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "md-address.h"
#include "md-core-enums.h"

/* RFC 5321 4.5.3.1: local part 64 octets, domain 255, a path of 256
 * including the angle brackets, so 254 for the bare address. */
#define MAX_LOCAL_PART   64
#define MAX_DOMAIN       255
#define MAX_LABEL        63
#define MAX_ADDRESS_LEN      254
/* Longer input is not an address, even with a display name around it. */
#define MAX_PASTE        1024
#define MAX_EVIDENCE     200

typedef enum
{
  DOMAIN_UNKNOWN,
  DOMAIN_ACCEPTS_MAIL,
  DOMAIN_NO_MAIL,
} DomainState;

struct _MdAddress
{
  GObject                      parent_instance;

  char                        *raw;
  char                        *input;
  char                        *local_part;
  char                        *domain;
  char                        *ascii_domain;
  char                        *normalized;
  char                        *suggestion;
  char                        *suggested_domain;
  char                        *typo_domain;
  GPtrArray                   *findings;
  MdAddressSuggestionStrength  strength;
  MdAddressSuggestionStrength  typo_strength;
  DomainState                  domain_state;

  guint                        valid : 1;
  guint                        domain_literal : 1;
  guint                        fixed : 1;
};

G_DEFINE_FINAL_TYPE (MdAddress, md_address, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INPUT,
  PROP_LOCAL_PART,
  PROP_DOMAIN,
  PROP_ASCII_DOMAIN,
  PROP_NORMALIZED,
  PROP_VALID,
  PROP_SUGGESTION,
  PROP_SUGGESTION_STRENGTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Domains we may suggest, most used first (ties go to the earlier one). */
static const char * const popular_domains[] = {
  "gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com",
  "aol.com", "live.com", "msn.com", "me.com", "mac.com", "googlemail.com",
  "ymail.com", "hotmail.co.uk", "hotmail.fr", "yahoo.fr", "yahoo.co.uk",
  "yahoo.co.jp", "yahoo.co.in", "protonmail.com", "proton.me", "gmx.de",
  "gmx.net", "web.de", "t-online.de", "freenet.de", "orange.fr", "free.fr",
  "laposte.net", "wanadoo.fr", "sfr.fr", "libero.it", "virgilio.it",
  "mail.ru", "yandex.ru", "rambler.ru", "comcast.net", "verizon.net",
  "att.net", "sbcglobal.net", "bellsouth.net", "cox.net", "charter.net",
  "btinternet.com", "sky.com", "virginmedia.com", "qq.com", "163.com",
  "126.com", "naver.com", "hanmail.net", "daum.net", "rediffmail.com",
  "uol.com.br", "bol.com.br", "shaw.ca", "rogers.com", "bigpond.com",
  "telenet.be", "skynet.be", "seznam.cz", "wp.pl", "o2.pl", "interia.pl",
  "zoho.com", "fastmail.com",
};

/* Real domains close to a popular one: typed exactly, they are no typo. */
static const char * const known_domains[] = {
  "mail.com", "email.com", "gmx.com", "gmx.fr", "gmx.at", "gmx.ch", "gmx.us",
  "yahoo.de", "yahoo.es", "yahoo.it", "yahoo.ca", "yahoo.com.br",
  "yahoo.com.au", "yahoo.ie", "yahoo.gr", "yahoo.se", "yahoo.co.nz",
  "yahoo.com.ar", "yahoo.com.mx", "yahoo.dk", "yahoo.no", "yahoo.at",
  "yahoo.be", "yahoo.co.id", "yahoo.com.sg", "yahoo.com.ph", "yahoo.com.tw",
  "yahoo.com.hk", "hotmail.de", "hotmail.it", "hotmail.es", "hotmail.be",
  "hotmail.nl", "hotmail.ch", "hotmail.ca", "hotmail.com.br",
  "hotmail.com.ar", "hotmail.se", "hotmail.no", "hotmail.dk", "hotmail.fi",
  "hotmail.gr", "hotmail.co.jp", "hotmail.co.th", "live.fr", "live.de",
  "live.it", "live.nl", "live.be", "live.co.uk", "live.ca", "live.com.au",
  "live.jp", "live.se", "live.dk", "live.no", "live.ie", "live.at",
  "live.cl", "live.com.mx", "live.com.ar", "live.ru", "outlook.fr",
  "outlook.de", "outlook.es", "outlook.it", "outlook.jp", "outlook.com.br",
  "outlook.be", "outlook.sa", "outlook.at", "outlook.ie", "outlook.dk",
  "outlook.cl", "outlook.kr", "outlook.ph", "outlook.pt", "outlook.com.au",
  "aol.fr", "aol.de", "aol.co.uk", "rocketmail.com", "yandex.com",
  "yandex.ua", "yandex.by", "yandex.kz", "ya.ru", "bk.ru", "list.ru",
  "inbox.ru", "ukr.net", "orange.com", "orange.net", "free.com", "live.net",
  "pm.me", "tutanota.com", "tuta.io", "posteo.de", "mailbox.org",
  "hey.com", "zohomail.com", "online.de", "example.com", "example.net",
  "example.org",
};

static void
md_address_finalize (GObject *object)
{
  MdAddress *self = (MdAddress *)object;

  g_clear_pointer (&self->raw, g_free);
  g_clear_pointer (&self->input, g_free);
  g_clear_pointer (&self->local_part, g_free);
  g_clear_pointer (&self->domain, g_free);
  g_clear_pointer (&self->ascii_domain, g_free);
  g_clear_pointer (&self->normalized, g_free);
  g_clear_pointer (&self->suggestion, g_free);
  g_clear_pointer (&self->suggested_domain, g_free);
  g_clear_pointer (&self->typo_domain, g_free);
  g_clear_pointer (&self->findings, g_ptr_array_unref);

  G_OBJECT_CLASS (md_address_parent_class)->finalize (object);
}

static void
md_address_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MdAddress *self = MD_ADDRESS (object);

  switch (prop_id)
    {
    case PROP_INPUT:
      g_value_set_string (value, self->input);
      break;
    case PROP_LOCAL_PART:
      g_value_set_string (value, self->local_part);
      break;
    case PROP_DOMAIN:
      g_value_set_string (value, self->domain);
      break;
    case PROP_ASCII_DOMAIN:
      g_value_set_string (value, self->ascii_domain);
      break;
    case PROP_NORMALIZED:
      g_value_set_string (value, self->normalized);
      break;
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    case PROP_SUGGESTION:
      g_value_set_string (value, self->suggestion);
      break;
    case PROP_SUGGESTION_STRENGTH:
      g_value_set_enum (value, self->strength);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_address_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  MdAddress *self = MD_ADDRESS (object);

  switch (prop_id)
    {
    case PROP_INPUT:
      g_free (self->raw);
      self->raw = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}


/* Findings */

typedef enum
{
  FIX_ENCODING,
  FIX_INVISIBLE,
  FIX_LOOKALIKE,
  FIX_SURROUNDING_SPACES,
  FIX_QUOTES,
  FIX_MAILTO,
  FIX_LABEL,
  FIX_DISPLAY_NAME,
  FIX_BRACKETS,
  FIX_PUNCTUATION,
  FIX_TRAILING_DOT,
  FIX_AT_WORD,
  FIX_MISSING_AT,
  FIX_SPACES,
  FIX_DOUBLE_AT,
  FIX_COMMA,
  N_FIXES
} Fix;

typedef struct
{
  MdSeverity  severity;
  const char *code;
  const char *title;
  const char *detail;
  const char *advice;
} FixInfo;

/* Paste mistakes: the ones a mail server would refuse are warnings, since
 * the same slip in the message that bounced explains the bounce. */
static const FixInfo fix_infos[N_FIXES] = {
  [FIX_ENCODING] = {
    MD_SEVERITY_WARNING, "address.fixed-encoding",
    N_("Damaged characters were removed"),
    N_("The address contained bytes that are not valid text, which happens when it is copied "
       "from a document saved with a different character encoding. We removed them."),
    N_("Compare the cleaned-up address with the one your contact gave you, especially any "
       "letters with accents."),
  },
  [FIX_INVISIBLE] = {
    MD_SEVERITY_WARNING, "address.fixed-invisible",
    N_("Invisible characters were removed"),
    N_("The address contained invisible characters, such as zero-width spaces or control "
       "codes. They often come along when copying from web pages, PDF files or chat messages, "
       "and mail servers refuse addresses that contain them. We removed them."),
    N_("If the message bounced, type the address by hand instead of copying it, and send the "
       "message again."),
  },
  [FIX_LOOKALIKE] = {
    MD_SEVERITY_WARNING, "address.fixed-lookalike",
    N_("A look-alike @ sign was replaced"),
    N_("The address used a character that looks like @ but is a different one (a wide @ from "
       "an Asian keyboard layout). Mail servers do not accept it, so we used the normal @."),
    N_("When you send the message again, make sure the address uses the normal @ sign."),
  },
  [FIX_SURROUNDING_SPACES] = {
    MD_SEVERITY_INFO, "address.fixed-surrounding-spaces",
    N_("Spaces around the address were removed"),
    N_("There were spaces or line breaks before or after the address. They are not part of "
       "it, and some programs refuse addresses with them."),
    N_("Nothing to do: we checked the address without them."),
  },
  [FIX_QUOTES] = {
    MD_SEVERITY_INFO, "address.fixed-quotes",
    N_("Quotation marks around the address were removed"),
    N_("The address was wrapped in quotation marks, which are not part of it."),
    N_("Nothing to do: we checked the address without them."),
  },
  [FIX_MAILTO] = {
    MD_SEVERITY_INFO, "address.fixed-mailto",
    N_("The “mailto:” prefix was removed"),
    N_("The address was copied from a web link, which starts with “mailto:”. That prefix, "
       "and anything after a question mark, is not part of the address."),
    N_("Nothing to do: we checked the address without it."),
  },
  [FIX_LABEL] = {
    MD_SEVERITY_INFO, "address.fixed-label",
    N_("A label before the address was removed"),
    N_("The text started with a label such as “To:” or “Email:”, which is not part of the "
       "address."),
    N_("Nothing to do: we checked the address without it."),
  },
  [FIX_DISPLAY_NAME] = {
    MD_SEVERITY_INFO, "address.fixed-display-name",
    N_("The name around the address was removed"),
    N_("The text contained a name as well as the address, as in "
       "“Jane Doe <jane@example.com>”. Only the part between the angle brackets is the "
       "address."),
    N_("Nothing to do: we checked only the address."),
  },
  [FIX_BRACKETS] = {
    MD_SEVERITY_INFO, "address.fixed-brackets",
    N_("Angle brackets were removed"),
    N_("The address was wrapped in angle brackets “< >”, which are not part of it."),
    N_("Nothing to do: we checked the address without them."),
  },
  [FIX_PUNCTUATION] = {
    MD_SEVERITY_INFO, "address.fixed-punctuation",
    N_("Punctuation around the address was removed"),
    N_("There were punctuation marks such as “;”, “,” or “>” before or after the address, "
       "often copied along from a list of addresses. They are not part of it."),
    N_("If you typed them into the “To” field of the message that bounced, remove them and "
       "send it again."),
  },
  [FIX_TRAILING_DOT] = {
    MD_SEVERITY_INFO, "address.fixed-trailing-dot",
    N_("A dot at the end was removed"),
    N_("The address ended with a dot, probably the full stop of the sentence it was copied "
       "from. Email addresses never end with a dot, and some mail programs refuse them."),
    N_("If the address in the message that bounced ended with a dot, remove it and send the "
       "message again."),
  },
  [FIX_AT_WORD] = {
    MD_SEVERITY_INFO, "address.fixed-at-word",
    N_("A spelled-out address was rewritten"),
    N_("The address was written as “name at example dot com”, a way to hide it from "
       "spammers. We wrote it the normal way, with @ and dots."),
    N_("Check that the result matches what your contact meant."),
  },
  [FIX_MISSING_AT] = {
    MD_SEVERITY_WARNING, "address.fixed-missing-at",
    N_("A missing @ sign was added"),
    N_("The address had no @ sign, only a space where it probably belongs. Every email "
       "address has an @ between the name and the domain, so we put one there."),
    N_("Check the result with your contact before you send the message again."),
  },
  [FIX_SPACES] = {
    MD_SEVERITY_WARNING, "address.fixed-spaces",
    N_("Spaces inside the address were removed"),
    N_("Email addresses do not contain spaces, so a message sent to the address as written "
       "would bounce. We removed the spaces."),
    N_("Check the result with your contact: a space is sometimes a dot, a hyphen or an "
       "underscore that got lost, as in jane.doe or jane_doe."),
  },
  [FIX_DOUBLE_AT] = {
    MD_SEVERITY_WARNING, "address.fixed-double-at",
    N_("A repeated @ sign was fixed"),
    N_("The address contained the @ sign more than once, as in “jane@@example.com”. An "
       "address has exactly one, so a message sent to it as written would bounce. We kept "
       "one."),
    N_("Send the message again to the corrected address."),
  },
  [FIX_COMMA] = {
    MD_SEVERITY_WARNING, "address.fixed-comma",
    N_("A comma in the domain was replaced by a dot"),
    N_("The part after the @ contained a comma, as in “gmail,com”. That is a common slip, as "
       "the keys are next to each other, but domain names use dots, so a message sent to the "
       "address as written would bounce."),
    N_("Send the message again to the corrected address."),
  },
};

static char *
make_evidence (const char *input)
{
  const char *cut;

  if (strlen (input) <= MAX_EVIDENCE)
    return g_strdup (input);

  /* Huge pastes would bloat every report: keep the start. */
  cut = g_utf8_find_prev_char (input, input + MAX_EVIDENCE + 1);
  return g_strdup_printf ("%.*s…", (int) (cut - input), input);
}

static MdFinding *
add_finding (MdAddress  *self,
             MdSeverity  severity,
             const char *code,
             const char *title,
             const char *detail,
             const char *advice)
{
  g_autofree char *evidence = make_evidence (self->input);
  g_autoptr(MdFinding) finding = NULL;

  finding = md_finding_new (severity, MD_STEP_VERIFY_ADDRESS, code, title, detail, advice);
  md_finding_set_evidence (finding, evidence);
  g_ptr_array_add (self->findings, g_object_ref (finding));

  return finding;
}

static void
add_fix (MdAddress *self,
         Fix        fix)
{
  const FixInfo *info = &fix_infos[fix];

  self->fixed = TRUE;
  add_finding (self, info->severity, info->code,
               _(info->title), _(info->detail), _(info->advice));
}

static gboolean
has_finding (MdAddress  *self,
             const char *code)
{
  for (guint i = 0; i < self->findings->len; i++)
    {
      if (g_str_equal (md_finding_get_code (g_ptr_array_index (self->findings, i)), code))
        return TRUE;
    }

  return FALSE;
}

static void
remove_finding (MdAddress  *self,
                const char *code)
{
  for (guint i = self->findings->len; i > 0; i--)
    {
      if (g_str_equal (md_finding_get_code (g_ptr_array_index (self->findings, i - 1)), code))
        g_ptr_array_remove_index (self->findings, i - 1);
    }
}

static gboolean
has_problem (MdAddress *self)
{
  for (guint i = 0; i < self->findings->len; i++)
    {
      if (md_finding_get_severity (g_ptr_array_index (self->findings, i)) == MD_SEVERITY_PROBLEM)
        return TRUE;
    }

  return FALSE;
}

/* Characters */

/* Invalid bytes are dropped rather than replaced: U+FFFD would look like a
 * legitimate international letter to the later checks. */
static char *
clean_characters (const char *raw,
                  gboolean   *invalid,
                  gboolean   *invisible,
                  gboolean   *lookalike)
{
  GString *out;
  const char *p = raw;
  const char *end = raw + strlen (raw);

  out = g_string_sized_new (MIN ((gsize) (end - raw), MAX_PASTE) + 1);

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      GUnicodeType type;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          *invalid = TRUE;
          p++;
          continue;
        }

      p = g_utf8_next_char (p);
      type = g_unichar_type (c);

      if (c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
          || type == G_UNICODE_SPACE_SEPARATOR
          || type == G_UNICODE_LINE_SEPARATOR
          || type == G_UNICODE_PARAGRAPH_SEPARATOR)
        g_string_append_c (out, ' ');
      else if (type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT)
        *invisible = TRUE;
      else if (c == 0xFF20 || c == 0xFE6B)
        {
          *lookalike = TRUE;
          g_string_append_c (out, '@');
        }
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static gboolean
trim_spaces (GString *s)
{
  gsize start = 0;
  gsize len = s->len;

  while (start < len && s->str[start] == ' ')
    start++;
  while (len > start && s->str[len - 1] == ' ')
    len--;

  if (start == 0 && len == s->len)
    return FALSE;

  g_string_truncate (s, len);
  g_string_erase (s, 0, start);
  return TRUE;
}

/* Index of the first @ outside a quoted string, or -1. */
static int
find_at (const char *s,
         gsize       from)
{
  gboolean in_quotes = FALSE;

  for (gsize i = 0; s[i] != '\0'; i++)
    {
      if (in_quotes && s[i] == '\\' && s[i + 1] != '\0')
        i++;
      else if (s[i] == '"')
        in_quotes = !in_quotes;
      else if (!in_quotes && s[i] == '@' && i >= from)
        return (int) i;
    }

  return -1;
}

static guint
count_at (const char *s)
{
  guint n = 0;

  for (int i = find_at (s, 0); i >= 0; i = find_at (s, i + 1))
    n++;

  return n;
}

static guint
count_char (const char *s,
            char        c)
{
  guint n = 0;

  for (; *s != '\0'; s++)
    {
      if (*s == c)
        n++;
    }

  return n;
}

/* Double quotes, not counting escaped ones ("a\"b"). */
static guint
count_quotes (const char *s)
{
  guint n = 0;

  for (; *s != '\0'; s++)
    {
      if (*s == '\\' && s[1] != '\0')
        s++;
      else if (*s == '"')
        n++;
    }

  return n;
}

static gboolean
looks_like_address (const char *s,
                    gsize       len)
{
  const char *at = memchr (s, '@', len);

  return at != NULL && at > s && at < s + len - 1;
}

/* "a@example.com, b@example.org": keep the first address. Separators are
 * commas and semicolons, or else spaces, outside quotes and brackets. */
static gboolean
take_first_address (GString *s)
{
  static const char * const separators[] = { ",;", " " };

  for (guint k = 0; k < G_N_ELEMENTS (separators); k++)
    {
      gboolean in_quotes = FALSE;
      int depth = 0;
      gsize start = 0;
      gsize first_start = 0;
      gsize first_len = 0;
      guint n = 0;

      for (gsize i = 0; i <= s->len; i++)
        {
          char c = s->str[i];

          if (c != '\0')
            {
              if (in_quotes && c == '\\' && s->str[i + 1] != '\0')
                {
                  i++;
                  continue;
                }
              if (c == '"')
                in_quotes = !in_quotes;
              else if (!in_quotes && c == '<')
                depth++;
              else if (!in_quotes && c == '>' && depth > 0)
                depth--;
              if (in_quotes || depth > 0 || strchr (separators[k], c) == NULL)
                continue;
            }

          if (looks_like_address (s->str + start, i - start))
            {
              if (n++ == 0)
                {
                  first_start = start;
                  first_len = i - start;
                }
            }
          start = i + 1;
        }

      if (n >= 2)
        {
          g_string_truncate (s, first_start + first_len);
          g_string_erase (s, 0, first_start);
          trim_spaces (s);
          return TRUE;
        }
    }

  return FALSE;
}

typedef struct
{
  const char *open;
  const char *close;
} QuotePair;

static const QuotePair quote_pairs[] = {
  { "\"", "\"" }, { "'", "'" }, { "`", "`" }, { "`", "'" },
  { "“", "”" }, { "”", "”" }, { "„", "“" }, { "‘", "’" }, { "‚", "‘" },
  { "«", "»" }, { "»", "«" }, { "‹", "›" },
};

static const char * const stray_openers[] = { "“", "„", "‘", "‚", "«", "‹" };
static const char * const stray_closers[] = { "”", "“", "’", "‘", "»", "›" };

static gboolean
strip_prefix (GString    *s,
              const char *prefix)
{
  if (!g_str_has_prefix (s->str, prefix))
    return FALSE;
  g_string_erase (s, 0, strlen (prefix));
  return TRUE;
}

static gboolean
strip_suffix (GString    *s,
              const char *suffix)
{
  if (!g_str_has_suffix (s->str, suffix))
    return FALSE;
  g_string_truncate (s, s->len - strlen (suffix));
  return TRUE;
}

static gboolean
strip_quotes (GString *s)
{
  for (guint i = 0; i < G_N_ELEMENTS (quote_pairs); i++)
    {
      gsize lo = strlen (quote_pairs[i].open);
      gsize lc = strlen (quote_pairs[i].close);

      if (s->len > lo + lc
          && g_str_has_prefix (s->str, quote_pairs[i].open)
          && g_str_has_suffix (s->str, quote_pairs[i].close)
          && memchr (s->str + lo, '@', s->len - lo - lc) != NULL)
        {
          /* "john doe"@example.com ends with the domain, so it never
           * gets here; "\"jane\"" without an @ is no address anyway. */
          g_string_truncate (s, s->len - lc);
          g_string_erase (s, 0, lo);
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
strip_mailto (GString *s)
{
  int at;
  const char *query;

  if (g_ascii_strncasecmp (s->str, "mailto:", 7) != 0)
    return FALSE;

  g_string_erase (s, 0, 7);
  strip_prefix (s, "//");

  if (strchr (s->str, '%') != NULL)
    {
      g_autofree char *unescaped = g_uri_unescape_string (s->str, NULL);

      if (unescaped != NULL && g_utf8_validate (unescaped, -1, NULL))
        {
          gboolean invalid = FALSE, invisible = FALSE, lookalike = FALSE;
          g_autofree char *clean = clean_characters (unescaped, &invalid, &invisible, &lookalike);

          g_string_assign (s, clean);
        }
    }

  at = find_at (s->str, 0);
  if (at >= 0 && (query = strchr (s->str + at, '?')) != NULL)
    g_string_truncate (s, query - s->str);

  return TRUE;
}

/* "To: jane@example.com", "E-mail: ..." */
static gboolean
strip_label (GString *s)
{
  const char *colon = strchr (s->str, ':');
  int at = find_at (s->str, 0);
  const char *p;

  if (colon == NULL || colon == s->str || colon - s->str > 40)
    return FALSE;
  if (at >= 0 && s->str + at < colon)
    return FALSE;

  for (p = s->str; p < colon; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalpha (c) && c != ' ' && c != '-' && c != '.')
        return FALSE;
    }

  g_string_erase (s, 0, colon + 1 - s->str);
  return TRUE;
}

static gboolean
only_spaces_and_quotes (const char *s,
                        gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      if (s[i] != ' ' && s[i] != '"' && s[i] != '\'')
        return FALSE;
    }

  return TRUE;
}

/* "Jane Doe <jane@example.com>" or "<jane@example.com>" */
static gboolean
strip_angle_brackets (GString *s,
                      Fix     *fix)
{
  const char *lt = strchr (s->str, '<');
  const char *gt;
  gsize before, inner_start, inner_len, after;

  if (lt == NULL || (gt = strchr (lt, '>')) == NULL)
    return FALSE;
  if (memchr (lt, '@', gt - lt) == NULL)
    return FALSE;

  before = lt - s->str;
  inner_start = before + 1;
  inner_len = gt - lt - 1;
  after = s->len - (gt + 1 - s->str);

  if (only_spaces_and_quotes (s->str, before)
      && only_spaces_and_quotes (gt + 1, after))
    *fix = FIX_BRACKETS;
  else
    *fix = FIX_DISPLAY_NAME;

  g_string_truncate (s, inner_start + inner_len);
  g_string_erase (s, 0, inner_start);
  return TRUE;
}

/* RFC 5322 comments: "jane@example.com (Jane Doe)" */
static gboolean
strip_comment (GString *s)
{
  const char *open;
  const char *close;
  int at = find_at (s->str, 0);

  if (at < 0)
    return FALSE;

  if (s->len > 0 && s->str[s->len - 1] == ')'
      && (open = strrchr (s->str, '(')) != NULL
      && open > s->str + at)
    {
      g_string_truncate (s, open - s->str);
      return TRUE;
    }

  if (s->str[0] == '(' && (close = strchr (s->str, ')')) != NULL && close < s->str + at)
    {
      g_string_erase (s, 0, close + 1 - s->str);
      return TRUE;
    }

  return FALSE;
}

static gboolean
strip_punctuation (GString  *s,
                   gboolean *trailing_dot)
{
  char last;
  char first;

  if (s->len == 0)
    return FALSE;

  last = s->str[s->len - 1];
  if (last == '.')
    {
      *trailing_dot = TRUE;
      g_string_truncate (s, s->len - 1);
      return TRUE;
    }
  if (strchr (",;:!?>", last) != NULL
      || (last == ')' && count_char (s->str, '(') < count_char (s->str, ')'))
      || (last == '"' && count_quotes (s->str) % 2 == 1)
      || (last == '\'' && count_char (s->str, '\'') % 2 == 1)
      || (last == '@' && count_at (s->str) > 1))
    {
      g_string_truncate (s, s->len - 1);
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (stray_closers); i++)
    {
      if (strip_suffix (s, stray_closers[i]))
        return TRUE;
    }

  first = s->str[0];
  if (strchr (",;:<>", first) != NULL
      || (first == '(' && count_char (s->str, '(') > count_char (s->str, ')'))
      || (first == '"' && count_quotes (s->str) % 2 == 1)
      || (first == '\'' && count_char (s->str, '\'') % 2 == 1)
      || (first == '@' && count_at (s->str) > 1))
    {
      g_string_erase (s, 0, 1);
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (stray_openers); i++)
    {
      if (strip_prefix (s, stray_openers[i]))
        return TRUE;
    }

  return FALSE;
}

/* Peel wrappers off until nothing changes; every round removes at least one
 * byte, so this ends. Each kind of fix is reported once. */
static void
strip_wrappers (MdAddress *self,
                GString   *s)
{
  gboolean done[N_FIXES] = { FALSE, };
  gboolean changed = TRUE;

  while (changed && s->len > 0)
    {
      Fix fix = N_FIXES;
      gboolean trailing_dot = FALSE;

      if (strip_quotes (s))
        fix = FIX_QUOTES;
      else if (strip_mailto (s))
        fix = FIX_MAILTO;
      else if (strip_label (s))
        fix = FIX_LABEL;
      else if (strip_angle_brackets (s, &fix))
        ;
      else if (strip_comment (s))
        fix = FIX_DISPLAY_NAME;
      else if (strip_punctuation (s, &trailing_dot))
        fix = trailing_dot ? FIX_TRAILING_DOT : FIX_PUNCTUATION;

      changed = fix != N_FIXES;
      trim_spaces (s);

      if (changed && !done[fix])
        {
          done[fix] = TRUE;
          add_fix (self, fix);
        }
    }
}

/* "jane (at) example (dot) com", "jane at example dot com" */
static gboolean
replace_at_words (GString *s)
{
  g_autoptr(GRegex) at_regex = NULL;
  g_autoptr(GRegex) dot_regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *with_at = NULL;
  g_autofree char *with_dots = NULL;
  guint n = 0;

  at_regex = g_regex_new ("\\s*[([{<]\\s*at\\s*[)\\]}>]\\s*|\\s+at\\s+",
                          G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
  dot_regex = g_regex_new ("\\s*[([{<]\\s*dot\\s*[)\\]}>]\\s*|\\s+dot\\s+",
                           G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);

  g_regex_match (at_regex, s->str, 0, &match);
  while (g_match_info_matches (match))
    {
      n++;
      g_match_info_next (match, NULL);
    }
  if (n != 1)
    return FALSE;

  with_at = g_regex_replace_literal (at_regex, s->str, -1, 0, "@", 0, NULL);
  if (with_at == NULL)
    return FALSE;
  with_dots = g_regex_replace_literal (dot_regex, with_at, -1, 0, ".", 0, NULL);
  if (with_dots == NULL)
    return FALSE;

  g_string_assign (s, with_dots);
  return TRUE;
}

/* "jane example.com": exactly two words, the second one a domain. */
static gboolean
replace_space_by_at (GString *s)
{
  g_auto(GStrv) words = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  const char *domain;

  if (strchr (s->str, '"') != NULL)
    return FALSE;

  words = g_strsplit (s->str, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] != '\0')
        g_ptr_array_add (kept, words[i]);
    }
  if (kept->len != 2)
    return FALSE;

  domain = g_ptr_array_index (kept, 1);
  if (strchr (domain, '.') == NULL || domain[0] == '.' || g_str_has_suffix (domain, "."))
    return FALSE;

  g_string_printf (s, "%s@%s", (const char *) g_ptr_array_index (kept, 0), domain);
  return TRUE;
}

static gboolean
remove_spaces (GString *s)
{
  gboolean in_quotes = FALSE;
  gboolean changed = FALSE;
  gsize j = 0;

  for (gsize i = 0; i < s->len; i++)
    {
      char c = s->str[i];

      if (in_quotes && c == '\\' && i + 1 < s->len)
        {
          s->str[j++] = c;
          s->str[j++] = s->str[++i];
          continue;
        }
      if (c == '"')
        in_quotes = !in_quotes;
      if (c == ' ' && !in_quotes)
        {
          changed = TRUE;
          continue;
        }
      s->str[j++] = c;
    }

  g_string_truncate (s, j);
  return changed;
}

/* Collapses "@@" and drops a repeated domain ("jane@example.com@example.com").
 * Returns FALSE when several different @-separated parts remain. */
static gboolean
fix_double_at (GString  *s,
               gboolean *fixed)
{
  g_autoptr(GString) out = g_string_sized_new (s->len);
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  int first_at;
  gboolean in_quotes = FALSE;

  for (gsize i = 0; i < s->len; i++)
    {
      char c = s->str[i];

      if (in_quotes && c == '\\' && i + 1 < s->len)
        {
          g_string_append_c (out, c);
          g_string_append_c (out, s->str[++i]);
          continue;
        }
      if (c == '"')
        in_quotes = !in_quotes;
      if (!in_quotes && c == '@' && out->len > 0 && out->str[out->len - 1] == '@')
        {
          *fixed = TRUE;
          continue;
        }
      g_string_append_c (out, c);
    }
  g_string_assign (s, out->str);

  if (count_at (s->str) <= 1)
    return TRUE;

  first_at = find_at (s->str, 0);
  parts = g_strsplit (s->str + first_at + 1, "@", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] != '\0')
        g_ptr_array_add (kept, parts[i]);
    }
  for (guint i = 1; i < kept->len; i++)
    {
      if (g_ascii_strcasecmp (g_ptr_array_index (kept, 0), g_ptr_array_index (kept, i)) != 0)
        return FALSE;
    }
  if (kept->len == 0)
    return FALSE;

  g_string_truncate (s, first_at + 1);
  g_string_append (s, g_ptr_array_index (kept, 0));
  *fixed = TRUE;
  return TRUE;
}

/* Typo suggestions */

static gboolean
in_list (const char         *domain,
         const char * const *list,
         gsize               n)
{
  for (gsize i = 0; i < n; i++)
    {
      if (g_str_equal (domain, list[i]))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_popular_or_known (const char *domain)
{
  return in_list (domain, popular_domains, G_N_ELEMENTS (popular_domains))
         || in_list (domain, known_domains, G_N_ELEMENTS (known_domains));
}

static gboolean
keys_adjacent (char a,
               char b)
{
  static const char * const rows[] = { "1234567890-", "qwertyuiop", "asdfghjkl", "zxcvbnm" };
  int ra = -1, ca = -1, rb = -1, cb = -1;

  for (int r = 0; r < (int) G_N_ELEMENTS (rows); r++)
    {
      const char *pa = strchr (rows[r], a);
      const char *pb = strchr (rows[r], b);

      if (a != '\0' && pa != NULL)
        {
          ra = r;
          ca = pa - rows[r];
        }
      if (b != '\0' && pb != NULL)
        {
          rb = r;
          cb = pb - rows[r];
        }
    }
  if (ra < 0 || rb < 0)
    return FALSE;

  /* Each row sits half a key to the right of the one above it. */
  if (ra == rb)
    return ABS (ca - cb) == 1;
  if (rb == ra - 1)
    return cb == ca || cb == ca + 1;
  if (rb == ra + 1)
    return cb == ca || cb == ca - 1;
  return FALSE;
}

/* Inserting or deleting a letter next to the same letter ("gmaail",
 * "outlok") is a cheap slip. */
static int
indel_cost (const char *s,
            gsize       len,
            gsize       i)
{
  if ((i > 0 && s[i - 1] == s[i]) || (i + 1 < len && s[i + 1] == s[i]))
    return 1;
  return 2;
}

#define MAX_TYPO_LEN 64

/* Damerau-Levenshtein (optimal string alignment) in half edits: a cheap
 * slip (neighbouring key, swapped letters, doubled letter) costs 1, any
 * other insertion, deletion or substitution 2. */
static int
typo_distance (const char *a,
               const char *b)
{
  gsize la = strlen (a);
  gsize lb = strlen (b);
  int d[MAX_TYPO_LEN + 1][MAX_TYPO_LEN + 1];

  g_assert (la <= MAX_TYPO_LEN && lb <= MAX_TYPO_LEN);

  d[0][0] = 0;
  for (gsize i = 1; i <= la; i++)
    d[i][0] = d[i - 1][0] + indel_cost (a, la, i - 1);
  for (gsize j = 1; j <= lb; j++)
    d[0][j] = d[0][j - 1] + indel_cost (b, lb, j - 1);

  for (gsize i = 1; i <= la; i++)
    for (gsize j = 1; j <= lb; j++)
      {
        int sub = a[i - 1] == b[j - 1] ? 0 : keys_adjacent (a[i - 1], b[j - 1]) ? 1 : 2;
        int v = d[i - 1][j - 1] + sub;

        v = MIN (v, d[i - 1][j] + indel_cost (a, la, i - 1));
        v = MIN (v, d[i][j - 1] + indel_cost (b, lb, j - 1));
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && a[i - 1] != a[i - 2])
          v = MIN (v, d[i - 2][j - 2] + 1);
        d[i][j] = v;
      }

  return d[la][lb];
}

/* Short domains sit close to many real ones, so they allow less. */
static int
max_typo_distance (gsize candidate_len)
{
  if (candidate_len <= 7)
    return 1;
  if (candidate_len <= 10)
    return 2;
  return 3;
}

static gboolean
is_reserved_domain (const char *domain)
{
  static const char * const reserved[] = {
    ".example", ".test", ".invalid", ".localhost", ".local", ".internal", ".lan", ".home.arpa",
  };

  for (guint i = 0; i < G_N_ELEMENTS (reserved); i++)
    {
      if (g_str_has_suffix (domain, reserved[i]))
        return TRUE;
    }

  return FALSE;
}

/* Ending typos of a ".com" domain that are real country endings (Colombia,
 * Cameroon, Oman) or no ending at all. */
static gboolean
is_com_typo (const char *tld)
{
  static const char * const typos[] = {
    "co", "cm", "om", "con", "cmo", "ocm", "comm", "coom", "cpm", "xom", "vom", "cim", "c0m",
    "comn", "col", "cok", "clm", "c",
  };

  return in_list (tld, typos, G_N_ELEMENTS (typos));
}

/*
 * Finds a popular domain that @domain (ASCII, lower case) is probably a typo
 * of. Strength rule: a suggestion is strong, and survives the news that the
 * typed domain exists and accepts mail, when
 *  - the whole domain is at most one cheap slip (a swapped pair, a
 *    neighbouring key, a doubled or missing double letter) away from a
 *    popular domain of at least 9 characters (gmial.com, outlok.com), or
 *  - the name matches exactly and only the ".com" ending is mistyped, with a
 *    name of at least 5 letters or an ending that does not exist (gmail.co,
 *    hotmail.con, qq.cmo).
 * Typo-squatters register exactly these, so their accepting mail proves
 * nothing. Everything else is weak.
 */
static const char *
find_typo (const char                  *domain,
           MdAddressSuggestionStrength *strength)
{
  const char *dot = strrchr (domain, '.');
  g_autofree char *name = NULL;
  const char *tld;
  const char *best = NULL;
  int best_cost = G_MAXINT;
  gsize len = strlen (domain);

  *strength = MD_ADDRESS_SUGGESTION_NONE;

  if (dot == NULL || len > MAX_TYPO_LEN || is_popular_or_known (domain)
      || is_reserved_domain (domain))
    return NULL;

  name = g_strndup (domain, dot - domain);
  tld = dot + 1;

  for (guint i = 0; i < G_N_ELEMENTS (popular_domains); i++)
    {
      const char *p = popular_domains[i];
      const char *pdot = strchr (p, '.');

      if (strlen (name) == (gsize) (pdot - p) && strncmp (name, p, pdot - p) == 0
          && g_str_equal (pdot + 1, "com") && is_com_typo (tld))
        {
          gboolean real_tld = strlen (tld) == 2;

          *strength = strlen (name) >= 5 || !real_tld
                      ? MD_ADDRESS_SUGGESTION_STRONG : MD_ADDRESS_SUGGESTION_WEAK;
          return p;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (popular_domains); i++)
    {
      const char *p = popular_domains[i];
      gsize plen = strlen (p);
      int cost;

      if (ABS ((int) plen - (int) len) > 3)
        continue;

      cost = typo_distance (domain, p);
      if (cost > 0 && cost <= max_typo_distance (plen) && cost < best_cost)
        {
          best = p;
          best_cost = cost;
        }
    }

  if (best != NULL)
    *strength = best_cost <= 1 && strlen (best) >= 9
                ? MD_ADDRESS_SUGGESTION_STRONG : MD_ADDRESS_SUGGESTION_WEAK;

  return best;
}

/* "gmail" -> "gmail.com" (fix); "gmial" or "gmailcom" -> suggestion. */
static const char *
complete_dotless_domain (const char *name,
                         gboolean   *exact)
{
  const char *best = NULL;
  int best_cost = G_MAXINT;

  *exact = FALSE;
  if (strlen (name) > MAX_TYPO_LEN)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (popular_domains); i++)
    {
      const char *p = popular_domains[i];
      const char *pdot = strchr (p, '.');

      if (strlen (name) == (gsize) (pdot - p) && strncmp (name, p, pdot - p) == 0)
        {
          *exact = TRUE;
          return p;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (popular_domains); i++)
    {
      const char *p = popular_domains[i];
      g_autofree char *pname = g_strndup (p, strchr (p, '.') - p);
      g_auto(GStrv) labels = g_strsplit (p, ".", -1);
      g_autofree char *joined = g_strjoinv ("", labels);
      int cost;

      if (g_str_equal (name, joined))
        return p;

      if (strlen (pname) < 5 || ABS ((int) strlen (pname) - (int) strlen (name)) > 2)
        continue;
      cost = typo_distance (name, pname);
      if (cost > 0 && cost <= 2 && cost < best_cost)
        {
          best = p;
          best_cost = cost;
        }
    }

  return best;
}

/* "janegmail.com", "jane.gmail.com": the longest popular domain at the end. */
static char *
guess_missing_at (const char *s)
{
  const char *best = NULL;
  gsize len = strlen (s);
  g_autofree char *lower = g_ascii_strdown (s, -1);
  g_autofree char *local = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (popular_domains); i++)
    {
      const char *p = popular_domains[i];

      if (len > strlen (p) && g_str_has_suffix (lower, p)
          && (best == NULL || strlen (p) > strlen (best)))
        best = p;
    }
  if (best == NULL)
    return NULL;

  local = g_strndup (s, len - strlen (best));
  while (local[0] != '\0' && strchr ("._-", local[strlen (local) - 1]) != NULL)
    local[strlen (local) - 1] = '\0';
  if (local[0] == '\0' || strchr (local, ' ') != NULL)
    return NULL;

  return g_strdup_printf ("%s@%s", local, best);
}

/* Local part */

static gboolean
is_atext (guchar c)
{
  return g_ascii_isalnum (c) || c >= 0x80 || strchr ("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

/* Returns the first character that is not allowed, or NULL if @s is a
 * valid dot-atom apart from the dots themselves. */
static const char *
find_bad_atext (const char *s)
{
  for (const char *p = s; *p != '\0'; p++)
    {
      if (*p != '.' && !is_atext ((guchar) *p))
        return p;
    }

  return NULL;
}

static gboolean
has_bad_dots (const char *s)
{
  gsize len = strlen (s);

  return len > 0 && (s[0] == '.' || s[len - 1] == '.' || strstr (s, "..") != NULL);
}

static gboolean
is_dot_atom (const char *s)
{
  return s[0] != '\0' && find_bad_atext (s) == NULL && !has_bad_dots (s);
}

/* Checks a quoted local part; on success returns the text between the
 * quotes with escapes kept, NULL otherwise. */
static char *
parse_quoted (const char *s)
{
  gsize len = strlen (s);

  if (len < 2 || s[0] != '"' || s[len - 1] != '"')
    return NULL;

  for (gsize i = 1; i < len - 1; i++)
    {
      guchar c = s[i];

      if (c == '\\')
        {
          if (i + 1 >= len - 1 || (guchar) s[i + 1] < 0x20 || s[i + 1] == 0x7f)
            return NULL;
          i++;
        }
      else if (c == '"' || c < 0x20 || c == 0x7f)
        return NULL;
    }

  return g_strndup (s + 1, len - 2);
}

static char *
check_local_part (MdAddress  *self,
                  const char *typed)
{
  g_autofree char *local = g_utf8_normalize (typed, -1, G_NORMALIZE_NFC);
  gsize len;

  if (local == NULL)
    local = g_strdup (typed);
  len = strlen (local);

  if (local[0] == '"')
    {
      g_autofree char *inner = parse_quoted (local);

      if (inner == NULL)
        {
          add_finding (self, MD_SEVERITY_PROBLEM, "address.bad-quotes",
                       _("The quotation marks in the address do not match"),
                       _("The part before the @ starts with a quotation mark but is not "
                         "properly closed by one. Mail servers cannot read such an address."),
                       _("Ask your contact for their exact address, or copy it again "
                         "carefully."));
          return g_steal_pointer (&local);
        }
      if (is_dot_atom (inner))
        {
          /* RFC 5321 4.1.2: no quotes where none are needed. */
          g_clear_pointer (&local, g_free);
          local = g_steal_pointer (&inner);
          len = strlen (local);
        }
      else
        add_finding (self, MD_SEVERITY_INFO, "address.quoted-local",
                     _("The part before the @ is in quotation marks"),
                     _("Quotation marks allow unusual characters such as spaces, as in "
                       "\"john doe\"@example.com. That is correct, but rare: many websites, "
                       "forms and some mail servers refuse such addresses."),
                     _("If the message bounced, ask your contact whether they have a simpler "
                       "address without quotation marks."));
    }
  else
    {
      const char *bad = find_bad_atext (local);

      if (bad != NULL)
        {
          g_autofree char *shown = g_strndup (bad, 1);
          g_autofree char *detail = NULL;

          detail = g_strdup_printf (_("The character “%s” cannot appear in the part before "
                                      "the @. Letters, digits, dots and the signs "
                                      "! # $ %% & ' * + - / = ? ^ _ ` { | } ~ are allowed."),
                                    shown);
          add_finding (self, MD_SEVERITY_PROBLEM, "address.bad-char",
                       _("The address contains a character that is not allowed"), detail,
                       _("Check the address with your contact; the character was probably "
                         "copied by mistake."));
        }
      else if (has_bad_dots (local))
        add_finding (self, MD_SEVERITY_PROBLEM, "address.bad-dots",
                     _("The dots in the address are misplaced"),
                     _("In the part before the @, a dot cannot come first, last or twice in a "
                       "row, as in “.jane”, “jane.” or “jane..doe”. Mail servers refuse such "
                       "addresses."),
                     _("Check the address with your contact: maybe a letter is missing "
                       "between the dots."));
    }

  if (len > MAX_LOCAL_PART)
    {
      g_autofree char *detail = NULL;

      detail = g_strdup_printf (_("The part before the @ can have at most %d characters; this "
                                  "one has %u. Mail servers refuse longer ones."),
                                MAX_LOCAL_PART, (guint) len);
      add_finding (self, MD_SEVERITY_PROBLEM, "address.local-too-long",
                   _("The part before the @ is too long"), detail,
                   _("Check that you copied only the address, and ask your contact for it "
                     "if in doubt."));
    }

  if (!g_str_is_ascii (local))
    {
      g_autofree char *detail = NULL;

      detail = g_strdup_printf (_("“%s” contains letters outside the English alphabet. Such "
                                  "addresses are valid, but only mail servers that support "
                                  "international addresses (a feature called SMTPUTF8) accept "
                                  "them. Many older servers refuse them and bounce the "
                                  "message."), local);
      add_finding (self, MD_SEVERITY_WARNING, "address.smtputf8",
                   _("The name before the @ has non-English letters"), detail,
                   _("If the message bounced, ask your contact whether they also have an "
                     "address written with English letters only."));
    }

  return g_steal_pointer (&local);
}

/* Domain */

static gboolean
is_ipv4 (const char *s)
{
  g_auto(GStrv) parts = g_strsplit (s, ".", -1);

  if (g_strv_length (parts) != 4)
    return FALSE;

  for (guint i = 0; i < 4; i++)
    {
      gsize len = strlen (parts[i]);

      if (len == 0 || len > 3 || strspn (parts[i], "0123456789") != len
          || g_ascii_strtoull (parts[i], NULL, 10) > 255)
        return FALSE;
    }

  return TRUE;
}

static void
check_domain_literal (MdAddress  *self,
                      const char *domain)
{
  gsize len = strlen (domain);
  g_autofree char *inner = NULL;
  gboolean ok = FALSE;

  self->domain_literal = TRUE;
  if (len >= 2 && domain[len - 1] == ']')
    {
      inner = g_strndup (domain + 1, len - 2);

      if (g_ascii_strncasecmp (inner, "IPv6:", 5) == 0)
        {
          g_autoptr(GInetAddress) address = g_inet_address_new_from_string (inner + 5);

          ok = address != NULL && g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6;
          memcpy (inner, "IPv6", 4);
        }
      else
        ok = is_ipv4 (inner);
    }

  if (!ok)
    {
      add_finding (self, MD_SEVERITY_PROBLEM, "address.bad-domain-literal",
                   _("The server number in brackets is not valid"),
                   _("After the @ there are square brackets, which should hold the network "
                     "address of a mail server (such as [192.0.2.1]), but what is inside is "
                     "not a valid network address."),
                   _("Ask your contact for their usual address, with a domain name after the "
                     "@."));
      self->domain = g_strdup (domain);
      return;
    }

  self->domain = g_strdup_printf ("[%s]", inner);
  {
    g_autofree char *detail = NULL;

    detail = g_strdup_printf (_("After the @ there is the network address of a server, %s, "
                                "instead of a domain name. That is allowed, but very unusual: "
                                "most mail servers refuse such addresses, and they stop working "
                                "as soon as the server moves."), self->domain);
    add_finding (self, MD_SEVERITY_WARNING, "address.domain-literal",
                 _("The address uses a server number instead of a domain"), detail,
                 _("Ask your contact whether they have a normal address with a domain name "
                   "after the @."));
  }
}

static void
set_syntax_suggestion (MdAddress  *self,
                       const char *local,
                       const char *domain)
{
  g_free (self->suggested_domain);
  self->suggested_domain = g_strdup (domain);
  g_free (self->suggestion);
  self->suggestion = g_strdup_printf ("%s@%s", local, domain);
  self->strength = MD_ADDRESS_SUGGESTION_STRONG;
}

static char *
repair_dots (const char *domain)
{
  g_auto(GStrv) labels = g_strsplit (domain, ".", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; labels[i] != NULL; i++)
    {
      if (labels[i][0] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, '.');
      g_string_append (out, labels[i]);
    }

  return g_strdup (out->str);
}

/* Returns a description of the first rule @ascii breaks, or NULL. */
static char *
check_labels (MdAddress  *self,
              const char *ascii)
{
  g_auto(GStrv) labels = g_strsplit (ascii, ".", -1);

  for (guint i = 0; labels[i] != NULL; i++)
    {
      const char *label = labels[i];
      gsize len = strlen (label);

      if (len > MAX_LABEL)
        {
          g_autofree char *detail = NULL;

          detail = g_strdup_printf (_("Each part of a domain between two dots can have at most "
                                      "%d characters; “%.20s…” has %u."),
                                    MAX_LABEL, label, (guint) len);
          add_finding (self, MD_SEVERITY_PROBLEM, "address.label-too-long",
                       _("Part of the domain is too long"), detail,
                       _("Check that you copied the address correctly, and ask your contact "
                         "for it if in doubt."));
          return NULL;
        }

      for (gsize k = 0; k < len; k++)
        {
          if (!g_ascii_isalnum (label[k]) && label[k] != '-')
            return g_strdup_printf (_("The character “%c” is not allowed in a domain name."),
                                    label[k]);
        }
      /* Empty labels ("a..b") are reported elsewhere; len - 1 would wrap. */
      if (len > 0 && (label[0] == '-' || label[len - 1] == '-'))
        return g_strdup_printf (_("A part of a domain name cannot start or end with a hyphen, "
                                  "but “%s” does."), label);
    }

  return NULL;
}

static void
add_bad_domain (MdAddress  *self,
                const char *reason)
{
  g_autofree char *detail = NULL;

  detail = g_strdup_printf (_("Domain names (the part after the @) contain only letters, "
                              "digits, hyphens and dots. %s"), reason);
  add_finding (self, MD_SEVERITY_PROBLEM, "address.bad-domain",
               _("The domain is not written correctly"), detail,
               _("Check the part after the @ with your contact."));
}

static void
add_typo_finding (MdAddress *self);

/* GLib follows IDNA 2003, which lets through symbols, emoji and control
 * characters that registries no longer accept (IDNA 2008): allow letters,
 * combining marks and digits only. */
static gboolean
is_idn_text (const char *unicode)
{
  for (const char *p = unicode; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '.' || c == '-')
        continue;

      switch (g_unichar_type (c))
        {
        case G_UNICODE_LOWERCASE_LETTER:
        case G_UNICODE_MODIFIER_LETTER:
        case G_UNICODE_OTHER_LETTER:
        case G_UNICODE_TITLECASE_LETTER:
        case G_UNICODE_UPPERCASE_LETTER:
        case G_UNICODE_SPACING_MARK:
        case G_UNICODE_ENCLOSING_MARK:
        case G_UNICODE_NON_SPACING_MARK:
        case G_UNICODE_DECIMAL_NUMBER:
          break;
        default:
          return FALSE;
        }
    }

  return TRUE;
}

static void
check_domain (MdAddress  *self,
              const char *local,
              const char *typed)
{
  g_autoptr(GString) domain = g_string_new (typed);
  g_autofree char *ascii = NULL;
  g_autofree char *problem = NULL;
  gboolean idn = FALSE;
  const char *tld;

  if (strchr (domain->str, ',') != NULL && domain->str[0] != '[')
    {
      g_strdelimit (domain->str, ",", '.');
      add_fix (self, FIX_COMMA);
    }

  if (domain->str[0] == '[')
    {
      check_domain_literal (self, domain->str);
      return;
    }

  /* Ideographic and full-width full stops are dots in IDNA too. */
  {
    static const char * const dots[] = { "。", "．", "｡" };

    for (guint i = 0; i < G_N_ELEMENTS (dots); i++)
      {
        const char *p;

        while ((p = strstr (domain->str, dots[i])) != NULL)
          {
            gsize pos = p - domain->str;

            g_string_erase (domain, pos, strlen (dots[i]));
            g_string_insert_c (domain, pos, '.');
          }
      }
  }

  if (has_bad_dots (domain->str))
    {
      g_autofree char *lower = g_utf8_strdown (domain->str, -1);
      g_autofree char *repaired = repair_dots (lower);

      self->domain = g_strdup (lower);
      add_finding (self, MD_SEVERITY_PROBLEM, "address.bad-dots",
                   _("The dots in the domain are misplaced"),
                   _("In the part after the @, a dot cannot come first or twice in a row, as "
                     "in “@.example.com” or “example..com”. Such a domain cannot exist, so "
                     "the message would bounce."),
                   _("Check the part after the @ with your contact: maybe something is missing "
                     "between the dots."));
      if (repaired[0] != '\0' && strchr (repaired, '.') != NULL)
        set_syntax_suggestion (self, local, repaired);
      return;
    }

  if (g_str_is_ascii (domain->str))
    ascii = g_ascii_strdown (domain->str, -1);
  else
    {
      idn = TRUE;
      ascii = g_hostname_to_ascii (domain->str);
      /* NFKC can make dots: "⒚" becomes "19.", so "a⒚.be" would turn into
       * "a19..be". Such a name cannot exist (found by fuzzing). */
      if (ascii != NULL && has_bad_dots (ascii))
        g_clear_pointer (&ascii, g_free);
    }

  if (ascii != NULL && g_hostname_is_ascii_encoded (ascii))
    {
      g_autofree char *unicode = g_hostname_to_unicode (ascii);
      /* An A-label must decode to a name that encodes back to it (RFC 5891,
       * section 5.4): "xn--bchher-ome" decodes to a letter that NFKC turns
       * into a space, so its Unicode form would be an invalid address. */
      g_autofree char *back = unicode != NULL ? g_hostname_to_ascii (unicode) : NULL;

      if (unicode == NULL || g_str_equal (unicode, ascii) || !is_idn_text (unicode) ||
          back == NULL || g_ascii_strcasecmp (back, ascii) != 0)
        g_clear_pointer (&ascii, g_free);
      else
        idn = TRUE;
    }

  if (ascii == NULL)
    {
      g_autofree char *detail = NULL;

      self->domain = g_utf8_strdown (domain->str, -1);
      detail = g_strdup_printf (_("The domain “%s” contains letters outside the English "
                                  "alphabet, but not in a combination that domain names allow, "
                                  "so it cannot be found on the internet."), self->domain);
      add_finding (self, MD_SEVERITY_PROBLEM, "address.bad-idn",
                   _("The domain's special letters cannot be converted"), detail,
                   _("Check the spelling with your contact, or ask for the domain written with "
                     "English letters only (it then starts with “xn--”)."));
      return;
    }

  problem = check_labels (self, ascii);
  if (problem != NULL)
    {
      self->domain = g_utf8_strdown (domain->str, -1);
      add_bad_domain (self, problem);
      return;
    }
  if (has_problem (self) && has_finding (self, "address.label-too-long"))
    {
      self->domain = g_utf8_strdown (domain->str, -1);
      return;
    }

  if (strlen (ascii) > MAX_DOMAIN)
    {
      g_autofree char *detail = NULL;

      self->domain = g_utf8_strdown (domain->str, -1);
      detail = g_strdup_printf (_("The part after the @ can have at most %d characters; this "
                                  "one has %u."), MAX_DOMAIN, (guint) strlen (ascii));
      add_finding (self, MD_SEVERITY_PROBLEM, "address.domain-too-long",
                   _("The domain is too long"), detail,
                   _("Check that you copied only the address."));
      return;
    }

  if (idn)
    {
      g_autofree char *detail = NULL;

      self->domain = g_hostname_to_unicode (ascii);
      detail = g_strdup_printf (_("The domain “%s” contains letters outside the English "
                                  "alphabet. That is fine: on the internet it is written "
                                  "“%s”, and that is the form we checked. Some older email "
                                  "programs cannot send to such domains."),
                                self->domain, ascii);
      add_finding (self, MD_SEVERITY_INFO, "address.idn",
                   _("The domain contains non-English letters"), detail,
                   _("If your email program refuses the address, try the form starting with "
                     "“xn--” instead."));
    }
  else
    self->domain = g_strdup (ascii);

  if (strchr (ascii, '.') == NULL)
    {
      gboolean exact = FALSE;
      const char *completed = complete_dotless_domain (ascii, &exact);

      if (exact)
        {
          g_autofree char *detail = NULL;

          detail = g_strdup_printf (_("The part after the @ had no ending such as “.com”. "
                                      "“%s” is the address of a well-known email service, so "
                                      "we used it. A message sent to the address as written "
                                      "would bounce."), completed);
          self->fixed = TRUE;
          add_finding (self, MD_SEVERITY_WARNING, "address.fixed-tld",
                       _("The end of the domain was added"), detail,
                       _("If your contact's address ends differently, for example in .fr or "
                         ".co.uk, use that instead."));
          g_free (self->domain);
          self->domain = g_strdup (completed);
          g_clear_pointer (&ascii, g_free);
          ascii = g_strdup (completed);
        }
      else
        {
          g_autofree char *detail = NULL;

          detail = g_strdup_printf (_("The part after the @, “%s”, has no ending such as "
                                      "“.com” or “.de”, so it cannot be found on the "
                                      "internet and the message would bounce."), self->domain);
          add_finding (self, MD_SEVERITY_PROBLEM, "address.no-tld",
                       _("The domain is incomplete"), detail,
                       _("Ask your contact for their full address."));
          if (completed != NULL)
            set_syntax_suggestion (self, local, completed);
          return;
        }
    }

  tld = strrchr (ascii, '.') + 1;
  if (strspn (tld, "0123456789") == strlen (tld))
    {
      if (is_ipv4 (ascii))
        {
          g_autofree char *detail = NULL;

          detail = g_strdup_printf (_("After the @ there is a network address, %s, instead of "
                                      "a domain name. Written like this it is not a valid "
                                      "address."), ascii);
          add_finding (self, MD_SEVERITY_PROBLEM, "address.bare-ip",
                       _("The address uses a server number instead of a domain"), detail,
                       _("Ask your contact for their usual address, with a domain name after "
                         "the @."));
        }
      else
        add_bad_domain (self, _("Its last part cannot be a number."));
      return;
    }

  self->ascii_domain = g_steal_pointer (&ascii);

  {
    MdAddressSuggestionStrength strength;
    const char *typo = find_typo (self->ascii_domain, &strength);

    if (typo != NULL)
      {
        self->typo_domain = g_strdup (typo);
        self->typo_strength = strength;
        set_syntax_suggestion (self, local, typo);
        self->strength = strength;
      }
  }
}

/* Whole address */

static void
add_no_at (MdAddress  *self,
           const char *s)
{
  g_autofree char *guess = guess_missing_at (s);
  g_autofree char *advice = NULL;

  if (guess != NULL)
    {
      const char *at = strchr (guess, '@');
      g_autofree char *local = g_strndup (guess, at - guess);

      set_syntax_suggestion (self, local, at + 1);
      advice = g_strdup_printf (_("Did you mean %s? Check with your contact."), guess);
    }
  else
    advice = g_strdup (_("Ask your contact for their full address."));

  add_finding (self, MD_SEVERITY_PROBLEM, "address.no-at",
               _("The address has no @ sign"),
               _("Every email address has the form name@domain, for example "
                 "jane@example.com. This one has no @, so mail cannot be delivered to it."),
               advice);
}

static void
add_ok (MdAddress *self)
{
  g_autofree char *detail = NULL;

  if (has_finding (self, "address.ok"))
    return;

  detail = g_strdup_printf (_("“%s” follows the rules for email addresses. That does not prove "
                              "the mailbox exists: only the recipient's mail server knows "
                              "that."), self->normalized);
  add_finding (self, MD_SEVERITY_OK, "address.ok",
               _("The address is written correctly"), detail,
               _("Compare it letter by letter with an address your contact gave you, for "
                 "example in an earlier email from them."));
}

static void
parse (MdAddress *self)
{
  g_autoptr(GString) s = NULL;
  g_autofree char *cleaned = NULL;
  g_autofree char *local = NULL;
  gboolean invalid = FALSE, invisible = FALSE, lookalike = FALSE;
  gboolean fixed_at = FALSE;
  int at;

  cleaned = clean_characters (self->raw, &invalid, &invisible, &lookalike);
  s = g_string_new (cleaned);
  if (invalid)
    add_fix (self, FIX_ENCODING);
  if (invisible)
    add_fix (self, FIX_INVISIBLE);
  if (lookalike)
    add_fix (self, FIX_LOOKALIKE);
  if (trim_spaces (s))
    add_fix (self, FIX_SURROUNDING_SPACES);

  if (s->len > MAX_PASTE)
    {
      g_autofree char *detail = NULL;

      detail = g_strdup_printf (_("The text has %u characters; an email address has at most "
                                  "%d."), (guint) g_utf8_strlen (s->str, -1), MAX_ADDRESS_LEN);
      add_finding (self, MD_SEVERITY_PROBLEM, "address.too-long",
                   _("The text is too long to be an address"), detail,
                   _("Copy only the recipient's address, for example from the bounce "
                     "message."));
      return;
    }

  if (take_first_address (s))
    {
      g_autofree char *detail = NULL;

      detail = g_strdup_printf (_("The text contained several addresses. We checked the first "
                                  "one, “%s”."), s->str);
      add_finding (self, MD_SEVERITY_WARNING, "address.several",
                   _("More than one address was entered"), detail,
                   _("Check the other addresses one at a time."));
    }

  strip_wrappers (self, s);

  if (s->len > 0 && find_at (s->str, 0) < 0)
    {
      if (replace_at_words (s))
        add_fix (self, FIX_AT_WORD);
      else if (replace_space_by_at (s))
        add_fix (self, FIX_MISSING_AT);
    }

  if (remove_spaces (s))
    add_fix (self, FIX_SPACES);

  if (s->len == 0)
    {
      add_finding (self, MD_SEVERITY_PROBLEM, "address.empty",
                   _("No address was entered"),
                   _("There is no address to check."),
                   _("Paste or type the recipient's address, for example from the bounce "
                     "message."));
      return;
    }

  if (!fix_double_at (s, &fixed_at))
    {
      g_autofree char *detail = NULL;

      detail = g_strdup_printf (_("An email address has exactly one @ sign, between the name "
                                  "and the domain. This one has %u, so mail servers cannot "
                                  "tell where to deliver it."), count_at (s->str));
      add_finding (self, MD_SEVERITY_PROBLEM, "address.many-at",
                   _("The address has more than one @ sign"), detail,
                   _("Check which part is the real address; if you copied it from a message, "
                     "copy it again carefully."));
      return;
    }
  if (fixed_at)
    add_fix (self, FIX_DOUBLE_AT);

  at = find_at (s->str, 0);
  if (at < 0)
    {
      add_no_at (self, s->str);
      return;
    }

  if (at == 0)
    add_finding (self, MD_SEVERITY_PROBLEM, "address.no-local-part",
                 _("The name before the @ is missing"),
                 _("The address starts with the @ sign. The part before it, the name of the "
                   "mailbox, is missing, so mail cannot be delivered."),
                 _("Ask your contact for their full address."));
  else
    {
      g_autofree char *typed = g_strndup (s->str, at);

      local = check_local_part (self, typed);
      self->local_part = g_strdup (local);
    }

  if ((gsize) at + 1 == s->len)
    add_finding (self, MD_SEVERITY_PROBLEM, "address.no-domain",
                 _("The domain after the @ is missing"),
                 _("The address ends with the @ sign. The part after it, the domain of the "
                   "email service such as example.com, is missing."),
                 _("Ask your contact for their full address."));
  else
    check_domain (self, local ? local : "", s->str + at + 1);

  /* A suggestion needs a local part to be a whole address. */
  if (self->local_part == NULL && self->suggestion != NULL)
    {
      g_clear_pointer (&self->suggestion, g_free);
      g_clear_pointer (&self->suggested_domain, g_free);
      g_clear_pointer (&self->typo_domain, g_free);
      self->strength = MD_ADDRESS_SUGGESTION_NONE;
    }

  if (self->typo_domain != NULL)
    add_typo_finding (self);

  if (has_problem (self) || self->local_part == NULL || self->domain == NULL)
    return;

  if (strlen (self->local_part) + 1 + strlen (self->ascii_domain ? self->ascii_domain
                                                                : self->domain) > MAX_ADDRESS_LEN)
    {
      g_autofree char *detail = NULL;

      detail = g_strdup_printf (_("An email address can have at most %d characters; this one "
                                  "has more."), MAX_ADDRESS_LEN);
      add_finding (self, MD_SEVERITY_PROBLEM, "address.too-long",
                   _("The address is too long"), detail,
                   _("Check that you copied only the address."));
      return;
    }

  self->valid = TRUE;
  self->normalized = g_strdup_printf ("%s@%s", self->local_part, self->domain);

  if (self->typo_domain == NULL)
    add_ok (self);
}

static void
add_typo_finding (MdAddress *self)
{
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *advice = NULL;
  const char *typed = self->ascii_domain ? self->ascii_domain : self->domain;
  MdSeverity severity = MD_SEVERITY_WARNING;

  remove_finding (self, "address.typo-suggestion");
  if (self->suggestion == NULL)
    return;

  /* Translators: %s is an email address */
  title = g_strdup_printf (_("Did you mean %s?"), self->suggestion);

  switch (self->domain_state)
    {
    case DOMAIN_NO_MAIL:
      severity = MD_SEVERITY_PROBLEM;
      detail = g_strdup_printf (_("The domain “%s” does not receive email, and it looks like a "
                                  "typing mistake for “%s”, one of the most used email "
                                  "services. That is very probably why the message bounced."),
                                typed, self->typo_domain);
      advice = g_strdup_printf (_("Check with your contact, then send the message again to "
                                  "%s."), self->suggestion);
      break;

    case DOMAIN_ACCEPTS_MAIL:
      detail = g_strdup_printf (_("The domain “%s” exists and receives email, but it is so "
                                  "close to “%s”, one of the most used email services, that "
                                  "it is probably a typing mistake. Such look-alike domains "
                                  "are sometimes registered by strangers to collect "
                                  "misdirected mail."), typed, self->typo_domain);
      advice = g_strdup_printf (_("Check the address with your contact before you send "
                                  "anything else to it. If it is %s, use that."),
                                self->suggestion);
      break;

    case DOMAIN_UNKNOWN:
    default:
      detail = g_strdup_printf (_("The domain “%s” looks like a typing mistake for “%s”, one "
                                  "of the most used email services. A message sent to a "
                                  "mistyped domain bounces or, worse, reaches a stranger."),
                                typed, self->typo_domain);
      advice = g_strdup_printf (_("Check the address with your contact. If it is %s, send "
                                  "the message again to that address."), self->suggestion);
      break;
    }

  add_finding (self, severity, "address.typo-suggestion", title, detail, advice);
}

static void
md_address_constructed (GObject *object)
{
  MdAddress *self = MD_ADDRESS (object);

  G_OBJECT_CLASS (md_address_parent_class)->constructed (object);

  if (self->raw == NULL)
    self->raw = g_strdup ("");
  self->input = g_utf8_make_valid (self->raw, -1);
  parse (self);
  g_clear_pointer (&self->raw, g_free);
}

static void
md_address_class_init (MdAddressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = md_address_constructed;
  object_class->finalize = md_address_finalize;
  object_class->get_property = md_address_get_property;
  object_class->set_property = md_address_set_property;

  properties[PROP_INPUT] =
    g_param_spec_string ("input", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCAL_PART] =
    g_param_spec_string ("local-part", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOMAIN] =
    g_param_spec_string ("domain", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ASCII_DOMAIN] =
    g_param_spec_string ("ascii-domain", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NORMALIZED] =
    g_param_spec_string ("normalized", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUGGESTION] =
    g_param_spec_string ("suggestion", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUGGESTION_STRENGTH] =
    g_param_spec_enum ("suggestion-strength", NULL, NULL,
                       MD_TYPE_ADDRESS_SUGGESTION_STRENGTH, MD_ADDRESS_SUGGESTION_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_address_init (MdAddress *self)
{
  self->findings = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * md_address_parse:
 * @input: the address as the user typed or pasted it, in any state
 *
 * Checks @input as a recipient address: syntax (RFC 5321/5322, RFC 6531
 * international addresses), common copy-and-paste mistakes (which are
 * fixed, see md_address_get_normalized()), and typos of popular email
 * domains. Works on any input, including invalid UTF-8 and huge pastes.
 *
 * Returns: (transfer full): a new #MdAddress, never %NULL
 */
MdAddress *
md_address_parse (const char *input)
{
  g_return_val_if_fail (input != NULL, NULL);

  return g_object_new (MD_TYPE_ADDRESS, "input", input, NULL);
}

/**
 * md_address_get_input:
 * @self: a #MdAddress
 *
 * Returns: the input as given, with invalid UTF-8 sequences replaced by
 *   U+FFFD so it is always valid UTF-8
 */
const char *
md_address_get_input (MdAddress *self)
{
  g_return_val_if_fail (MD_IS_ADDRESS (self), NULL);

  return self->input;
}

/**
 * md_address_get_local_part:
 * @self: a #MdAddress
 *
 * Returns: (nullable): the part before the @ after paste fixes (case kept,
 *   NFC, unnecessary quotes removed), or %NULL if there is none
 */
const char *
md_address_get_local_part (MdAddress *self)
{
  g_return_val_if_fail (MD_IS_ADDRESS (self), NULL);

  return self->local_part;
}

/**
 * md_address_get_domain:
 * @self: a #MdAddress
 *
 * Returns: (nullable): the part after the @ after paste fixes, in UTF-8 and
 *   lower case ("bücher.example"), or a literal such as "[192.0.2.1]";
 *   set even when the domain is invalid, %NULL if there is none
 */
const char *
md_address_get_domain (MdAddress *self)
{
  g_return_val_if_fail (MD_IS_ADDRESS (self), NULL);

  return self->domain;
}

/**
 * md_address_get_ascii_domain:
 * @self: a #MdAddress
 *
 * The name to look up in DNS.
 *
 * Returns: (nullable): the domain as ASCII (A-labels, "xn--bcher-kva.example"),
 *   or %NULL unless the domain is a syntactically valid name (never for a
 *   domain literal)
 */
const char *
md_address_get_ascii_domain (MdAddress *self)
{
  g_return_val_if_fail (MD_IS_ADDRESS (self), NULL);

  return self->ascii_domain;
}

/**
 * md_address_get_normalized:
 * @self: a #MdAddress
 *
 * Returns: (nullable): the cleaned-up address "local@domain" (UTF-8 domain),
 *   or %NULL if it is not valid even after the fixes
 */
const char *
md_address_get_normalized (MdAddress *self)
{
  g_return_val_if_fail (MD_IS_ADDRESS (self), NULL);

  return self->normalized;
}

/**
 * md_address_is_valid:
 * @self: a #MdAddress
 *
 * Returns: %TRUE if the address, after the paste fixes, is syntactically
 *   valid (no finding of severity problem); a typo suggestion does not make
 *   it invalid
 */
gboolean
md_address_is_valid (MdAddress *self)
{
  g_return_val_if_fail (MD_IS_ADDRESS (self), FALSE);

  return self->valid;
}

/**
 * md_address_is_domain_literal:
 * @self: a #MdAddress
 *
 * Returns: %TRUE if the domain is an address literal such as [192.0.2.1]
 */
gboolean
md_address_is_domain_literal (MdAddress *self)
{
  g_return_val_if_fail (MD_IS_ADDRESS (self), FALSE);

  return self->domain_literal;
}

/**
 * md_address_was_fixed:
 * @self: a #MdAddress
 *
 * Returns: %TRUE if a paste mistake was fixed (a finding "address.fixed-*")
 */
gboolean
md_address_was_fixed (MdAddress *self)
{
  g_return_val_if_fail (MD_IS_ADDRESS (self), FALSE);

  return self->fixed;
}

/**
 * md_address_get_findings:
 * @self: a #MdAddress
 *
 * Findings of step %MD_STEP_VERIFY_ADDRESS, each with the input as evidence
 * (cut after 200 bytes). Codes: "address.ok", "address.empty",
 * "address.too-long", "address.no-at", "address.many-at",
 * "address.no-local-part", "address.no-domain", "address.local-too-long",
 * "address.domain-too-long", "address.label-too-long", "address.bad-dots",
 * "address.bad-char", "address.bad-quotes", "address.bad-domain",
 * "address.bad-idn", "address.bad-domain-literal", "address.bare-ip",
 * "address.no-tld", "address.quoted-local", "address.domain-literal",
 * "address.idn", "address.smtputf8", "address.several",
 * "address.typo-suggestion" and the paste fixes "address.fixed-encoding",
 * "-invisible", "-lookalike", "-surrounding-spaces", "-quotes", "-mailto",
 * "-label", "-display-name", "-brackets", "-punctuation", "-trailing-dot",
 * "-at-word", "-missing-at", "-spaces", "-double-at", "-comma", "-tld".
 *
 * Returns: (transfer none) (element-type MdFinding): the findings
 */
GPtrArray *
md_address_get_findings (MdAddress *self)
{
  g_return_val_if_fail (MD_IS_ADDRESS (self), NULL);

  return self->findings;
}

/**
 * md_address_get_suggestion:
 * @self: a #MdAddress
 *
 * Returns: (nullable): the corrected full address the user probably meant
 *   (a typo of a popular domain, or a syntax repair), or %NULL
 */
const char *
md_address_get_suggestion (MdAddress *self)
{
  g_return_val_if_fail (MD_IS_ADDRESS (self), NULL);

  return self->suggestion;
}

/**
 * md_address_get_suggested_domain:
 * @self: a #MdAddress
 *
 * Returns: (nullable): the domain part of md_address_get_suggestion()
 */
const char *
md_address_get_suggested_domain (MdAddress *self)
{
  g_return_val_if_fail (MD_IS_ADDRESS (self), NULL);

  return self->suggestion ? self->suggested_domain : NULL;
}

/**
 * md_address_get_suggestion_strength:
 * @self: a #MdAddress
 *
 * Returns: how sure the suggestion is; repairs of impossible syntax are
 *   always strong
 */
MdAddressSuggestionStrength
md_address_get_suggestion_strength (MdAddress *self)
{
  g_return_val_if_fail (MD_IS_ADDRESS (self), MD_ADDRESS_SUGGESTION_NONE);

  return self->strength;
}

/**
 * md_address_set_domain_accepts_mail:
 * @self: a #MdAddress
 * @accepts: whether the DNS check found that the typed domain receives mail
 *
 * Tells the address what the domain diagnosis found. If the domain accepts
 * mail, a weak typo suggestion and its finding are dropped (the domain is
 * probably right) and a strong one is kept with an explanation; if it does
 * not, the typo finding becomes a problem: very probably the cause of the
 * bounce. Can be called again; the last call wins.
 */
void
md_address_set_domain_accepts_mail (MdAddress *self,
                                    gboolean   accepts)
{
  MdAddressSuggestionStrength old_strength;
  g_autofree char *old_suggestion = NULL;

  g_return_if_fail (MD_IS_ADDRESS (self));

  self->domain_state = accepts ? DOMAIN_ACCEPTS_MAIL : DOMAIN_NO_MAIL;
  if (self->typo_domain == NULL)
    return;

  old_strength = self->strength;
  old_suggestion = g_strdup (self->suggestion);
  g_clear_pointer (&self->suggestion, g_free);
  g_clear_pointer (&self->suggested_domain, g_free);
  self->strength = MD_ADDRESS_SUGGESTION_NONE;

  if (!accepts || self->typo_strength == MD_ADDRESS_SUGGESTION_STRONG)
    {
      set_syntax_suggestion (self, self->local_part, self->typo_domain);
      self->strength = self->typo_strength;
      remove_finding (self, "address.ok");
    }

  add_typo_finding (self);
  if (self->suggestion == NULL && self->valid)
    add_ok (self);

  if (g_strcmp0 (old_suggestion, self->suggestion) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUGGESTION]);
  if (old_strength != self->strength)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUGGESTION_STRENGTH]);
}
