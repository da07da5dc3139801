"""The review screen's services (issue 15): the choices it offers for each match the importer
found, and the confirmation of a reviewed document (importer.review), recorded through
importer.confirmation in one transaction with the document marked as recorded."""

import typing
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Appeal
from cases.selectors import cases_visible_to, defenders_visible_to
from importer.confirmation import proposal_confirm
from importer.models import ImportedDocument
from importer.reading.stored import proposal_from_json
from importer.review import Decision, proposal_reviewed
from importer.selectors import proposal_matches

NEW = "new"


@dataclass
class Chosen:
    """What staff chose for each match: a case (None: a new one), and per proposed defender
    and addressee (their index as read) a known defender or authority (None: a new one)."""

    case: Any = None
    defenders: dict[int, Any] = field(default_factory=dict)
    authorities: dict[int, Any] = field(default_factory=dict)


@dataclass
class MatchChoices:
    """The review form's match questions: field name -> (label, [(value, label)]), "new"
    first; the evidence of each candidate, by field name and value; the candidates."""

    choices: dict[str, tuple[str, list[tuple[str, str]]]] = field(default_factory=dict)
    evidence: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    candidates: dict[str, dict[str, Any]] = field(default_factory=dict)

    def chosen(self, cleaned_data: dict) -> Chosen:
        """Return the candidates chosen in a valid review form."""
        chosen = Chosen()
        for name, options in self.candidates.items():
            picked = options.get(cleaned_data.get(name, NEW))
            if name == "case":
                chosen.case = picked
            else:
                kind, _dash, index = name.partition("-")
                target = chosen.defenders if kind == "defender" else chosen.authorities
                target[int(index)] = picked
        return chosen

    def add(self, name: str, label: str, new_label: str, candidates: list) -> None:
        if not candidates:
            return
        self.choices[name] = (label, [(NEW, new_label)])
        self.evidence[name] = {}
        self.candidates[name] = {}
        for candidate in candidates:
            value = str(candidate.object.pk)
            self.choices[name][1].append((value, str(candidate.object)))
            self.evidence[name][value] = [candidate.evidence] if candidate.evidence else []
            self.candidates[name][value] = candidate.object


def proposal_match_choices(*, proposal, user) -> MatchChoices:
    """Return the match questions for `proposal`: the cases it may belong to (those `user`
    may see), and the known defenders and authorities its people may be."""
    choices = MatchChoices()
    matches = proposal_matches(proposal=proposal)
    visible = set(cases_visible_to(user).values_list("pk", flat=True))
    choices.add(
        "case",
        _("Case"),
        _("A new case"),
        [_Candidate(c.case, c.evidence) for c in matches.case if c.case.pk in visible],
    )
    visible_defenders = set(defenders_visible_to(user).values_list("pk", flat=True))
    for index, candidates in sorted(matches.defenders.items()):
        choices.add(
            f"defender-{index}",
            _("Defender %(name)s") % {"name": proposal.defenders[index].name},
            _("A new defender"),
            [
                _Candidate(c.defender, c.evidence)
                for c in candidates
                if c.defender.pk in visible_defenders
            ],
        )
    for index, authorities in sorted(matches.authorities.items()):
        addressee = proposal.addressees[index]
        choices.add(
            f"authority-{index}",
            _("Addressee %(name)s") % {"name": addressee.name or addressee.post or index + 1},
            _("A new authority"),
            [_Candidate(a.authority, a.evidence) for a in authorities],
        )
    return choices


@dataclass
class _Candidate:
    object: Any
    evidence: str


def document_confirm(
    *,
    document: ImportedDocument,
    decisions: dict[str, Decision],
    chosen: Chosen,
    acting_user,
    history_note: str = "",
) -> Appeal:
    """Record the document's proposal as staff reviewed it (`decisions`, `chosen`) and mark
    the document recorded, in one transaction; return the appeal. Raise ValidationError keyed
    by the review's field keys (as read), nothing saved, for a correction refused or a fact
    the case services refuse."""
    with transaction.atomic():
        document = ImportedDocument.objects.select_for_update().get(pk=document.pk)
        if document.status != ImportedDocument.Status.READ:
            raise ValidationError(_("This document is not awaiting review."))
        # Read documents have their proposal (importer.services.document_read).
        stored = typing.cast(dict, document.proposal)
        reviewed = proposal_reviewed(proposal_from_json(stored), decisions)
        note = _("Imported from %(name)s (%(sha)s)") % {
            "name": document.name,
            "sha": document.sha256[:12],
        }
        if history_note.strip():
            note = f"{note}: {history_note.strip()}"
        origins = {kind: reviewed.origins[kind] for kind in ("defenders", "addressees")}
        try:
            appeal = proposal_confirm(
                proposal=reviewed.proposal,
                case=chosen.case,
                defender_matches={
                    new: chosen.defenders.get(old) for new, old in enumerate(origins["defenders"])
                },
                authority_matches={
                    new: chosen.authorities.get(old)
                    for new, old in enumerate(origins["addressees"])
                },
                acting_user=acting_user,
                history_note=note,
            )
        except ValidationError as refused:
            if not hasattr(refused, "error_dict"):
                raise
            raise ValidationError(
                {reviewed.key_as_read(key): errors for key, errors in refused.error_dict.items()}
            ) from refused
        document.status = ImportedDocument.Status.CONFIRMED
        document.case = appeal.case
        document.appeal = appeal
        document.confirmed_by = acting_user
        document.confirmed_at = timezone.now()
        document.save(
            update_fields=[
                "status",
                "case",
                "appeal",
                "confirmed_by",
                "confirmed_at",
                "updated_at",
            ]
        )
    return appeal
