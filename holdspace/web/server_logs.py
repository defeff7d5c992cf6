"""Gunicorn's logger for Holdspace (see gunicorn.conf.py): no access log, and no address in the error log.

Gunicorn writes the client's address into its access log (`%(h)s`) and into its
error log ("Invalid request from ip=…"); neither may be kept.
"""
from gunicorn.glogging import Logger

from holdspace.web.logs import AddressFilter, SecretPathFilter


class AddresslessLogger(Logger):
    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log_filter in (SecretPathFilter(), AddressFilter()):
            self.error_log.addFilter(log_filter)

    def access(self, resp, req, environ, request_time) -> None:
        """Never written, even when an access log file is given: each line would name a client."""
