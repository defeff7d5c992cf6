"""The production server's settings: `gunicorn -c gunicorn.conf.py` (README, "Production").

No log it writes names a client: the access log is off and its logger never
writes one, and the error log passes through a filter that removes addresses
(holdspace/web/server_logs.py). A test starts gunicorn with this file.
"""
wsgi_app = "holdspace.wsgi"
bind = "127.0.0.1:8000"  # behind the TLS-terminating proxy on the same host
accesslog = None
errorlog = "-"
logger_class = "holdspace.web.server_logs.AddresslessLogger"
