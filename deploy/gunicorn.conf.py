"""gunicorn settings for Một Cửa QMS: ``gunicorn -c deploy/gunicorn.conf.py``.

Started by deploy/systemd/qms-web.service (and compose.yaml) behind nginx on
the same host. Every value can be changed from the environment file
(deploy/qms.env.example) without editing this file; docs/deploy.md explains
how to size workers. tests/deploy/test_gunicorn_stack.py starts it for real.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name}={value!r} is not an integer.") from None


wsgi_app = "config.wsgi:application"  # production settings by default
# nginx on the same host; a unix socket or 0.0.0.0:8000 (compose) also work.
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
# Two sync workers per core plus one: a slow PDF holds one worker, not the site.
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 1)
# A request still running after this (a large PDF pack) is killed and logged.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then, so a slow leak never becomes an outage.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Only the proxy on these addresses may say the request came over HTTPS
# (X-Forwarded-Proto); Django reads the same header (SECURE_PROXY_SSL_HEADER),
# so gunicorn must never be reachable except through nginx.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Logs to stdout/stderr: systemd keeps them in the journal.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# client address (from nginx's X-Forwarded-For), request, status, size, time (µs)
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(B)s %(D)s "%(a)s"'
# Worker heartbeats in memory, not on a disk systemd has made read-only.
worker_tmp_dir = "/dev/shm"  # noqa: S108 - tmpfs, the place gunicorn's docs advise
# gunicorn 25+ opens a control socket in $HOME by default; qms has no writable
# home under ProtectSystem=strict. Set GUNICORN_CONTROL_SOCKET to enable it.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
proc_name = "qms-web"
