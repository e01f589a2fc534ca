"""`build.py serve`: the live preview. It runs the same pipeline as `build` again after every change
to the sources and serves the result from memory. Nothing is written to _site/, so a preview never
clobbers a deploy. Open pages reload as soon as a rebuild changes what they show.

This module holds the command and needs no web server. The preview's state lives in state.py; the
server and the file watcher live in server.py and watch.py, which this command imports only when
it runs, so `build` starts without loading tornado or watchfiles.
"""
from __future__ import annotations

import argparse
import errno
import threading
from pathlib import Path

from sitegen import messages, pipeline
from sitegen.preview.state import PORT_TRIES, SETTINGS, Preview, describe
from sitegen.report import Reporter


def url_host(host: str) -> str:
    """The host to put in the preview's address: 0.0.0.0 listens everywhere but is not an address."""
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def cmd_serve(args, reporter: Reporter) -> int:
    from sitegen.preview import (
        server,  # tornado and watchfiles load only for this command
    )

    root = Path(args.root).resolve()
    try:
        sockets = server.listen(args.host, args.port)
    except OSError as exc:
        reporter.say(listen_failure(exc, args.host, args.port))
        return 2
    port = sockets[0].getsockname()[1]
    if args.port and port != args.port:
        reporter.say(messages.text("serve.busy", port=args.port, other=port))
    url = f"http://{url_host(args.host)}:{port}/"
    reporter.excerpts_from = root  # problems come with the lines around them, as in the browser
    preview = Preview(root, pipeline.Options(base_url=url, drafts=args.drafts))
    outcome = preview.rebuild()
    reporter.diagnostics(outcome.diagnostics)
    reporter.say(describe(outcome, root))
    reporter.say(messages.text("serve.started", url=url, settings=SETTINGS))
    if args.open:  # in the background: a console browser (lynx) would hold the server back
        threading.Thread(target=open_browser, args=(url, reporter), daemon=True).start()
    try:
        server.run(preview, sockets, reporter)
    except KeyboardInterrupt:
        pass
    reporter.say(messages.text("serve.stopped"))
    return 0


def listen_failure(exc: OSError, host: str, port: int) -> str:
    """What to say when the preview cannot listen (see server.listen)."""
    if exc.errno == errno.EADDRINUSE:
        last = min(port + PORT_TRIES - 1, 65535)
        return messages.text("serve.in_use", host=host, port=port, last=last, next=last + 1)
    return messages.text("serve.listen", host=host, port=port, error=exc.strerror or exc)


def open_browser(url: str, reporter: Reporter) -> None:
    """Opens the preview in the default web browser; without one, says so and the preview goes on."""
    import webbrowser  # only for --open: it loads subprocess and more, 12 ms of every start

    try:
        opened = webbrowser.open(url)
    except (webbrowser.Error, OSError):
        opened = False
    if not opened:
        reporter.say(messages.text("serve.no_browser", url=url))


def register(commands) -> None:
    serve = commands.add_parser("serve", help=messages.text("serve.help"), description=messages.text("serve.help_long"))
    serve.add_argument("--port", type=_port, default=8000, help=messages.text("serve.help_port", tries=PORT_TRIES - 1))
    serve.add_argument("--host", default="127.0.0.1", help=messages.text("serve.help_host"))
    serve.add_argument("--open", action="store_true", help=messages.text("serve.help_open"))
    serve.add_argument("--drafts", action=argparse.BooleanOptionalAction, default=True,
                       help=messages.text("serve.help_drafts"))
    serve.set_defaults(func=cmd_serve)


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(messages.text("serve.port", port=text))
    return value
