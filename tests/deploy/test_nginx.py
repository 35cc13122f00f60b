"""deploy/nginx/qms.conf, checked by Debian's nginx and then run for real.

The shipped file is copied with test values: a self-signed certificate, free
ports, a temporary /var/lib/qms and a small upstream on 127.0.0.1 that answers
with the headers nginx forwarded. Without nginx the tests are skipped locally
and fail in CI (.ci/run installs it).
"""

import http.client
import http.server
import json
import os
import re
import signal
import socket
import ssl
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings

from qms import uploads
from tests.deploy.helpers import DEPLOY, free_port, require_tool

CONF = DEPLOY / "nginx" / "qms.conf"
HOST = "qms.example.gov.vn"
SIZE = re.compile(r"^\s*client_max_body_size\s+(\d+)([km]?);", re.M)


def upload_limits() -> dict[str, int]:
    """Every upload limit: each kind of qms.uploads, Wagtail's documents and images."""
    return {
        "attachment": uploads.ATTACHMENT.max_bytes,
        "evidence": uploads.EVIDENCE.max_bytes,
        "image": uploads.IMAGE.max_bytes,
        "document": uploads.public_document_kind().max_bytes,
        "WAGTAILIMAGES_MAX_UPLOAD_SIZE": getattr(
            settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 0
        ),
    }


def test_body_limit_admits_the_largest_upload_with_its_form():
    [(number, unit)] = SIZE.findall(CONF.read_text())
    allowed = int(number) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit]
    limits = upload_limits()
    largest = max(limits.values())
    # room for the multipart envelope and the other fields of the form
    assert allowed >= largest + 1024 * 1024, limits


class Upstream(http.server.BaseHTTPRequestHandler):
    """Stands for gunicorn: answers with what nginx forwarded."""

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        body = json.dumps(
            {
                "path": self.path,
                "host": self.headers["Host"],
                "proto": self.headers.get("X-Forwarded-Proto"),
                "for": self.headers.get("X-Forwarded-For"),
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


def make_certificate(folder: Path) -> tuple[Path, Path]:
    openssl = require_tool("openssl", "makes the test certificate")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(  # noqa: S603 - a system tool
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + ["-subj", f"/CN={HOST}", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def site_config(folder: Path, upstream_port: int, http_port: int, https_port: int):
    """The shipped file with this machine's test values; the main nginx.conf."""
    cert, key = make_certificate(folder)
    state = folder / "var-lib-qms"
    text = CONF.read_text()
    for live in ("fullchain.pem", "privkey.pem"):
        assert f"/etc/letsencrypt/live/{HOST}/{live}" in text
    replacements = {
        f"/etc/letsencrypt/live/{HOST}/fullchain.pem": str(cert),
        f"/etc/letsencrypt/live/{HOST}/privkey.pem": str(key),
        "/etc/ssl/certs/ssl-cert-snakeoil.pem": str(cert),
        "/etc/ssl/private/ssl-cert-snakeoil.key": str(key),
        "/var/lib/qms": str(state),
        "/var/www/html": str(folder / "www"),
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{upstream_port};",
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    # this machine may have no IPv6; ports free for the test
    text = re.sub(r"^\s*listen \[::\].*\n", "", text, flags=re.M)
    text = re.sub(r"listen 80\b", f"listen 127.0.0.1:{http_port}", text)
    text = re.sub(r"listen 443\b", f"listen 127.0.0.1:{https_port}", text)
    text = text.replace(
        "return 301 https://$host$request_uri;",
        f"return 301 https://$host:{https_port}$request_uri;",
    )
    (folder / "qms.conf").write_text(text)
    temp = folder / "temp"
    temp.mkdir()
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = f"""{user}worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {folder}/qms.conf;
}}
"""
    (folder / "nginx.conf").write_text(main)
    return folder / "nginx.conf", state


def nginx_command(nginx: str, config: Path) -> list[str]:
    return [nginx, "-p", str(config.parent), "-e", str(config.parent / "error.log")]


def test_nginx_accepts_the_config(tmp_path):
    nginx = require_tool("nginx", "checks deploy/nginx/qms.conf")
    config, _ = site_config(tmp_path, free_port(), free_port(), free_port())
    result = subprocess.run(  # noqa: S603 - a system tool on our file
        [*nginx_command(nginx, config), "-t", "-c", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr
    assert "[warn]" not in result.stderr, result.stderr


def test_nginx_rejects_a_broken_config(tmp_path):
    """The check above can fail."""
    nginx = require_tool("nginx", "checks deploy/nginx/qms.conf")
    config, _ = site_config(tmp_path, free_port(), free_port(), free_port())
    site = tmp_path / "qms.conf"
    site.write_text(site.read_text().replace("client_max_body_size", "client_max_body"))
    result = subprocess.run(  # noqa: S603
        [*nginx_command(nginx, config), "-t", "-c", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert 'unknown directive "client_max_body"' in result.stderr


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    nginx = require_tool("nginx", "runs deploy/nginx/qms.conf")
    folder = tmp_path_factory.mktemp("nginx")
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    http_port, https_port = free_port(), free_port()
    config, state = site_config(
        folder, upstream.server_address[1], http_port, https_port
    )
    files = {
        "static/css/site.css": b"body{}",
        "static/css/site.0123456789ab.css": b"body{}",
        "media/images/photo.png": b"\x89PNG\r\n\x1a\n",
        "media/images/evil.svg": b"<svg onload='alert(1)'/>",
        "media/images/page.html": b"<script>alert(1)</script>",
        "media/images/LOUD.SVG": b"<svg onload='alert(1)'/>",
        "media/documents/private.pdf": b"%PDF-1.4 secret",
        "private_media/evidence/x.pdf": b"%PDF-1.4 secret",
        "media/.env": b"SECRET_KEY=x",
    }
    for name, content in files.items():
        (state / name).parent.mkdir(parents=True, exist_ok=True)
        (state / name).write_bytes(content)
    process = subprocess.Popen(  # noqa: S603 - a system tool on our file
        [*nginx_command(nginx, config), "-c", str(config), "-g", "daemon off;"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", https_port), 0.5).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"nginx did not start: {process.stdout.read()}")
            time.sleep(0.1)
    try:
        yield {"http": http_port, "https": https_port}
    finally:
        process.send_signal(signal.SIGQUIT)
        process.wait(timeout=20)
        upstream.shutdown()


def request(port, path, *, tls=True, method="GET", host=HOST, headers=None):
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # our own self-signed test certificate
        connection = http.client.HTTPSConnection(
            "127.0.0.1", port, timeout=10, context=context
        )
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, headers={"Host": host, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def test_plain_http_redirects_to_https_but_the_health_probe(proxy):
    status, headers, _ = request(proxy["http"], "/thu-tuc/?q=a", tls=False)
    assert status == 301
    assert headers["Location"] == f"https://{HOST}:{proxy['https']}/thu-tuc/?q=a"
    status, _, body = request(proxy["http"], "/health/", tls=False)
    assert status == 200
    assert json.loads(body)["proto"] == "http"


def test_the_app_gets_host_scheme_and_the_real_client(proxy):
    status, headers, body = request(
        proxy["https"], "/", headers={"X-Forwarded-For": "6.6.6.6"}
    )
    assert status == 200
    forwarded = json.loads(body)
    assert forwarded == {
        "path": "/",
        "host": HOST,
        "proto": "https",
        "for": "127.0.0.1",
    }
    assert "nginx/" not in headers["Server"]  # no version


def test_unknown_hosts_are_dropped(proxy):
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        request(proxy["https"], "/", host="evil.example.com")


def test_static_files_hashed_for_ever_others_briefly(proxy):
    status, headers, _ = request(proxy["https"], "/static/css/site.0123456789ab.css")
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    status, headers, _ = request(proxy["https"], "/static/css/site.css")
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=60"


def test_media_images_inline_but_sandboxed(proxy):
    status, headers, _ = request(proxy["https"], "/media/images/photo.png")
    assert status == 200
    assert headers["Content-Type"] == "image/png"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]
    assert "Content-Disposition" not in headers


@pytest.mark.parametrize("name", ["evil.svg", "page.html", "LOUD.SVG"])
def test_media_that_could_run_is_only_downloaded(proxy, name):
    status, headers, body = request(proxy["https"], f"/media/images/{name}")
    assert status == 200
    assert headers["Content-Type"] == "application/octet-stream"
    assert headers["Content-Disposition"] == "attachment"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.parametrize(
    "path",
    [
        "/media/documents/private.pdf",
        "/private_media/evidence/x.pdf",
        "/media/../private_media/evidence/x.pdf",
        "/media/.env",
    ],
)
def test_private_files_and_documents_never_from_disk(proxy, path):
    status, _, body = request(proxy["https"], path)
    assert status in {400, 404}
    assert b"secret" not in body


def test_a_body_larger_than_any_upload_is_refused_before_the_app(proxy):
    status, _, _ = request(
        proxy["https"],
        "/admin/documents/multiple/add/",
        method="POST",
        headers={"Content-Length": str(26 * 1024 * 1024)},
    )
    assert status == 413


def test_login_posts_are_rate_limited_but_not_the_login_page(proxy):
    statuses = [
        request(proxy["https"], "/admin/login/", method="POST")[0] for _ in range(12)
    ]
    assert statuses[:6] == [200] * 6  # the first one plus a burst of five
    assert 429 in statuses
    assert request(proxy["https"], "/admin/login/")[0] == 200


def test_catalogue_searches_are_rate_limited_browsing_is_not(proxy):
    statuses = [request(proxy["https"], "/thu-tuc/?q=khai+sinh")[0] for _ in range(30)]
    assert 429 in statuses
    browsing = [request(proxy["https"], "/thu-tuc/")[0] for _ in range(30)]
    assert browsing == [200] * 30
