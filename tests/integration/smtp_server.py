#!/usr/bin/env python3
"""smtp_server.py — a real SMTP server on loopback for the reminder tests (Debian's aiosmtpd).

STARTTLS is required (with the certificate and key given), AUTH is offered after it and checks
the user and password given, and every message that arrives is appended as one JSON line to the
output file: {"from", "to": [...], "login", "data"} (data: the message as received, UTF-8).
Prints "PORT <n>" once it listens; runs until killed.

    smtp_server.py PORT CERT KEY OUT USER PASSWORD
"""
import asyncio
import json
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, cert, key, out, user, password = sys.argv[1:7]


class Handler:
    async def handle_DATA(self, server, session, envelope):
        login = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None
        with open(out, 'a', encoding='utf-8') as f:
            f.write(json.dumps({'from': envelope.mail_from, 'to': envelope.rcpt_tos, 'login': login,
                                'data': envelope.content.decode('utf-8')}, ensure_ascii=False) + '\n')
        return '250 OK'


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user \
        and auth_data.password.decode() == password
    return AuthResult(success=ok, auth_data=auth_data)


ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
ctx.load_cert_chain(cert, key)
controller = Controller(Handler(), hostname='127.0.0.1', port=int(port), tls_context=ctx, require_starttls=True,
                        authenticator=authenticator, auth_require_tls=True, auth_required=bool(user))
controller.start()
print('PORT', port, flush=True)
try:
    while True:
        time.sleep(3600)
except KeyboardInterrupt:
    pass
finally:
    controller.stop()
