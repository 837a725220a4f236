"""Reading and cleaning mail: MIME, charsets, HTML, attachments, bad input, machines."""

from __future__ import annotations

import base64
import logging
import mailbox
from email.message import EmailMessage

import pytest

from civette.mail.cleaning import latest_reply, paragraphs
from civette.mail.language import detect
from civette.mail.machines import machine_reason
from civette.mail.reading import parse_mail, read_paths

LIMIT = 2_000_000


def raw_mail(body: bytes, content_type: str = "text/plain; charset=utf-8", encoding: str = "8bit",
             headers: str = "", subject: str = "Question") -> bytes:
    head = (f"From: Jean <jean@exemple.fr>\r\nTo: contact@alacivette.com\r\nSubject: {subject}\r\n"
            f"Message-ID: <m1@exemple.fr>\r\nMIME-Version: 1.0\r\n{headers}"
            f"Content-Type: {content_type}\r\nContent-Transfer-Encoding: {encoding}\r\n\r\n")
    return head.encode() + body


@pytest.mark.parametrize("body, content_type, encoding", [
    ("Où est mon colis ? Délai dépassé, à bientôt".encode(), "text/plain; charset=utf-8", "8bit"),
    (b"O=F9 est mon colis ? D=E9lai d=E9pass=E9, =E0 bient=F4t", "text/plain; charset=iso-8859-1",
     "quoted-printable"),
    (base64.b64encode("Où est mon colis ? Délai dépassé, à bientôt".encode("cp1252")),
     "text/plain; charset=windows-1252", "base64"),
])
def test_charsets_and_transfer_encodings_are_decoded(body, content_type, encoding):
    mail = parse_mail(raw_mail(body, content_type, encoding), "m.eml", LIMIT)
    assert mail.problem == ""
    assert mail.text.strip() == "Où est mon colis ? Délai dépassé, à bientôt"
    assert (mail.sender, mail.message_id) == ("jean@exemple.fr", "<m1@exemple.fr>")


def test_html_only_mail_becomes_text():
    html = "<html><head><style>p{}</style></head><body><p>Bonjour&nbsp;!</p><p>Livrez-vous à Lyon&nbsp;?</p></body></html>"
    mail = parse_mail(raw_mail(html.encode(), "text/html; charset=utf-8"), "m.eml", LIMIT)
    assert mail.text == "Bonjour !\n\nLivrez-vous à Lyon ?"


def test_attachments_are_noted_not_opened():
    message = EmailMessage()
    message["From"], message["Subject"] = "jean@exemple.fr", "Photo"
    message.set_content("Voici la photo du briquet.")
    message.add_attachment(b"\x89PNG" + b"0" * 1000, maintype="image", subtype="png", filename="briquet.png")
    mail = parse_mail(message.as_bytes(), "m.eml", LIMIT)
    assert mail.text.strip() == "Voici la photo du briquet."
    assert [(a.name, a.content_type, a.size) for a in mail.attachments] == [("briquet.png", "image/png", 1004)]


def test_bad_input_is_kept_with_its_problem_and_logged(caplog):
    caplog.set_level(logging.WARNING, "civette.mail")
    huge = raw_mail(b"x" * 5_000_000)
    no_text = raw_mail(base64.b64encode(b"%PDF-1.4"), "application/pdf", "base64")
    unknown_charset = raw_mail("déjà".encode(), "text/plain; charset=x-klingon")
    broken = raw_mail(b"--XX\r\nContent-Type: text/plain\r\n\r\nbonjour", "multipart/mixed; boundary=\"YY\"")
    problems = {name: parse_mail(raw, name, LIMIT).problem for name, raw in
                [("huge", huge), ("no_text", no_text), ("charset", unknown_charset), ("broken", broken)]}
    assert problems["huge"].startswith("too large")
    assert problems["no_text"] == "no text part"
    assert "charset" in problems["charset"]
    assert problems["broken"] == "no text part"
    assert {r.getMessage().split(":")[0] for r in caplog.records} >= {"huge", "no_text", "charset", "broken"}
    assert parse_mail(huge, "huge", LIMIT).raw == huge


def test_garbage_bytes_never_raise():
    mail = parse_mail(b"\xff\xfe\x00garbage\r\n\r\n\x00\x00", "g.eml", LIMIT)
    assert mail.raw.startswith(b"\xff") and mail.key.startswith("sha256:")


def test_header_injection_in_the_subject_stays_one_line():
    raw = raw_mail(b"Bonjour", subject="=?utf-8?q?Question=0D=0ABcc=3A_victim=40exemple=2Efr?=")
    mail = parse_mail(raw, "m.eml", LIMIT)
    assert "\n" not in mail.subject and "\r" not in mail.subject
    assert mail.subject == "Question Bcc: victim@exemple.fr"


def test_maildirs_directories_and_files_are_read(tmp_path):
    box = mailbox.Maildir(tmp_path / "box", create=True)
    box.add(raw_mail(b"un"))
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "a.eml").write_bytes(raw_mail(b"deux"))
    (tmp_path / "c.eml").write_bytes(raw_mail(b"trois"))
    found = list(read_paths([tmp_path / "box", tmp_path / "dir", tmp_path / "c.eml"]))
    assert [raw.rsplit(b"\n", 1)[-1] for _, raw in found] == [b"un", b"deux", b"trois"]


@pytest.mark.parametrize("headers, sender, content_type", [
    ("Auto-Submitted: auto-replied\r\n", "jean@exemple.fr", "text/plain"),
    ("Precedence: bulk\r\n", "jean@exemple.fr", "text/plain"),
    ("X-Autoreply: yes\r\n", "jean@exemple.fr", "text/plain"),
    ("X-Auto-Response-Suppress: All\r\n", "jean@exemple.fr", "text/plain"),
    ("List-Id: <news.exemple.fr>\r\n", "jean@exemple.fr", "text/plain"),
    ("List-Unsubscribe: <mailto:u@exemple.fr>\r\n", "jean@exemple.fr", "text/plain"),
    ("", "jean@exemple.fr", "multipart/report; report-type=delivery-status; boundary=b"),
    ("", "MAILER-DAEMON@mx.exemple.fr", "text/plain"),
    ("", "postmaster@exemple.fr", "text/plain"),
    ("", "noreply@exemple.fr", "text/plain"),
    ("", "no-reply+news@exemple.fr", "text/plain"),
])
def test_machines_are_recognised(headers, sender, content_type):
    raw = raw_mail(b"Vous etes absent", content_type, headers=headers).replace(b"jean@exemple.fr", sender.encode())
    assert machine_reason(parse_mail(raw, "m.eml", LIMIT))


def test_a_person_is_not_a_machine():
    raw = raw_mail(b"Bonjour", headers="Auto-Submitted: no\r\n")
    assert machine_reason(parse_mail(raw, "m.eml", LIMIT)) is None


def test_quotes_signatures_and_forward_headers_are_removed():
    text = ("Bonjour,\n\nPuis-je retourner un article ?\n\nCordialement,\nJean Dupont\n06 12 34 56 78\n\n"
            "Le 12 mars 2025 à 10:00, À La Civette <contact@alacivette.com> a écrit :\n> Merci pour votre commande\n")
    assert latest_reply(text) == "Bonjour,\n\nPuis-je retourner un article ?"
    outlook = "Voici ma question\n\n-----Message d'origine-----\nDe : Paul <p@x.fr>\nEnvoyé : lundi\nÀ : contact\nObjet : test\n\nAncien texte"
    assert latest_reply(outlook) == "Voici ma question"
    forward = ("Je transfère.\n\n---------- Forwarded message ---------\nFrom: Paul <p@x.fr>\nDate: lundi\n"
               "Subject: test\nTo: contact\n\nComment retourner un article ?")
    assert latest_reply(forward, "Fwd: test") == "Je transfère.\n\nComment retourner un article ?"
    assert paragraphs("Bonjour,\n\nPuis-je retourner un article ?") == ["Puis-je retourner un article ?"]


def test_language_is_detected():
    assert detect("Bonjour, quels sont vos délais de livraison ?") == "fr"
    assert detect("Hello, where is my order please?") == "en"
    assert detect("Hola, ¿dónde está mi pedido?") == "es"
    assert detect("") == "unknown"
