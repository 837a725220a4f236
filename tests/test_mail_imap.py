"""`civette mail poll` end to end: a real IMAP server (Debian's dovecot-imapd, an instance of our
own on a free loopback port), a real SMTP server (aiosmtpd), the store on SQLite. Mails are
appended over IMAP; a pass answers, files and ignores them, flags them, and a second pass (or a
rerun after a kill in the middle of a pass) sends nothing twice."""

from __future__ import annotations

import grp
import imaplib
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
import sqlalchemy as sa
import yaml

from civette import db
from civette.helpdesk.models import Case
from civette.mail import command
from civette.mail.classifier import LocalClassifier
from civette.mail.models import MailMessage
from civette.servers import free_port
from civette.settings import PROJECT_ROOT
from conftest import make_demo_store
from fakes import SmtpInbox, smtp_server

EMAILS = PROJECT_ROOT / "tests" / "emails"
DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "contact", "mot-de-passe-de-test"
KEYWORD = "$CivetteTriaged"

# Mails of the labelled set, one per sender: answered, filed as cases, ignored (labels.yml).
FILES = ["001_candidature-vendeur.eml", "002_cigares-en-ligne.eml", "003_amex-accepte.eml",
         "004_creer-compte.eml", "005_no-reply-releve-paiement.eml", "006_delai-livraison.eml",
         "007_demande-rgpd-art15.eml", "008_facture-note-de-frais.eml", "011_livre-mais-rien-recu.eml",
         "013_paiement-securise.eml", "014_reponse-automatique-absence.eml"]

CONFIG = """\
# An instance of our own for the tests: its own directories, port and users; not the system's.
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
instance_name = civette-test-{port}
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = {uid}
first_valid_gid = {gid}
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


@dataclass
class Dovecot:
    port: int
    root: Path

    def client(self) -> imaplib.IMAP4:
        client = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        client.login(USER, PASSWORD)
        return client

    @property
    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""


def _users() -> Dict[str, object]:
    """Who dovecot runs as: as root (CI), its package's users and `nobody` for the mailbox;
    otherwise the current user for everything."""
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        return {"internal_user": "dovecot", "internal_group": "dovecot", "login_user": "dovenull",
                "uid": nobody.pw_uid, "gid": nobody.pw_gid}
    me = pwd.getpwuid(os.getuid())
    return {"internal_user": me.pw_name, "internal_group": grp.getgrgid(os.getgid()).gr_name,
            "login_user": me.pw_name, "uid": os.getuid(), "gid": os.getgid()}


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    """A dovecot of our own in the foreground (`dovecot -F -c CONF`), plaintext login on loopback,
    one user with a Maildir under a temporary directory; stopped and removed at teardown."""
    if not os.path.exists(DOVECOT):
        pytest.fail("dovecot is not installed: apt-get install dovecot-imapd (.ci/run does)")
    # Not pytest's tmp_path: its parents are private to us, and dovecot's users must go through.
    root = Path(tempfile.mkdtemp(prefix="civette-dovecot-"))
    root.chmod(0o755)
    port, users = free_port(), _users()
    for name in ("run", "state", "home", f"home/{USER}"):
        (root / name).mkdir(exist_ok=True)
    if os.geteuid() == 0:
        os.chown(root / "home" / USER, int(users["uid"]), int(users["gid"]))  # type: ignore[arg-type]
    (root / "passwd").write_text(f"{USER}:{PASSWORD}\n")
    (root / "passwd").chmod(0o644)
    config = root / "dovecot.conf"
    config.write_text(CONFIG.format(root=root, port=port, **users))
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(config)], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    server = Dovecot(port, root)
    try:
        deadline = time.monotonic() + 15
        while True:
            if process.poll() is not None:
                output = process.stdout.read().decode(errors="replace") if process.stdout else ""
                pytest.fail(f"dovecot exited ({process.returncode}): {output}\n{server.log}")
            try:
                server.client().logout()
                break
            except (OSError, imaplib.IMAP4.error):
                if time.monotonic() > deadline:
                    pytest.fail(f"dovecot does not answer on port {port}:\n{server.log}")
                time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def smtp() -> Iterator[SmtpInbox]:
    with smtp_server() as inbox:
        yield inbox


@pytest.fixture(scope="module")
def classifier() -> LocalClassifier:
    return LocalClassifier.load()


@pytest.fixture
def store(tmp_path) -> str:
    """The store `civette mail poll` writes to (SQLite), with the demo orders."""
    return make_demo_store(tmp_path / "civette.db")


@pytest.fixture
def environment(dovecot, smtp, store, monkeypatch) -> Dict[str, str]:
    """The environment `civette mail poll` reads: the test mailbox, SMTP server and store."""
    env = {"IMAP_HOST": "127.0.0.1", "IMAP_PORT": str(dovecot.port), "IMAP_SSL": "false",
           "IMAP_STARTTLS": "false", "IMAP_USER": USER, "IMAP_PASSWORD": PASSWORD,
           "IMAP_POLL_INTERVAL_S": "0.5", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp.port),
           "SMTP_STARTTLS": "false", "SMTP_SENDER": "contact@alacivette.com",
           "CIVETTE_DATABASE_URL": store}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("RASA_URL", raising=False)
    return env


def labels() -> Dict[str, dict]:
    items = yaml.safe_load((EMAILS / "labels.yml").read_text(encoding="utf-8"))
    return {item["file"]: item for item in items}


def originals() -> Dict[str, EmailMessage]:
    """The test mails by Message-ID."""
    mails = [message_from_bytes((EMAILS / f).read_bytes(), policy=policy.default) for f in FILES]
    return {str(m["Message-ID"]).strip(): m for m in mails}  # type: ignore[misc]


def append(dovecot: Dovecot, files: List[str], seen: List[str] = ()) -> None:
    """Delivers the mails to the INBOX over IMAP (APPEND); those in `seen` already read."""
    client = dovecot.client()
    try:
        for name in files:
            flags = "(\\Seen)" if name in seen else None
            status, answer = client.append("INBOX", flags, None, (EMAILS / name).read_bytes())
            assert status == "OK", answer
    finally:
        client.logout()


def flags(dovecot: Dovecot) -> Dict[int, str]:
    """Each message's flags, by UID."""
    client = dovecot.client()
    try:
        client.select("INBOX", readonly=True)
        _, data = client.uid("FETCH", "1:*", "(FLAGS)")
        found = {}
        for line in data:  # an unsolicited FETCH (another session's change) may carry no UID
            text = (line if isinstance(line, bytes) else (line or [b""])[0]).decode()
            uid, flags_set = re.search(r"UID (\d+)", text), re.search(r"FLAGS \(([^)]*)\)", text)
            if uid and flags_set:
                found[int(uid.group(1))] = flags_set.group(1)
        return found
    finally:
        client.logout()


def clear_flags(dovecot: Dovecot) -> None:
    client = dovecot.client()
    try:
        client.select("INBOX")
        client.uid("STORE", "1:*", "-FLAGS", f"(\\Seen {KEYWORD})")
    finally:
        client.logout()


def stored(url: str):
    engine = db.make_engine(url)
    try:
        with db.make_session_factory(engine)() as session:
            messages = list(session.scalars(sa.select(MailMessage).order_by(MailMessage.id)))
            cases = list(session.scalars(sa.select(Case).order_by(Case.id)))
            session.expunge_all()
        return messages, cases
    finally:
        engine.dispose()


def replied_to(smtp: SmtpInbox) -> List[str]:
    return [str(message_from_bytes(m, policy=policy.default)["In-Reply-To"]).strip() for m in smtp.messages]


def check_replies(smtp: SmtpInbox) -> None:
    """Every reply answers one of the test mails, in its thread, as an automatic reply."""
    mails = originals()
    for raw in smtp.messages:
        reply = message_from_bytes(raw, policy=policy.default)
        # A long Message-ID is folded onto its own line: the header's value is the id, unfolded.
        original = mails[str(reply["In-Reply-To"]).strip()]
        assert str(reply["In-Reply-To"]).strip() in str(reply["References"]).split()
        assert reply["Auto-Submitted"] == "auto-replied"
        assert reply["Subject"] == f"Re: {original['Subject']}"
        assert reply["To"].addresses[0].addr_spec.lower() == original["From"].addresses[0].addr_spec.lower()
        assert reply["From"] == "contact@alacivette.com" and reply["Message-ID"].endswith("@alacivette.com>")
        assert {p.get_content_type() for p in reply.walk()} >= {"text/plain", "text/html"}


def test_a_pass_answers_files_and_flags_the_mailbox_and_a_second_pass_sends_nothing(
        dovecot, smtp, environment, classifier, monkeypatch):
    monkeypatch.setattr(command, "make_classifier", lambda *_: classifier)  # loaded once for the module
    # A mail a person already read in a mail client is triaged all the same.
    append(dovecot, FILES, seen=["003_amex-accepte.eml"])
    assert command.poll_command(once=True) == 0

    expected = labels()
    answered = [f for f in FILES if expected[f]["decision"] == "auto_reply"]
    messages, cases = stored(environment["CIVETTE_DATABASE_URL"])
    assert len(messages) == len(FILES) and {m.status for m in messages} == {"done"}
    decisions = {m.source: m.decision for m in messages}
    by_file = dict(zip(FILES, [decisions[f"imap:INBOX/{uid}"] for uid in range(1, len(FILES) + 1)]))
    assert by_file == {f: expected[f]["decision"] for f in FILES}

    assert len(smtp.messages) == len(answered)
    check_replies(smtp)
    ids = {str(message_from_bytes((EMAILS / f).read_bytes(), policy=policy.default)["Message-ID"]): f
           for f in FILES}
    assert sorted(ids[i] for i in replied_to(smtp)) == sorted(answered)
    assert [m.reply_message_id is not None for m in messages] == [d == "auto_reply" for d in by_file.values()]

    assert len(cases) == sum(expected[f]["decision"] == "case" for f in FILES)
    assert {(c.channel, c.mode) for c in cases} == {("email", "email")}
    assert {m.case_id for m in messages if m.decision == "case"} == {c.id for c in cases}
    assert all("\\Seen" in f and KEYWORD in f for f in flags(dovecot).values())

    # A second pass: nothing new, nothing sent, nothing filed.
    assert command.poll_command(once=True) == 0
    assert len(smtp.messages) == len(answered)
    assert [len(x) for x in stored(environment["CIVETTE_DATABASE_URL"])] == [len(FILES), len(cases)]

    # Flags lost (another client cleared them): the database is the truth; they are set again.
    clear_flags(dovecot)
    assert command.poll_command(once=True) == 0
    assert len(smtp.messages) == len(answered)
    assert [len(x) for x in stored(environment["CIVETTE_DATABASE_URL"])] == [len(FILES), len(cases)]
    assert all(KEYWORD in f for f in flags(dovecot).values())


def civette_poll(environment: Dict[str, str], log: Path) -> subprocess.Popen:
    """`civette mail poll` as `make run` starts it."""
    env = {**os.environ, **environment}
    env.pop("RASA_URL", None)
    return subprocess.Popen([sys.executable, "-m", "civette.cli", "mail", "poll"], cwd=PROJECT_ROOT, env=env,
                            stdout=log.open("wb"), stderr=subprocess.STDOUT)


def wait(condition, timeout_s: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}:\n{log.read_text(errors='replace')}"
        time.sleep(0.1)


def test_a_poller_killed_in_the_middle_of_a_pass_then_restarted_sends_nothing_twice(
        dovecot, smtp, environment, tmp_path):
    expected = labels()
    answered = [f for f in FILES if expected[f]["decision"] == "auto_reply"]
    append(dovecot, FILES)
    log = tmp_path / "poll.log"

    # The SMTP server hangs on the third reply; the poller is killed (SIGKILL) while it waits.
    release = threading.Event()
    smtp.hold, smtp.hold_after = release, 2
    first = civette_poll(environment, log)
    try:
        wait(smtp.holding.is_set, 120, "the third reply", log)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        release.set()
        if first.poll() is None:
            first.kill()
            first.wait()
    messages, _ = stored(environment["CIVETTE_DATABASE_URL"])
    assert 3 <= len(messages) < len(FILES) and messages[-1].status == "pending"
    interrupted = messages[-1].message_id
    assert len(smtp.messages) == 2

    # Restarted: it finishes the mailbox, then stops cleanly on SIGTERM.
    second = civette_poll(environment, log)
    try:
        wait(lambda: all(KEYWORD in f for f in flags(dovecot).values()), 120, "every mail flagged", log)
        second.send_signal(signal.SIGTERM)
        assert second.wait(30) == 0
    finally:
        if second.poll() is None:
            second.kill()
            second.wait()
    assert "stopped polling" in log.read_text(errors="replace")

    messages, cases = stored(environment["CIVETTE_DATABASE_URL"])
    assert len(messages) == len(FILES) and {m.status for m in messages} == {"done"}
    sent = replied_to(smtp)
    assert len(sent) == len(set(sent)), "a mail was answered twice"
    check_replies(smtp)
    # The mail whose reply was cut off in the middle may have been answered: an advisor sees it.
    resumed = next(m for m in messages if m.message_id == interrupted)
    assert resumed.decision == "case" and resumed.case_id in {c.id for c in cases}
    assert interrupted not in sent
    assert len(sent) == len(answered) - 1, [(m.source, m.decision, m.reason) for m in messages]


def test_a_mail_whose_triage_fails_is_left_unflagged_and_the_pass_goes_on(
        dovecot, smtp, environment, classifier, monkeypatch):
    monkeypatch.setattr(command, "make_classifier", lambda *_: classifier)
    files = ["002_cigares-en-ligne.eml", "003_amex-accepte.eml", "004_creer-compte.eml"]
    append(dovecot, files)
    process = command.Triage.process
    failing = {"imap:INBOX/2"}

    def flaky(self, source, raw):
        if source in failing:
            raise RuntimeError("database down")
        return process(self, source, raw)

    monkeypatch.setattr(command.Triage, "process", flaky)
    assert command.poll_command(once=True) == 0
    assert {uid: KEYWORD in f for uid, f in flags(dovecot).items()} == {1: True, 2: False, 3: True}
    assert len(smtp.messages) == 2

    failing.clear()  # the next pass takes it up
    assert command.poll_command(once=True) == 0
    assert all(KEYWORD in f for f in flags(dovecot).values())
    assert len(smtp.messages) == 3 and len(set(replied_to(smtp))) == 3
