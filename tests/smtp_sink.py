#!/usr/bin/env python3
"""smtp_sink.py: an SMTP server for the API tests that accepts every message.

    tests/smtp_sink.py DIR PORTFILE

Listens on 127.0.0.1 on a free port, writes the port to PORTFILE once it
listens, and stores each message it accepts as DIR/NNNNNN-PID.eml: the
envelope first ("MAIL FROM:<a>" and one "RCPT TO:<b>" line per recipient),
an empty line, then the message as received (dot-stuffing undone).  A file
appears complete (written aside, then renamed) only after the server has
answered 250 to the message.

A message to a recipient whose address starts with "slow." waits 0.15 s
before the server answers DATA with 354, so that a test can kill a sender in
the middle of an SMTP exchange: while it waits, the file DIR/stall-N exists.
A sender killed then has not sent its message, and nothing is stored.
Python 3 standard library only.
"""
import itertools
import os
import socketserver
import sys
import threading
import time

counter = itertools.count(1)
lock = threading.Lock()


class Session(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(line.encode("ascii") + b"\r\n")
        self.wfile.flush()

    def handle(self):
        sender, rcpts = None, []
        self.reply("220 rise-test-sink ESMTP")
        for raw in self.rfile:
            line = raw.decode("latin-1").rstrip("\r\n")
            verb = line[:4].upper()
            if verb == "EHLO":
                self.reply("250-rise-test-sink")
                self.reply("250-8BITMIME")
                self.reply("250 SIZE 10485760")
            elif verb == "HELO":
                self.reply("250 rise-test-sink")
            elif line.upper().startswith("MAIL FROM:"):
                sender, rcpts = line[10:].strip(), []
                self.reply("250 OK")
            elif line.upper().startswith("RCPT TO:"):
                rcpts.append(line[8:].strip())
                self.reply("250 OK")
            elif verb == "DATA":
                if sender is None or not rcpts:
                    self.reply("503 need MAIL and RCPT first")
                    continue
                if any(r.lower().startswith("<slow.") for r in rcpts):
                    self.stall()
                self.reply("354 end with <CRLF>.<CRLF>")
                body = []
                for data in self.rfile:
                    if data in (b".\r\n", b".\n"):
                        break
                    body.append(data[1:] if data.startswith(b".") else data)
                else:
                    return  # the client went away mid-message: nothing stored
                self.store(sender, rcpts, b"".join(body))
                self.reply("250 OK queued")
                sender, rcpts = None, []
            elif verb == "RSET":
                sender, rcpts = None, []
                self.reply("250 OK")
            elif verb == "NOOP":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")

    def stall(self):
        with lock:
            n = next(counter)
        marker = os.path.join(self.server.dir, "stall-%06d" % n)
        open(marker, "w").close()
        try:
            time.sleep(0.15)
        finally:
            os.unlink(marker)

    def store(self, sender, rcpts, message):
        with lock:
            n = next(counter)
        name = os.path.join(self.server.dir, "%06d-%d.eml" % (n, os.getpid()))
        head = "MAIL FROM:%s\r\n" % sender
        head += "".join("RCPT TO:%s\r\n" % r for r in rcpts) + "\r\n"
        with open(name + ".tmp", "wb") as f:
            f.write(head.encode("latin-1") + message)
        os.rename(name + ".tmp", name)


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: smtp_sink.py DIR PORTFILE")
    os.makedirs(sys.argv[1], exist_ok=True)
    server = Server(("127.0.0.1", 0), Session)
    server.dir = sys.argv[1]
    with open(sys.argv[2] + ".tmp", "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(sys.argv[2] + ".tmp", sys.argv[2])
    server.serve_forever()


if __name__ == "__main__":
    main()
