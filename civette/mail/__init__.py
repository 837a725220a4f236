"""Email triage for the shop's inbox: read each mail, answer automatically only when the answer is
certain and safe, file everything else as a case for an advisor, and never answer a machine.

    reading      .eml files, directories, Maildirs -> ParsedMail (MIME decoded, raw bytes kept)
    cleaning     quoted replies, forwarded headers and signatures removed (mail-parser-reply)
    language     the mail's language (lingua)
    classifier   the chat's trained model, in-process or through Rasa's HTTP API
    analysis     topics of the subject, the body and each paragraph; order numbers and ownership
    machines     auto-generated mail (RFC 3834 and friends), never answered
    deciding     auto_reply | case | ignore, with a reason
    composing    the reply: the FAQ's email answer, the order's status, the fixed wording
                 (wording.yml)
    recording    what was done with each message (mail_messages table), so nothing is done twice
    sending      SMTP
    triage       one pass over messages; imap: the production loop; command: the CLI
    settings     environment variables; bands: how the confidence bands were chosen
"""
