"""A real SMTP server for the tests (aiosmtpd on loopback), run as its own process:

    python tests/smtp_server.py PORT MAILDIR [--fail-file F] [--tls CERT KEY] [--login USER:PASS]

It stores every message it accepts in the Maildir MAILDIR. While the file F holds a number above
zero, it refuses each message with a temporary error (451) and counts that number down, so a test
can make it fail twice and then succeed. With --tls it offers STARTTLS and, with --login, it
requires STARTTLS and then that login before it accepts mail.

`SmtpServer` starts one for a test and reads what it received.
"""
import argparse
import mailbox
import socket
import subprocess
import sys
import time
from email import message_from_bytes, policy
from pathlib import Path

from support import free_port, wait_until


class SmtpServer:
    """This file run as a server for a test, on a free port, with its Maildir under tmp_path."""

    def __init__(self, tmp_path, *options):
        self.port = free_port()
        self.maildir = tmp_path / "received"
        self.fail_file = tmp_path / "fail-next"
        self.fail_file.write_text("0")
        self.log = open(tmp_path / "smtp.log", "wb")
        self.process = subprocess.Popen(
            [sys.executable, __file__, str(self.port), str(self.maildir),
             "--fail-file", str(self.fail_file), *options],
            stdout=self.log, stderr=subprocess.STDOUT)
        wait_until("the SMTP server to listen", self._listening)

    def _listening(self):
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
            return True
        except OSError:
            return False

    def fail_next(self, times):
        self.fail_file.write_text(str(times))

    def messages(self):
        if not (self.maildir / "new").exists():
            return []
        return [message_from_bytes(m.as_bytes(), policy=policy.default)
                for m in mailbox.Maildir(self.maildir, create=False)]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


class Handler:
    def __init__(self, maildir, fail_file):
        self.mailbox = mailbox.Maildir(maildir, create=True)
        self.fail_file = Path(fail_file) if fail_file else None

    def _should_fail(self):
        if self.fail_file is None or not self.fail_file.exists():
            return False
        left = int(self.fail_file.read_text().strip() or 0)
        if left <= 0:
            return False
        self.fail_file.write_text(str(left - 1))
        return True

    async def handle_DATA(self, server, session, envelope):
        if self._should_fail():
            return "451 4.3.0 Temporary failure, try again later"
        self.mailbox.add(envelope.original_content)
        return "250 OK"


def main():
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("maildir")
    parser.add_argument("--fail-file")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--login")
    args = parser.parse_args()
    options = {}
    if args.tls:
        import ssl
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*args.tls)
        options.update(tls_context=context, require_starttls=bool(args.login))
    if args.login:
        user, _, password = args.login.partition(":")

        def authenticator(server, session, envelope, mechanism, auth_data):  # noqa: ARG001
            ok = auth_data.login.decode() == user and auth_data.password.decode() == password
            return AuthResult(success=ok)
        options.update(authenticator=authenticator, auth_required=True,
                       auth_require_tls=bool(args.tls))
    controller = Controller(Handler(args.maildir, args.fail_file), hostname="127.0.0.1",
                            port=args.port, **options)
    controller.start()
    print("listening", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
