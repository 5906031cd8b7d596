"""Logging filters for the console handler (LOGGING in settings.py)."""

import logging


class ClientErrorsOnOneLine(logging.Filter):
    """Drop the traceback from log records of refused requests (status 4xx).

    A refused request (403, 404, 405, a bad CSRF token, a disallowed host) is the
    client's mistake or an attack, not a fault in the code: one line says enough,
    and a traceback per request would bury real errors. 5xx records keep theirs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.exc_info and status is not None and 400 <= status < 500:
            message, error = record.getMessage(), record.exc_info[1]
            # Keep the reason (e.g. which permission was missing) on the same line.
            if error is not None and str(error) and str(error) not in message:
                message = f"{message} ({error})"
            record.msg, record.args = " ".join(message.split()), ()
            record.exc_info = None
            record.exc_text = None
        return True
