"""The fictional case the browser tests walk through, made through the services as staff make
it: a Kyrgyz case, published, with an issued appeal in English and its Russian translation
(texts and actions), two authorities with fax and e-mail, a detained defender, a hearing ahead,
an event, and the embassy of Kyrgyzstan in France."""

import datetime as dt
from dataclasses import dataclass

from authorities.models import Authority, AuthorityContact, Embassy
from cases.dates import local_today
from cases.models import Case
from cases.references import case_public_path
from cases.services import appeal_issue, case_set_status
from tests.factories import (
    ActionFactory,
    AppealAuthorityFactory,
    AppealFactory,
    AppealTextFactory,
    AuthorityContactFactory,
    AuthorityFactory,
    CaseFactory,
    DefenderFactory,
    DetentionPeriodFactory,
    EmbassyFactory,
    EventFactory,
    HearingFactory,
    UserFactory,
)

TITLE_EN = "Kyrgyzstan: Arbitrary detention of the water-rights defender Aigerim Sydykova"
TITLE_RU = "Кыргызстан: произвольное задержание правозащитницы Айгерим Сыдыковой"
ACTIONS_EN = [
    "Immediately and unconditionally release Ms. Aigerim Sydykova;",
    "Guarantee her physical and psychological integrity;",
]
ACTIONS_RU = [
    "Немедленно и безоговорочно освободить г-жу Айгерим Сыдыкову;",
    "Гарантировать её физическую и психологическую неприкосновенность;",
]
CAMPAIGNER_NAME = "Zoë Campaigner-Example"
EMBASSY_NAME = "Embassy of the Kyrgyz Republic in France"


@dataclass
class PublishedAppeal:
    case: Case
    path: str
    title: str
    prosecutor: Authority
    minister: Authority
    embassy: Embassy


def published_appeal() -> PublishedAppeal:
    reviewer = UserFactory(username="browser-reviewer", is_staff=True, is_superuser=True)
    case = CaseFactory(
        title=TITLE_EN,
        summary="A defender of farmers' water rights was arrested after a public meeting.",
        background="Irrigation disputes in the Osh region have led to several arrests.",
    )
    # Days detained are counted on the case's own calendar (Asia/Bishkek, UTC+6): from 18:00
    # UTC it is already tomorrow there, so "today" must be the case's today, not the server's.
    today = local_today(case.time_zone)
    defender = DefenderFactory(
        full_name="Aigerim Sydykova",
        local_name="Айгерим Сыдыкова",
        role="director of the public foundation Taza Suu",
        situation="pre_trial_detention",
    )
    case.defenders.add(defender)
    DetentionPeriodFactory(
        case=case, defender=defender, start_date=today - dt.timedelta(days=40), term_months=3
    )
    HearingFactory(
        case=case,
        court="Leninsky District Court of Osh",
        local_date=today + dt.timedelta(days=20),
        local_time=dt.time(14, 0),
        time_zone="Asia/Bishkek",
    )
    EventFactory(case=case, date=today - dt.timedelta(days=41))

    appeal = AppealFactory(case=case)
    AppealTextFactory(appeal=appeal, language="en", is_original=True, title=TITLE_EN)
    AppealTextFactory(
        appeal=appeal,
        language="ru",
        is_original=False,
        title=TITLE_RU,
        description="Обсерватория получила информацию о задержании правозащитницы.",
    )
    for position, (en, ru) in enumerate(zip(ACTIONS_EN, ACTIONS_RU, strict=True), start=1):
        ActionFactory(appeal=appeal, language="en", position=position, text=en)
        ActionFactory(appeal=appeal, language="ru", position=position, text=ru)

    prosecutor = AuthorityFactory(
        person_name="Nurlan Exampleov",
        post="Prosecutor General of the Kyrgyz Republic",
        post_ru="Генеральный прокурор Кыргызской Республики",
        salutation="Dear Prosecutor General",
        salutation_ru="Уважаемый Генеральный прокурор",
        postal_address="Prosecutor General's Office\n139 Erkindik Blvd\nBishkek 720040",
    )
    minister = AuthorityFactory(
        person_name="Elmira Sampleova",
        post="Minister of Internal Affairs",
        post_ru="Министр внутренних дел",
        salutation="Dear Minister",
        salutation_ru="Уважаемая госпожа министр",
        postal_address="469 Frunze Street\nBishkek 720040",
    )
    for position, authority in enumerate((prosecutor, minister)):
        AuthorityContactFactory(authority=authority, kind=AuthorityContact.Kind.FAX)
        AuthorityContactFactory(
            authority=authority,
            kind=AuthorityContact.Kind.EMAIL,
            value=f"office{position}@gov.example.kg",
        )
        AppealAuthorityFactory(appeal=appeal, authority=authority, position=position)

    appeal_issue(appeal=appeal, acting_user=reviewer, issue_date=today - dt.timedelta(days=2))
    case.refresh_from_db()
    case = case_set_status(case=case, status=Case.Status.PUBLISHED, acting_user=reviewer)
    embassy = EmbassyFactory(
        country=case.country,
        host_country="FR",
        name=EMBASSY_NAME,
        city="Paris",
        address="62 rue Blanche\n75009 Paris",
        email="embassy@kyrgyz-paris.example.fr",
    )
    return PublishedAppeal(
        case=case,
        path=case_public_path(reference=case.reference),
        title=TITLE_EN,
        prosecutor=prosecutor,
        minister=minister,
        embassy=embassy,
    )
