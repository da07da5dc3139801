"""gunicorn's access log, with the client's address where it writes the connection's (%(h)s).

Behind a proxy, the connection's address is the proxy's on every line; this logger writes the
address the rest of the site uses (appeals_site.client_address), read from the WSGI environ as
Django reads request.META. gunicorn.conf.py names it.
"""

from gunicorn.glogging import Logger

from appeals_site.client_address import client_address_from_meta


class ClientAddressLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["h"] = client_address_from_meta(environ) or atoms["h"]
        return atoms
