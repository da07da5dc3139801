"""Reading an archived appeal's text into a proposed case (issue 15): `appeal_read`."""

from importer.reading.appeal import appeal_read
from importer.reading.proposal import Proposal

__all__ = ["Proposal", "appeal_read"]
