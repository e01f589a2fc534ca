"""The preview answers only at its own address (issue 12, item 7): a web page that points its own
domain name at 127.0.0.1 (DNS rebinding) must not read it, drafts and translation table included."""
from __future__ import annotations

import http.client

import pytest
from conftest import PreviewServer

from sitegen import pipeline
from sitegen.preview.serve import Preview
from sitegen.preview.server import OwnHost, application


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import shutil

    from conftest import FIXTURE

    root = tmp_path_factory.mktemp("host") / "site"
    shutil.copytree(FIXTURE, root)
    running = PreviewServer(root, drafts=True)
    yield running
    running.stop()


def request(port: int, path: str, host: str, upgrade: bool = False) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host)
        if upgrade:  # a WebSocket handshake, as livereload.js opens it
            for name, value in (("Upgrade", "websocket"), ("Connection", "Upgrade"),
                                ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="), ("Sec-WebSocket-Version", "13")):
                connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, b"" if response.status == 101 else response.read()
    finally:
        connection.close()


PATHS = ["/", "/fr/", "/fr/brouillon/", "/_translations/", "/_translations", "/livereload.js", "/css/nothing"]


@pytest.mark.parametrize("host", ["evil.example:{port}", "evil.example", "127.0.0.1.evil.example:{port}",
                                  "localhost.evil.example:{port}", "EVIL.example:{port}"])
def test_a_request_for_another_host_is_refused(server, host):
    host = host.format(port=server.port)
    for path in PATHS:
        status, body = request(server.port, path, host)
        assert status == 403, (path, status)
        assert body.startswith(b"This preview answers only at its own address"), (path, body)
    status, body = request(server.port, "/livereload", host, upgrade=True)
    assert status == 403, status


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}", "127.0.0.1", "localhost",
                                  "LocalHost:{port}", "192.168.1.20:{port}"])
def test_the_preview_answers_at_its_own_address(server, host):
    host = host.format(port=server.port)
    assert request(server.port, "/fr/", host)[0] == 200
    assert request(server.port, "/_translations/", host)[0] == 200
    assert request(server.port, "/livereload", host, upgrade=True)[0] == 101


class FakeRequest:
    def __init__(self, host_name: str):
        self.host_name = host_name


@pytest.mark.parametrize("url, host_name, answered", [
    ("http://mypc.local:8000/", "mypc.local", True),  # --host mypc.local
    ("http://mypc.local:8000/", "evil.example", False),
    ("http://127.0.0.1:8000/", "mypc.local", False),
    ("http://[::1]:8000/", "[::1]", True),
    ("http://127.0.0.1:8000/", "10.0.0.7", True),  # --host 0.0.0.0 seen from another device of the network
    (None, "localhost", True),
])
def test_which_names_are_the_previews_own(url, host_name, answered):
    assert (OwnHost(url).match(FakeRequest(host_name)) is not None) == answered


def test_every_handler_is_behind_the_host_check(site):
    """A handler added later must sit inside the OwnHost rule, not beside it."""
    app = application(Preview(site, pipeline.Options(base_url="http://127.0.0.1:8000/")), hub=None)
    rules = app.wildcard_router.rules
    assert isinstance(rules[0].matcher, OwnHost) and len(rules) == 2
