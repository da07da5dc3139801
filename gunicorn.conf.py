"""gunicorn's settings beside the command line's (GUNICORN_CMD_ARGS in the Dockerfile): it reads
this file from the directory it starts in."""

# The access log names the client by the site's notion of its address, not the proxy's.
logger_class = "appeals_site.gunicorn_logging.ClientAddressLogger"
