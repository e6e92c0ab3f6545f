/* md-reason.c: the bounce reasons (Sisimai's taxonomy) in plain language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "md-reason.h"

#define STEPS(...) { __VA_ARGS__, MD_STEP_NONE }

/* Sorted by id: md_reason_list() hands the order out as is. The texts are
 * translated when they are read. Every headline holds exactly one “%s”, the
 * recipient’s address; tests/test-reason.c checks that.
 */
static const MdReason reasons[] = {
  {
    "authfailure", MD_PARTY_SENDER_PROVIDER, FALSE, TRUE,
    STEPS (MD_STEP_CHECK_SETTINGS, MD_STEP_CONSULT_PROVIDER, MD_STEP_ALTERNATIVE_CHANNEL),
    N_("The message could not be confirmed as yours"),
    /* Translators: %s is an email address */
    N_("The mail server for %s could not confirm that the message came from you"),
    N_("Receiving mail servers check that a message really comes from the domain in the "
       "sender’s address — the part after the “@”. These checks, called SPF, DKIM and "
       "DMARC, are set up by whoever manages your email domain. Your message did not pass "
       "them, so it was treated as possibly forged and refused."),
    N_("Make sure your email program sends through the outgoing server of the provider that "
       "gave you this address. If it already does, ask your email provider, or whoever "
       "manages your domain, to check its SPF, DKIM and DMARC settings. Sending the same "
       "message again will fail the same way until this is fixed."),
  },
  {
    "badreputation", MD_PARTY_SENDER_PROVIDER, FALSE, TRUE,
    STEPS (MD_STEP_CONSULT_PROVIDER, MD_STEP_ALTERNATIVE_CHANNEL, MD_STEP_DOCUMENT),
    N_("The sending server has a poor reputation"),
    /* Translators: %s is an email address */
    N_("The mail server for %s does not trust the server that sent your message"),
    N_("Mail servers keep track of which servers send unwanted email and refuse mail from "
       "those with a bad record. The server that sent your message — usually your email "
       "provider’s — has such a bad record at the moment. This is not about what you wrote, "
       "and it does not mean you did anything wrong."),
    N_("Tell your email provider about this bounce: only they can improve their servers’ "
       "reputation. If the message is urgent, send it from another email account in the "
       "meantime. Keep the bounce, in case the problem comes back."),
  },
  {
    "blocked", MD_PARTY_SENDER_PROVIDER, FALSE, TRUE,
    STEPS (MD_STEP_CONSULT_PROVIDER, MD_STEP_CHECK_SETTINGS, MD_STEP_ALTERNATIVE_CHANNEL),
    N_("The sending server is blocked"),
    /* Translators: %s is an email address */
    N_("The mail server for %s refused the server that sent your message"),
    N_("The recipient’s mail server does not accept email from the server your message came "
       "from. Often that server is on a block list — a public list of servers suspected of "
       "sending spam — or its name looks like a home internet connection. The block is "
       "against the sending server, not against you or what you wrote."),
    N_("Check that your email program uses your provider’s outgoing server, not a server of "
       "your internet connection. Then send the bounce to your email provider and ask them to "
       "get their server off the block list. Until then, reach the person another way."),
  },
  {
    "contenterror", MD_PARTY_SENDER, FALSE, TRUE,
    STEPS (MD_STEP_CHECK_SETTINGS, MD_STEP_ALTERNATIVE_CHANNEL, MD_STEP_CONSULT_PROVIDER),
    N_("The message is not formatted correctly"),
    /* Translators: %s is an email address */
    N_("The mail server for %s refused how your message was put together"),
    N_("Besides the text you write, every email carries hidden lines such as the date, the "
       "subject and the sender. The recipient’s mail server found some of these lines "
       "missing or badly formatted, and refused the message. This is usually caused by the "
       "program or website that created the message."),
    N_("Try sending the message again from another email program or from your provider’s "
       "webmail, preferably as a new message rather than a forward or reply. If it keeps "
       "failing, tell your email provider or the maker of the program you used."),
  },
  {
    "delivered", MD_PARTY_NONE, FALSE, FALSE,
    STEPS (MD_STEP_DOCUMENT),
    N_("The message was delivered"),
    /* Translators: %s is an email address */
    N_("Your message to %s was delivered"),
    N_("This is a delivery notice, not a bounce. The recipient’s mail server confirms that "
       "it accepted your message. What happens after that — whether it is read, or filed "
       "into a spam folder — is up to the recipient’s side."),
    N_("There is nothing to fix. If the person says they did not get the message, ask them "
       "to look in their spam or junk folder."),
  },
  {
    "exceedlimit", MD_PARTY_SENDER, FALSE, TRUE,
    STEPS (MD_STEP_ALTERNATIVE_CHANNEL, MD_STEP_CONTACT_RECIPIENT, MD_STEP_NONE),
    N_("The message is over the recipient’s limit"),
    /* Translators: %s is an email address */
    N_("Your message to %s is over a limit of the recipient’s mail server"),
    N_("The recipient’s mail server limits what a single message may contain — usually its "
       "total size including attachments, sometimes the number of recipients. Your message "
       "went over that limit, so it was refused."),
    N_("Make the message smaller: remove large attachments and share them through a download "
       "link instead, or split them over several messages. If you wrote to many people at "
       "once, send to fewer at a time. Sending the same message again will fail the same "
       "way."),
  },
  {
    "expired", MD_PARTY_RECIPIENT_PROVIDER, TRUE, TRUE,
    STEPS (MD_STEP_VERIFY_ADDRESS, MD_STEP_CONTACT_RECIPIENT, MD_STEP_ALTERNATIVE_CHANNEL),
    N_("Delivery took too long and was given up"),
    /* Translators: %s is an email address */
    N_("Your message to %s could not be delivered in time"),
    N_("Your email provider tried for a long time — often several days — to hand the "
       "message to the recipient’s mail server, but could not reach it, and has now stopped "
       "trying. The recipient’s server may have been down, or the part of the address after "
       "the “@” may not be set up to receive email."),
    N_("Check the address, especially the part after the “@”; Mail Doctor can test whether "
       "that domain can receive email. If it looks right, send the message again later, and "
       "let the person know another way that their email may not be working."),
  },
  {
    "failedstarttls", MD_PARTY_RECIPIENT_PROVIDER, FALSE, TRUE,
    STEPS (MD_STEP_CONTACT_RECIPIENT, MD_STEP_CONSULT_PROVIDER, MD_STEP_ALTERNATIVE_CHANNEL),
    N_("No secure connection could be made"),
    /* Translators: %s is an email address */
    N_("No secure connection could be made to the mail server for %s"),
    N_("Mail servers protect messages on their way by encrypting the connection between "
       "them. Setting up this protected connection failed between the sending server and "
       "the recipient’s server, often because of an expired or wrong security certificate — "
       "the digital ID a server shows to prove who it is. To keep the message safe, it was "
       "not sent unprotected."),
    N_("Let the person know, another way, that their email provider may have a security "
       "setup problem, and send the bounce to your own email provider too. Until it is "
       "fixed, reach the person another way."),
  },
  {
    "feedback", MD_PARTY_SENDER, FALSE, FALSE,
    STEPS (MD_STEP_UNDERSTAND, MD_STEP_DOCUMENT, MD_STEP_NONE),
    N_("Your message was reported as unwanted"),
    /* Translators: %s is an email address */
    N_("Your message to %s was reported as unwanted"),
    N_("This is not a bounce: the message was delivered. Afterwards, the recipient’s email "
       "provider sent back a complaint report, usually because someone marked the message as "
       "spam or junk. Many such reports can get your future messages blocked."),
    N_("Nothing needs to be sent again. If you send newsletters or messages to many people, "
       "remove this address from your list and write only to people who asked for it. If "
       "you think it was a mistake, ask the person whether they meant to report it."),
  },
  {
    "filtered", MD_PARTY_RECIPIENT, FALSE, TRUE,
    STEPS (MD_STEP_CONTACT_RECIPIENT, MD_STEP_ALTERNATIVE_CHANNEL, MD_STEP_VERIFY_ADDRESS),
    N_("The recipient’s filter refused the message"),
    /* Translators: %s is an email address */
    N_("A filter for %s refused your message"),
    N_("The recipient, or their email provider, has set up a filter that decides which "
       "messages to accept — for example only from known senders, or not from certain "
       "addresses or domains. Your message was caught by that filter and refused."),
    N_("Ask the person, by phone or chat, to allow messages from your address, then send "
       "the message again. Sending again before they change the filter will fail the same "
       "way."),
  },
  {
    "hasmoved", MD_PARTY_RECIPIENT, FALSE, TRUE,
    STEPS (MD_STEP_VERIFY_ADDRESS, MD_STEP_CONTACT_RECIPIENT, MD_STEP_NONE),
    N_("The recipient has a new address"),
    /* Translators: %s is an email address */
    N_("The address %s is no longer in use"),
    N_("The person used to receive email at this address but now uses another one. "
       "Messages sent to the old address are not passed on to the new one automatically, "
       "so yours was returned."),
    N_("Look in the bounce message for the new address: mail servers often mention it. "
       "Otherwise, ask the person for their current address by phone or chat, and update "
       "your address book. Sending again to the old address will fail the same way."),
  },
  {
    "hostunknown", MD_PARTY_RECIPIENT, FALSE, TRUE,
    STEPS (MD_STEP_VERIFY_ADDRESS, MD_STEP_CONTACT_RECIPIENT, MD_STEP_ALTERNATIVE_CHANNEL),
    N_("The address’s domain does not exist"),
    /* Translators: %s is an email address */
    N_("The address %s points to a domain that does not exist"),
    N_("The part of the address after the “@” — the domain — could not be found on the "
       "internet. Most often this is a typing mistake, such as “gmial.com” instead of "
       "“gmail.com”, or the domain was given up by its owner."),
    N_("Check the part after the “@” letter by letter, and correct it if you spot a "
       "mistake. If it looks right, ask the person for their current address by phone or "
       "chat. Sending again to the same address will fail the same way."),
  },
  {
    "mailboxfull", MD_PARTY_RECIPIENT, TRUE, TRUE,
    STEPS (MD_STEP_CONTACT_RECIPIENT, MD_STEP_ALTERNATIVE_CHANNEL, MD_STEP_NONE),
    N_("The recipient’s mailbox is full"),
    /* Translators: %s is an email address */
    N_("The mailbox of %s is full"),
    N_("The address exists, but the person’s mailbox has no room left for new messages. "
       "This lasts until they delete some messages or get more storage. A mailbox that stays "
       "full for a long time may also mean the address is no longer used."),
    N_("Let the person know, by phone or chat, that their mailbox is full. Send the message "
       "again in a day or two, or once they tell you they have made room. If it is urgent, "
       "reach them another way."),
  },
  {
    "mailererror", MD_PARTY_RECIPIENT_PROVIDER, TRUE, TRUE,
    STEPS (MD_STEP_CONTACT_RECIPIENT, MD_STEP_ALTERNATIVE_CHANNEL, MD_STEP_NONE),
    N_("The recipient’s mail server had an internal error"),
    /* Translators: %s is an email address */
    N_("The mail server for %s failed while delivering your message"),
    N_("The recipient’s mail server accepted the message, but the program that puts "
       "messages into mailboxes, or forwards them on, failed. The problem is on the "
       "recipient’s side and has nothing to do with your message."),
    N_("Send the message again later. If it bounces again, let the person know another way "
       "so they can tell their email provider, or whoever runs their mail server."),
  },
  {
    "mesgtoobig", MD_PARTY_SENDER, FALSE, TRUE,
    STEPS (MD_STEP_ALTERNATIVE_CHANNEL, MD_STEP_CONTACT_RECIPIENT, MD_STEP_NONE),
    N_("The message is too large"),
    /* Translators: %s is an email address */
    N_("Your message is too large for the mail server of %s"),
    N_("Mail servers accept messages only up to a certain size, counting the attachments. "
       "Your message was larger than the recipient’s mail server allows. Attachments grow by "
       "about a third when they are sent by email, so a message can be refused even when "
       "the files look small enough."),
    N_("Send the large files through a sharing link, for example from a cloud storage "
       "service, instead of attaching them, or make them smaller, such as by compressing "
       "photos. Sending the same message again will fail the same way."),
  },
  {
    "networkerror", MD_PARTY_NETWORK, TRUE, TRUE,
    STEPS (MD_STEP_VERIFY_ADDRESS, MD_STEP_ALTERNATIVE_CHANNEL, MD_STEP_CONSULT_PROVIDER),
    N_("The recipient’s mail server could not be reached"),
    /* Translators: %s is an email address */
    N_("The mail server for %s could not be reached"),
    N_("Your email provider could not find or connect to the recipient’s mail server. This "
       "can be a passing network problem, but it can also mean that the part of the address "
       "after the “@” is not set up to receive email."),
    N_("Check the part of the address after the “@”; Mail Doctor can test whether that "
       "domain can receive email. If it looks right, send the message again in a few hours. "
       "If it keeps failing, reach the person another way."),
  },
  {
    "norelaying", MD_PARTY_SENDER, FALSE, TRUE,
    STEPS (MD_STEP_CHECK_SETTINGS, MD_STEP_CONSULT_PROVIDER, MD_STEP_VERIFY_ADDRESS),
    N_("The server refused to pass the message on"),
    /* Translators: %s is an email address */
    N_("A mail server refused to pass your message on to %s"),
    N_("A mail server only passes messages on to other servers for people it knows. It did "
       "not recognize you, usually because your email program does not sign in to the "
       "outgoing server, or uses the wrong server. More rarely, the recipient’s domain sends "
       "its email to a server that does not handle it."),
    N_("Check your email program’s outgoing (SMTP) settings: the server name, and that "
       "signing in with your user name and password is turned on. Mail Doctor can test "
       "these settings. If they are right, ask your email provider."),
  },
  {
    "notaccept", MD_PARTY_RECIPIENT, FALSE, TRUE,
    STEPS (MD_STEP_VERIFY_ADDRESS, MD_STEP_CONTACT_RECIPIENT, MD_STEP_ALTERNATIVE_CHANNEL),
    N_("The address does not accept email"),
    /* Translators: %s is an email address */
    N_("The address %s does not accept email"),
    N_("The domain of the address — the part after the “@” — exists, but is set up to "
       "accept no email at all, or its mail server refuses every message. The address may "
       "be mistyped, or it may be used only for a website."),
    N_("Check the address for typing mistakes, then ask the person for an address that "
       "receives email, by phone or chat. Sending again to the same address will fail the "
       "same way."),
  },
  {
    "notcompliantrfc", MD_PARTY_SENDER, FALSE, TRUE,
    STEPS (MD_STEP_CHECK_SETTINGS, MD_STEP_CONSULT_PROVIDER, MD_STEP_ALTERNATIVE_CHANNEL),
    N_("The message breaks email format rules"),
    /* Translators: %s is an email address */
    N_("Your message to %s did not follow the rules of the email format"),
    N_("Email messages must follow published technical rules, known as RFCs, that say how a "
       "message is put together. The recipient’s mail server found that your message breaks "
       "one of them — for example a line that appears twice or is too long — and refused "
       "it. This is usually caused by the program or website that created the message."),
    N_("Send the message again as a new message from another email program or from your "
       "provider’s webmail. If the message came from a website or an app, tell whoever "
       "runs it, and send the bounce to your email provider if the problem continues."),
  },
  {
    "onhold", MD_PARTY_NETWORK, TRUE, TRUE,
    STEPS (MD_STEP_UNDERSTAND, MD_STEP_CONTACT_RECIPIENT, MD_STEP_CONSULT_PROVIDER),
    N_("The reason is not clear yet"),
    /* Translators: %s is an email address */
    N_("It is not clear why your message to %s was returned"),
    N_("The bounce message does not contain enough detail to tell why delivery failed. The "
       "problem may be temporary, and it may solve itself."),
    N_("Read the bounce message for any hint in plain words. Send the message again later. "
       "If it bounces again, ask the person whether their email works, and send the bounce "
       "to your email provider: they can see more details."),
  },
  {
    "policyviolation", MD_PARTY_RECIPIENT_PROVIDER, FALSE, TRUE,
    STEPS (MD_STEP_CONTACT_RECIPIENT, MD_STEP_ALTERNATIVE_CHANNEL, MD_STEP_CONSULT_PROVIDER),
    N_("The message goes against the recipient’s rules"),
    /* Translators: %s is an email address */
    N_("The mail server for %s refused your message under its rules"),
    N_("The recipient’s email provider or organization has rules about which messages it "
       "accepts — for example no attachments of certain types, no mail from certain "
       "countries or only mail from members. Your message broke one of these rules."),
    N_("Read the bounce for the rule that was broken; it often says which. Remove what caused "
       "it, such as an attachment, and send again, or ask the person how they can receive "
       "your message."),
  },
  {
    "rejected", MD_PARTY_SENDER, FALSE, TRUE,
    STEPS (MD_STEP_CHECK_SETTINGS, MD_STEP_CONSULT_PROVIDER, MD_STEP_CONTACT_RECIPIENT),
    N_("Your sender address was refused"),
    /* Translators: %s is an email address */
    N_("The mail server for %s refused your sender address"),
    N_("The recipient’s mail server did not accept the address your message was sent from. "
       "Your address or its domain may be blocked by the recipient’s side, or your email "
       "program may be sending with an address that is wrong or not allowed."),
    N_("Check that your email program uses your correct email address as the sender. If it "
       "does, ask the person, another way, whether they block your address, and send the "
       "bounce to your email provider."),
  },
  {
    "requireptr", MD_PARTY_SENDER_PROVIDER, FALSE, TRUE,
    STEPS (MD_STEP_CONSULT_PROVIDER, MD_STEP_CHECK_SETTINGS, MD_STEP_ALTERNATIVE_CHANNEL),
    N_("The sending server has no valid name"),
    /* Translators: %s is an email address */
    N_("The mail server for %s could not identify the server that sent your message"),
    N_("Mail servers look up the name that belongs to the internet address (IP address) of "
       "the server sending to them — a “reverse” name, or PTR record. The server that sent "
       "your message has no such name, or a wrong one. Many servers refuse mail from "
       "servers without a proper name, because spam often comes from them."),
    N_("Make sure your email program sends through your provider’s outgoing server, not "
       "directly from your computer or network. If it does, send the bounce to your email "
       "provider: only they can set up the name of their server."),
  },
  {
    "securityerror", MD_PARTY_SENDER, FALSE, TRUE,
    STEPS (MD_STEP_CHECK_SETTINGS, MD_STEP_CONSULT_PROVIDER, MD_STEP_ALTERNATIVE_CHANNEL),
    N_("The message was refused for security reasons"),
    /* Translators: %s is an email address */
    N_("A mail server refused your message to %s for security reasons"),
    N_("A mail server detected a security problem with your message or the way it was sent "
       "— for example a missing sign-in, an unprotected connection or a sender that could "
       "not be trusted — and refused it. Such problems usually come from the settings of "
       "the program or server that sent the message, not from what you wrote."),
    N_("Check your email program’s outgoing server settings, especially that it signs in "
       "and uses encryption (SSL or TLS, which protect the connection); Mail Doctor can "
       "test them. If they are right, send the bounce to your email provider."),
  },
  {
    "spamdetected", MD_PARTY_SENDER, FALSE, TRUE,
    STEPS (MD_STEP_ALTERNATIVE_CHANNEL, MD_STEP_CONTACT_RECIPIENT, MD_STEP_CONSULT_PROVIDER),
    N_("The message was treated as spam"),
    /* Translators: %s is an email address */
    N_("The mail server for %s treated your message as spam"),
    N_("The recipient’s mail server uses a spam filter, a program that guesses which "
       "messages are unwanted advertising or scams. It judged your message to be spam and "
       "refused it. Filters make mistakes; this does not mean you did anything wrong."),
    N_("Send a short, plain message without links or attachments and with a clear subject, "
       "and ask the person, another way, to add your address to their contacts. If many of "
       "your messages are refused like this, tell your email provider."),
  },
  {
    "speeding", MD_PARTY_SENDER, TRUE, TRUE,
    STEPS (MD_STEP_ALTERNATIVE_CHANNEL, MD_STEP_CONSULT_PROVIDER, MD_STEP_NONE),
    N_("Too many messages were sent too quickly"),
    /* Translators: %s is an email address */
    N_("Your message to %s was refused because too many were sent too quickly"),
    N_("Mail servers limit how many messages they take from one sender in a short time, to "
       "protect themselves from spam. Your messages, or those of other people sharing the "
       "same sending server, went over that limit."),
    N_("Wait an hour or so, then send the message again. If you send to many people, send "
       "in smaller groups spread over time. If it keeps happening, ask your email provider "
       "about their sending limits."),
  },
  {
    "suppressed", MD_PARTY_SENDER_PROVIDER, FALSE, TRUE,
    STEPS (MD_STEP_VERIFY_ADDRESS, MD_STEP_CONSULT_PROVIDER, MD_STEP_CONTACT_RECIPIENT),
    N_("Your provider did not send the message"),
    /* Translators: %s is an email address */
    N_("Your email provider did not send your message to %s"),
    N_("Your email provider keeps a list of addresses it no longer sends to, usually because "
       "earlier messages to them bounced or were reported as spam. This address is on that "
       "list, so your message was not sent at all."),
    N_("Check the address for typing mistakes and ask the person whether it still works. If "
       "it does, ask your email provider to take the address off their list, then send "
       "again."),
  },
  {
    "suspend", MD_PARTY_RECIPIENT, FALSE, TRUE,
    STEPS (MD_STEP_CONTACT_RECIPIENT, MD_STEP_VERIFY_ADDRESS, MD_STEP_ALTERNATIVE_CHANNEL),
    N_("The recipient’s account is suspended"),
    /* Translators: %s is an email address */
    N_("The mailbox of %s is suspended"),
    N_("The address exists, but the account behind it has been suspended or disabled, for "
       "example because it was not used for a long time, an invoice was not paid, or the "
       "person left the organization. It receives no email at the moment."),
    N_("Ask the person, by phone or chat, whether they still use this address or have a new "
       "one. Sending again will fail until their account is switched back on."),
  },
  {
    "syntaxerror", MD_PARTY_SENDER_PROVIDER, FALSE, TRUE,
    STEPS (MD_STEP_CHECK_SETTINGS, MD_STEP_CONSULT_PROVIDER, MD_STEP_ALTERNATIVE_CHANNEL),
    N_("The mail servers did not understand each other"),
    /* Translators: %s is an email address */
    N_("The mail server for %s did not understand the server that sent your message"),
    N_("Mail servers talk to each other in a fixed set of commands. The recipient’s server "
       "received a command it did not understand or did not expect from the sending server, "
       "and stopped. This is a technical fault in the sending software, not in your "
       "message."),
    N_("Send the bounce to your email provider so they can fix their server. If you use a "
       "special program or device to send email, check its settings or send from another "
       "program in the meantime."),
  },
  {
    "systemerror", MD_PARTY_RECIPIENT_PROVIDER, TRUE, TRUE,
    STEPS (MD_STEP_ALTERNATIVE_CHANNEL, MD_STEP_CONTACT_RECIPIENT, MD_STEP_NONE),
    N_("The recipient’s mail server had a technical problem"),
    /* Translators: %s is an email address */
    N_("The mail server for %s had a technical problem"),
    N_("A fault on the recipient’s mail server stopped the delivery. This has nothing to do "
       "with your message or your settings, and such faults are usually fixed soon."),
    N_("Send the message again in a few hours. If it keeps bouncing, let the person know "
       "another way so they can tell their email provider."),
  },
  {
    "systemfull", MD_PARTY_RECIPIENT_PROVIDER, TRUE, TRUE,
    STEPS (MD_STEP_CONTACT_RECIPIENT, MD_STEP_ALTERNATIVE_CHANNEL, MD_STEP_NONE),
    N_("The recipient’s mail server is out of space"),
    /* Translators: %s is an email address */
    N_("The mail server for %s is out of storage space"),
    N_("The recipient’s mail server has run out of storage space for all of its users, not "
       "only this person. It cannot accept new messages until its operators free some "
       "space."),
    N_("Send the message again later, for example tomorrow. If it keeps bouncing, let the "
       "person know another way so they can tell their email provider."),
  },
  {
    "toomanyconn", MD_PARTY_NETWORK, TRUE, TRUE,
    STEPS (MD_STEP_ALTERNATIVE_CHANNEL, MD_STEP_CONSULT_PROVIDER, MD_STEP_NONE),
    N_("The recipient’s mail server is too busy"),
    /* Translators: %s is an email address */
    N_("The mail server for %s is too busy right now"),
    N_("The recipient’s mail server was handling too many connections at once and turned "
       "new ones away for the moment. This is a passing problem; your message and your "
       "settings are fine."),
    N_("Send the message again later; it will most likely get through. If it keeps "
       "bouncing for more than a day, send the bounce to your email provider."),
  },
  {
    "undefined", MD_PARTY_NETWORK, TRUE, TRUE,
    STEPS (MD_STEP_UNDERSTAND, MD_STEP_CONSULT_PROVIDER, MD_STEP_CONTACT_RECIPIENT),
    N_("The reason is unknown"),
    /* Translators: %s is an email address */
    N_("Your message to %s was returned for an unknown reason"),
    N_("The bounce message does not say why delivery failed in a way Mail Doctor can "
       "recognize. The problem may be temporary and solve itself."),
    N_("Read the bounce message for any explanation in plain words. Send the message again "
       "later; if it bounces again, send the bounce to your email provider and ask the person "
       "whether their email works."),
  },
  {
    "userunknown", MD_PARTY_RECIPIENT, FALSE, TRUE,
    STEPS (MD_STEP_VERIFY_ADDRESS, MD_STEP_CONTACT_RECIPIENT, MD_STEP_ALTERNATIVE_CHANNEL),
    N_("The address does not exist"),
    /* Translators: %s is an email address */
    N_("The address %s does not exist"),
    N_("The recipient’s mail server says it has no mailbox with this name. The part after "
       "the “@” is right, but the name before it is not known there: it may be mistyped, "
       "or the person may have changed or closed their address."),
    N_("Check the address for typing mistakes, then ask the person for their current "
       "address by phone or chat. Sending again to the same address will fail the same "
       "way."),
  },
  {
    "vacation", MD_PARTY_NONE, FALSE, FALSE,
    STEPS (MD_STEP_ALTERNATIVE_CHANNEL, MD_STEP_NONE),
    N_("The recipient sent an automatic reply"),
    /* Translators: %s is an email address */
    N_("An automatic reply came from %s"),
    N_("This is not a bounce: your message was delivered. The person has set up an "
       "automatic reply, often because they are away or on vacation, and will probably read "
       "your message when they are back."),
    N_("There is nothing to fix. Read the automatic reply: it often says when the person is "
       "back, or whom to contact instead if your message is urgent."),
  },
  {
    "virusdetected", MD_PARTY_SENDER, FALSE, TRUE,
    STEPS (MD_STEP_ALTERNATIVE_CHANNEL, MD_STEP_CONTACT_RECIPIENT, MD_STEP_CONSULT_PROVIDER),
    N_("A virus was suspected in the message"),
    /* Translators: %s is an email address */
    N_("The mail server for %s found a possible virus in your message"),
    N_("The recipient’s mail server checks messages for viruses and other harmful content, "
       "and something in your message, usually an attachment, looked dangerous to it. "
       "Documents with macros, programs and compressed files are often refused this way, "
       "even when they are harmless."),
    N_("Check the attachment with your security software. If it is harmless, share it "
       "through a download link or in another file format, such as PDF, and let the person "
       "know. Sending the same attachment again will fail the same way."),
  },
};

#undef STEPS

static const MdReason * const *
get_reason_list (void)
{
  static const MdReason *list[G_N_ELEMENTS (reasons) + 1];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (gsize i = 0; i < G_N_ELEMENTS (reasons); i++)
        list[i] = &reasons[i];
      list[G_N_ELEMENTS (reasons)] = NULL;

      g_once_init_leave (&initialized, 1);
    }

  return list;
}

/**
 * md_reason_lookup:
 * @id: (nullable): a Sisimai reason name such as "userunknown"
 *
 * Finds a reason by name, ignoring case.
 *
 * Returns: (transfer none) (nullable): the reason, or %NULL if @id is %NULL
 *   or not a known reason
 */
const MdReason *
md_reason_lookup (const char *id)
{
  if (id == NULL)
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (reasons); i++)
    {
      if (g_ascii_strcasecmp (reasons[i].id, id) == 0)
        return &reasons[i];
    }

  return NULL;
}

/**
 * md_reason_list:
 * @n_reasons: (out) (optional): return location for the number of reasons
 *
 * Lists every known reason, sorted by id. The order is stable.
 *
 * Returns: (transfer none) (array zero-terminated=1): the reasons, %NULL-terminated
 */
const MdReason * const *
md_reason_list (guint *n_reasons)
{
  if (n_reasons != NULL)
    *n_reasons = G_N_ELEMENTS (reasons);

  return get_reason_list ();
}

/**
 * md_reason_get_title:
 * @reason: a reason
 *
 * Returns: (transfer none): a short translated title, in sentence case
 */
const char *
md_reason_get_title (const MdReason *reason)
{
  g_return_val_if_fail (reason != NULL, NULL);

  return _(reason->title);
}

/* A translation must keep the single “%s” and add no other conversion;
 * a broken one is not passed to printf.
 */
static gboolean
is_safe_headline_format (const char *format)
{
  guint n_strings = 0;

  for (const char *p = format; *p != '\0'; p++)
    {
      if (*p != '%')
        continue;

      p++;
      if (*p == '%')
        continue;
      if (*p != 's')
        return FALSE;
      n_strings++;
    }

  return n_strings == 1;
}

/**
 * md_reason_format_headline:
 * @reason: a reason
 * @address: (nullable): the recipient’s address
 *
 * Formats the headline of @reason for @address, such as “The address
 * jane@example.com does not exist”. Without an address, the title of
 * @reason is used instead.
 *
 * Returns: (transfer full): the translated headline; free with g_free()
 */
char *
md_reason_format_headline (const MdReason *reason,
                           const char     *address)
{
  const char *format;

  g_return_val_if_fail (reason != NULL, NULL);

  if (address == NULL || *address == '\0')
    return g_strdup (md_reason_get_title (reason));

  format = _(reason->headline);
  if (!is_safe_headline_format (format))
    format = reason->headline;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  return g_strdup_printf (format, address);
#pragma GCC diagnostic pop
}

/**
 * md_reason_get_explanation:
 * @reason: a reason
 *
 * Returns: (transfer none): a translated paragraph saying what happened and
 *   what it means, for people who are not email experts
 */
const char *
md_reason_get_explanation (const MdReason *reason)
{
  g_return_val_if_fail (reason != NULL, NULL);

  return _(reason->explanation);
}

/**
 * md_reason_get_advice:
 * @reason: a reason
 *
 * Returns: (transfer none): translated advice on what to do next
 */
const char *
md_reason_get_advice (const MdReason *reason)
{
  g_return_val_if_fail (reason != NULL, NULL);

  return _(reason->advice);
}

/**
 * md_party_to_string:
 * @party: a party
 *
 * Returns: (transfer none): a stable, untranslated identifier such as
 *   "recipient-provider", used in JSON and reports
 */
const char *
md_party_to_string (MdParty party)
{
  switch (party)
    {
    case MD_PARTY_NONE:
      return "none";
    case MD_PARTY_SENDER:
      return "sender";
    case MD_PARTY_SENDER_PROVIDER:
      return "sender-provider";
    case MD_PARTY_RECIPIENT:
      return "recipient";
    case MD_PARTY_RECIPIENT_PROVIDER:
      return "recipient-provider";
    case MD_PARTY_NETWORK:
      return "network";
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * md_party_get_label:
 * @party: a party
 *
 * Returns: (transfer none): a translated label saying who has to act
 */
const char *
md_party_get_label (MdParty party)
{
  switch (party)
    {
    case MD_PARTY_NONE:
      return _("Nobody — nothing went wrong");
    case MD_PARTY_SENDER:
      return _("You");
    case MD_PARTY_SENDER_PROVIDER:
      return _("Your email provider");
    case MD_PARTY_RECIPIENT:
      return _("The recipient");
    case MD_PARTY_RECIPIENT_PROVIDER:
      return _("The recipient’s email provider");
    case MD_PARTY_NETWORK:
      return _("Nobody in particular — it may resolve itself");
    default:
      g_return_val_if_reached (NULL);
    }
}
