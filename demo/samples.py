"""The cases of the three fictional sample appeals (../shared/samples/) as structured records:
the Kyrgyz case (its Urgent Appeal of April 14, 2025 and the follow-up of May 30, 2025), and
the Colombian case (its Urgent Appeal of September 9, 2025). Texts are the samples' own."""

import datetime as dt

from demo.records import (
    ActionData,
    AppealData,
    AppealTextData,
    CaseData,
    ChargeData,
    DefenderData,
    DetentionData,
    EventData,
    ExtensionData,
    HearingData,
    Numbering,
)

D = dt.date
BISHKEK = "Asia/Bishkek"

# --- Kyrgyzstan -----------------------------------------------------------------------------

DZHAKSYBEKOVA = "kgz-dzhaksybekova"
OMURZAKOV = "kgz-omurzakov"
KGZ_DEFENDERS = (DZHAKSYBEKOVA, OMURZAKOV)

LENINSKY_COURT = "Leninsky District Court of Osh"
OSH_CITY_COURT = "Osh City Court"
SIZO_OSH = "Pre-trial detention centre No. 5, Osh"
CODE_OF_OFFENCES = "Code of Offences"
CRIMINAL_CODE = "Criminal Code"

KGZ_DESCRIPTION = """\
The Observatory has been informed by reliable sources about the arbitrary detention and \
judicial harassment of Ms. Aigerim Dzhaksybekova [1], director of the public foundation "Taza \
Suu", which defends communities affected by mining pollution, and Mr. Tilek Omurzakov, a lawyer \
from Osh who represents families of miners. Both defenders documented the contamination of the \
Kara-Darya river and supported the peaceful gatherings held in Osh in March 2025 [2].

According to the information received, a hearing on the extension of their pre-trial detention \
will take place before the Leninsky District Court of Osh at 2.00 pm on April 22, 2025. They are \
charged with "dissemination of false information" (Article 341 of the Criminal Code) and "calls \
for mass unrest" (Article 212.2 of the Criminal Code), and face up to eight years' imprisonment.

On March 18, 2025, Ms. Dzhaksybekova and Mr. Omurzakov were arrested in Osh after publishing a \
report on the river's contamination. On the same day, the Osh City Court sentenced them to 10 \
days of administrative detention for "violating the procedure for holding peaceful assemblies" \
(Article 65 of the Code of Offences).

On March 21, 2025, officers of the State Committee for National Security searched the office \
of "Taza Suu" and the home of Mr. Omurzakov, and seized two laptops, four telephones and the \
foundation's archive.

On March 27, 2025, one day before the end of their administrative detention, the investigator \
charged them under Articles 341 and 212.2 of the Criminal Code. On March 28, 2025, the \
investigating judge of the Leninsky District Court of Osh remanded them in pre-trial detention \
for two months. Ms. Dzhaksybekova's request for house arrest on medical grounds was rejected.

The Observatory condemns the arbitrary detention and judicial harassment of Ms. Aigerim \
Dzhaksybekova and Mr. Tilek Omurzakov, which seem to be aimed at punishing them for their \
legitimate human rights activities, and calls on the authorities of Kyrgyzstan to release them \
immediately and unconditionally."""

KGZ_BACKGROUND = """\
In February 2025, residents of three villages near Osh reported illnesses they attributed to \
waste from an open-pit mine. Peaceful gatherings in Osh on March 8 and 15, 2025 were dispersed, \
and more than 40 participants were detained for up to 10 days."""

KGZ_NOTES = """\
[1] See the Observatory's Statement of November 2, 2024.
[2] See the Observatory's Press Release of March 20, 2025."""

KGZ_DESCRIPTION_RU = """\
Обсерватория получила из надёжных источников информацию о произвольном задержании и судебном \
преследовании г-жи Айгерим Джаксыбековой [1], директора общественного фонда «Таза Суу», \
защищающего общины, пострадавшие от загрязнения в результате добычи полезных ископаемых, и \
г-на Тилека Омурзакова, адвоката из Оша, представляющего семьи горняков. Оба правозащитника \
документировали загрязнение реки Кара-Дарья и поддерживали мирные собрания, прошедшие в Оше в \
марте 2025 года [2].

Согласно полученной информации, 22 апреля 2025 года в 14:00 в Ленинском районном суде города \
Ош состоится заседание о продлении срока их содержания под стражей. Им предъявлены обвинения в \
«распространении ложной информации» (статья 341 Уголовного кодекса) и «призывах к массовым \
беспорядкам» (статья 212.2 Уголовного кодекса); им грозит до восьми лет лишения свободы.

18 марта 2025 года г-жа Джаксыбекова и г-н Омурзаков были задержаны в Оше после публикации \
доклада о загрязнении реки. В тот же день Ошский городской суд назначил им по 10 суток \
административного ареста за «нарушение порядка проведения мирных собраний» (статья 65 Кодекса о \
правонарушениях).

21 марта 2025 года сотрудники Государственного комитета национальной безопасности провели \
обыски в офисе фонда «Таза Суу» и в доме г-на Омурзакова и изъяли два ноутбука, четыре \
телефона и архив фонда.

27 марта 2025 года, за день до окончания срока административного ареста, следователь предъявил \
им обвинения по статьям 341 и 212.2 Уголовного кодекса. 28 марта 2025 года следственный судья \
Ленинского районного суда города Ош избрал им меру пресечения в виде заключения под стражу \
сроком на два месяца. Ходатайство г-жи Джаксыбековой о домашнем аресте по состоянию здоровья \
было отклонено.

Обсерватория осуждает произвольное задержание и судебное преследование г-жи Айгерим \
Джаксыбековой и г-на Тилека Омурзакова, которые, по всей видимости, направлены на то, чтобы \
наказать их за законную правозащитную деятельность, и призывает власти Кыргызстана немедленно и \
безоговорочно освободить их."""

KGZ_BACKGROUND_RU = """\
В феврале 2025 года жители трёх сёл вблизи Оша сообщили о заболеваниях, которые они связывают с \
отходами карьера открытой добычи. Мирные собрания в Оше 8 и 15 марта 2025 года были разогнаны, \
более 40 участников были задержаны на срок до 10 суток."""

KGZ_NOTES_RU = """\
[1] См. заявление Обсерватории от 2 ноября 2024 года.
[2] См. пресс-релиз Обсерватории от 20 марта 2025 года."""

KGZ_FOLLOWUP = """\
The Observatory has been informed by reliable sources about the release of Mr. Tilek Omurzakov \
and the ongoing arbitrary detention of Ms. Aigerim Dzhaksybekova, director of the public \
foundation "Taza Suu".

According to the information received, on April 22, 2025, the Leninsky District Court of Osh \
extended the pre-trial detention of both defenders by two months. On May 26, 2025, the \
investigator dropped the charge under Article 212.2 of the Criminal Code against Mr. Omurzakov \
and released him under a written undertaking not to leave Osh. He remains charged under \
Article 341.

On May 28, 2025, the charge against Ms. Dzhaksybekova under Article 212.2 was replaced by a \
charge of "organisation of an unlawful gathering" (Article 199 of the Criminal Code), which \
carries up to five years' imprisonment. Her trial is scheduled to open before the Osh City Court \
at 10.00 am on June 16, 2025.

The Observatory welcomes the release of Mr. Omurzakov but recalls that he remains charged, and \
urges the authorities to release Ms. Dzhaksybekova and to drop all charges against both \
defenders."""

UN_DECLARATION = ActionData(
    "Comply with all the provisions of the United Nations Declaration on Human Rights Defenders.",
    clause="UN Declaration",
)
UN_DECLARATION_RU = ActionData(
    "Соблюдать все положения Декларации ООН о правозащитниках.", clause="UN Declaration"
)


def _kgz_charges(defender: str, *, dropped_on: dt.date | None) -> tuple[ChargeData, ...]:
    """Return one defender's charges: the administrative conviction, Article 341, and 212.2
    (dropped for Mr. Omurzakov, replaced by Article 199 for Ms. Dzhaksybekova)."""
    article_212_2 = {
        "defender": defender,
        "instrument": CRIMINAL_CODE,
        "article": "212.2",
        "offence": "calls for mass unrest",
        "maximum_penalty": "up to eight years' imprisonment",
        "date_brought": D(2025, 3, 27),
    }
    if dropped_on:
        last = ChargeData(**article_212_2, status="dropped", decided_on=dropped_on)
    else:
        last = ChargeData(
            **article_212_2,
            replaced_by=ChargeData(
                defender=defender,
                instrument=CRIMINAL_CODE,
                article="199",
                offence="organisation of an unlawful gathering",
                maximum_penalty="up to five years' imprisonment",
                date_brought=D(2025, 5, 28),
            ),
        )
    return (
        ChargeData(
            defender=defender,
            instrument_kind="administrative",
            instrument=CODE_OF_OFFENCES,
            article="65",
            offence="violating the procedure for holding peaceful assemblies",
            maximum_penalty="15 days' administrative detention",
            date_brought=D(2025, 3, 18),
            status="convicted",
            sentence="10 days' administrative detention",
            decided_on=D(2025, 3, 18),
        ),
        ChargeData(
            defender=defender,
            instrument=CRIMINAL_CODE,
            article="341",
            offence="dissemination of false information",
            maximum_penalty="up to five years' imprisonment",
            date_brought=D(2025, 3, 27),
        ),
        last,
    )


def _kgz_detention(defender: str, *, released_on: dt.date | None) -> tuple[DetentionData, ...]:
    """Return 10 days' administrative detention, then pre-trial detention from the day it ran
    out (one continuous detention), extended by two months on April 22, 2025."""
    return (
        DetentionData(
            defender=defender,
            kind="administrative_detention",
            start_date=D(2025, 3, 18),
            term_days=10,
            ordered_by=OSH_CITY_COURT,
            place="Temporary detention facility of the Osh City Police Department",
            actual_end=D(2025, 3, 28),
        ),
        DetentionData(
            defender=defender,
            kind="pre_trial_detention",
            start_date=D(2025, 3, 28),
            term_months=2,
            ordered_by="Investigating judge of the Leninsky District Court of Osh",
            place=SIZO_OSH,
            actual_end=released_on,
            notes="Released under a written undertaking not to leave Osh." if released_on else "",
            extensions=(
                ExtensionData(ordered_on=D(2025, 4, 22), term_months=2, ordered_by=LENINSKY_COURT),
            ),
        ),
    )


KGZ_OSH = CaseData(
    key="kgz-osh-kara-darya",
    country="KG",
    time_zone=BISHKEK,
    title=(
        "Kyrgyzstan: Arbitrary detention and judicial harassment of Ms. Aigerim Dzhaksybekova "
        "and Mr. Tilek Omurzakov"
    ),
    status="published",
    summary=(
        'The director of the public foundation "Taza Suu" and a lawyer from Osh were arrested '
        "after publishing a report on the contamination of the Kara-Darya river, held in "
        "administrative then pre-trial detention, and charged with dissemination of false "
        "information and calls for mass unrest."
    ),
    background=KGZ_BACKGROUND,
    violations=("Arbitrary detention", "Judicial harassment"),
    defenders=KGZ_DEFENDERS,
    authorities=(
        "kgz-president",
        "kgz-prosecutor",
        "kgz-ombudsperson",
        "kgz-mission-geneva",
        "kgz-embassy-brussels",
    ),
    internal_notes=(
        "Ms. Dzhaksybekova's lawyer asks us not to mention her illness in public texts until "
        "the family agrees."
    ),
    charges=(
        *_kgz_charges(DZHAKSYBEKOVA, dropped_on=None),
        *_kgz_charges(OMURZAKOV, dropped_on=D(2025, 5, 26)),
    ),
    detention_periods=(
        *_kgz_detention(DZHAKSYBEKOVA, released_on=None),
        *_kgz_detention(OMURZAKOV, released_on=D(2025, 5, 26)),
    ),
    hearings=(
        HearingData(
            court=OSH_CITY_COURT,
            city="Osh",
            local_date=D(2025, 3, 18),
            time_zone=BISHKEK,
            purpose="other",
            status="held",
            outcome="Both sentenced to 10 days of administrative detention (Article 65).",
            defenders=KGZ_DEFENDERS,
        ),
        HearingData(
            court=LENINSKY_COURT,
            city="Osh",
            local_date=D(2025, 3, 28),
            time_zone=BISHKEK,
            purpose="remand",
            status="held",
            outcome=(
                "Both remanded in pre-trial detention for two months; Ms. Dzhaksybekova's "
                "request for house arrest on medical grounds rejected."
            ),
            defenders=KGZ_DEFENDERS,
        ),
        HearingData(
            court=LENINSKY_COURT,
            city="Osh",
            local_date=D(2025, 4, 22),
            local_time=dt.time(14, 0),
            time_zone=BISHKEK,
            purpose="detention_extension",
            status="held",
            outcome="Pre-trial detention of both defenders extended by two months.",
            observers_attending=True,
            defenders=KGZ_DEFENDERS,
        ),
        HearingData(
            court=OSH_CITY_COURT,
            city="Osh",
            local_date=D(2025, 6, 16),
            local_time=dt.time(10, 0),
            time_zone=BISHKEK,
            purpose="trial_opening",
            observers_attending=True,
            defenders=(DZHAKSYBEKOVA,),
        ),
    ),
    events=(
        EventData(
            D(2025, 3, 18),
            "arrest",
            "Ms. Dzhaksybekova and Mr. Omurzakov were arrested in Osh after publishing a report "
            "on the contamination of the Kara-Darya river.",
            defenders=KGZ_DEFENDERS,
            citation="The Observatory's Press Release of March 20, 2025",
        ),
        EventData(
            D(2025, 3, 18),
            "verdict",
            "The Osh City Court sentenced both defenders to 10 days of administrative detention "
            'for "violating the procedure for holding peaceful assemblies" (Article 65 of the '
            "Code of Offences).",
            defenders=KGZ_DEFENDERS,
        ),
        EventData(
            D(2025, 3, 21),
            "search",
            "Officers of the State Committee for National Security searched the office of "
            '"Taza Suu" and the home of Mr. Omurzakov.',
            defenders=KGZ_DEFENDERS,
            seized_items="Two laptops, four telephones and the foundation's archive.",
            source_identity=(
                "A neighbour of Mr. Omurzakov who watched the search (name withheld at her "
                "request; reached through the foundation's accountant)."
            ),
        ),
        EventData(
            D(2025, 3, 27),
            "charge",
            "One day before the end of their administrative detention, the investigator charged "
            "both defenders under Articles 341 and 212.2 of the Criminal Code.",
            defenders=KGZ_DEFENDERS,
        ),
        EventData(
            D(2025, 3, 28),
            "remand",
            "The investigating judge of the Leninsky District Court of Osh remanded both "
            "defenders in pre-trial detention for two months.",
            defenders=KGZ_DEFENDERS,
        ),
        EventData(
            D(2025, 4, 22),
            "extension",
            "The Leninsky District Court of Osh extended the pre-trial detention of both "
            "defenders by two months.",
            defenders=KGZ_DEFENDERS,
        ),
        EventData(
            D(2025, 5, 26),
            "release",
            "The investigator dropped the charge under Article 212.2 against Mr. Omurzakov and "
            "released him under a written undertaking not to leave Osh.",
            defenders=(OMURZAKOV,),
        ),
        EventData(
            D(2025, 5, 28),
            "charge",
            "The charge against Ms. Dzhaksybekova under Article 212.2 was replaced by a charge "
            'of "organisation of an unlawful gathering" (Article 199 of the Criminal Code).',
            defenders=(DZHAKSYBEKOVA,),
        ),
    ),
    appeals=(
        AppealData(
            intervention_type="urgent_appeal",
            issue_date=D(2025, 4, 14),
            violations=("Arbitrary detention", "Judicial harassment"),
            original=AppealTextData(
                language="en",
                title=(
                    "Kyrgyzstan: Arbitrary detention and judicial harassment of Ms. Aigerim "
                    "Dzhaksybekova and Mr. Tilek Omurzakov"
                ),
                description=KGZ_DESCRIPTION,
                background=KGZ_BACKGROUND,
                notes=KGZ_NOTES,
                actions=(
                    ActionData(
                        "Immediately and unconditionally release Ms. Aigerim Dzhaksybekova and "
                        "Mr. Tilek Omurzakov and drop all charges against them;",
                        clause="Release and drop charges",
                    ),
                    ActionData(
                        "Guarantee in all circumstances the physical and psychological "
                        "integrity of Ms. Dzhaksybekova and Mr. Omurzakov, as well as of all "
                        "human rights defenders in Kyrgyzstan;",
                        clause="Guarantee integrity",
                    ),
                    ActionData(
                        'Return the equipment and documents seized from "Taza Suu" and Mr. '
                        "Omurzakov;",
                        clause="Return seized items",
                    ),
                    ActionData(
                        "Put an end to all acts of harassment, including at the judicial "
                        "level, against all human rights defenders in Kyrgyzstan;",
                        clause="End harassment",
                    ),
                    UN_DECLARATION,
                ),
            ),
            translations=(
                AppealTextData(
                    language="ru",
                    title=(
                        "Кыргызстан: Произвольное задержание и судебное преследование г-жи "
                        "Айгерим Джаксыбековой и г-на Тилека Омурзакова"
                    ),
                    description=KGZ_DESCRIPTION_RU,
                    background=KGZ_BACKGROUND_RU,
                    notes=KGZ_NOTES_RU,
                    actions=(
                        ActionData(
                            "Немедленно и безоговорочно освободить г-жу Айгерим Джаксыбекову и "
                            "г-на Тилека Омурзакова и снять с них все обвинения;",
                            clause="Release and drop charges",
                        ),
                        ActionData(
                            "Гарантировать при любых обстоятельствах физическую и "
                            "психологическую неприкосновенность г-жи Джаксыбековой и г-на "
                            "Омурзакова, а также всех правозащитников в Кыргызстане;",
                            clause="Guarantee integrity",
                        ),
                        ActionData(
                            "Вернуть оборудование и документы, изъятые у фонда «Таза Суу» и "
                            "г-на Омурзакова;",
                            clause="Return seized items",
                        ),
                        ActionData(
                            "Прекратить любые преследования, в том числе судебные, всех "
                            "правозащитников в Кыргызстане;",
                            clause="End harassment",
                        ),
                        UN_DECLARATION_RU,
                    ),
                ),
            ),
        ),
        AppealData(
            intervention_type="new_information",
            issue_date=D(2025, 5, 30),
            violations=("Release", "Arbitrary detention", "Judicial harassment"),
            authorities=("kgz-president", "kgz-prosecutor", "kgz-mission-geneva"),
            original=AppealTextData(
                language="en",
                title=(
                    "Kyrgyzstan: Release of Mr. Tilek Omurzakov; ongoing detention of Ms. "
                    "Aigerim Dzhaksybekova"
                ),
                description=KGZ_FOLLOWUP,
                actions=(
                    ActionData(
                        "Immediately and unconditionally release Ms. Aigerim Dzhaksybekova;"
                    ),
                    ActionData("Drop all charges against Ms. Dzhaksybekova and Mr. Omurzakov;"),
                    ActionData(
                        "Guarantee in all circumstances the physical and psychological "
                        "integrity of Ms. Dzhaksybekova and Mr. Omurzakov;",
                        clause="Guarantee integrity",
                    ),
                    UN_DECLARATION,
                ),
            ),
        ),
    ),
    numbering=Numbering(cases_before=2, interventions_before=40),
)


# --- Colombia -------------------------------------------------------------------------------

QUINTERO = "col-quintero-rojas"
OSPINA = "col-ospina"

COL_DESCRIPTION = """\
The Observatory has been informed by reliable sources about death threats against Ms. Luz \
Marina Quintero Rojas, legal representative of the Corporación Tierra Viva, an organisation \
that supports peasant communities claiming the restitution of their land in the department of \
Cesar, and against Mr. Héctor Julián Ospina, a member of its board, as well as about a raid on \
the organisation's office in Valledupar.

According to the information received, on the night of September 3 to 4, 2025, unidentified \
persons broke into the office of Tierra Viva in Valledupar, took a computer containing \
testimonies of displaced families, and left a pamphlet declaring Ms. Quintero Rojas and Mr. \
Ospina "military targets". No money or other valuables were taken.

On September 6, 2025, Ms. Quintero Rojas received a text message stating "you have 48 hours \
to leave Cesar". The threats were reported to the Attorney General's Office the same day. As of \
publication, the protection measures granted to Ms. Quintero Rojas in 2023 by the National \
Protection Unit had not been reinforced.

The Observatory expresses its deepest concern about these threats, which seem to be aimed at \
stopping the land restitution work of Tierra Viva, and calls on the Colombian authorities to \
guarantee the safety of its members."""

COL_VALLEDUPAR = CaseData(
    key="col-tierra-viva",
    country="CO",
    time_zone="America/Bogota",
    title="Colombia: Death threats and raid on the office of the Corporación Tierra Viva",
    status="published",
    summary=(
        "The office of the Corporación Tierra Viva in Valledupar was raided and its legal "
        'representative and a board member were declared "military targets".'
    ),
    violations=("Death threats", "Raid", "Harassment"),
    defenders=(QUINTERO, OSPINA),
    authorities=(
        "col-president",
        "col-attorney-general",
        "col-protection-unit",
        "col-mission-geneva",
    ),
    events=(
        EventData(
            D(2025, 9, 4),
            "search",
            "On the night of September 3 to 4, 2025, unidentified persons broke into the office "
            "of Tierra Viva in Valledupar. No money or other valuables were taken.",
            defenders=(QUINTERO, OSPINA),
            seized_items="A computer containing testimonies of displaced families.",
        ),
        EventData(
            D(2025, 9, 4),
            "threat",
            "A pamphlet left in the office declared Ms. Quintero Rojas and Mr. Ospina "
            '"military targets".',
            defenders=(QUINTERO, OSPINA),
        ),
        EventData(
            D(2025, 9, 6),
            "threat",
            'Ms. Quintero Rojas received a text message stating "you have 48 hours to leave '
            'Cesar".',
            defenders=(QUINTERO,),
            source_identity="Ms. Quintero Rojas herself, by a call to our Bogotá contact person.",
        ),
        EventData(
            D(2025, 9, 6),
            "other",
            "The threats were reported to the Attorney General's Office.",
            defenders=(QUINTERO, OSPINA),
        ),
    ),
    appeals=(
        AppealData(
            intervention_type="urgent_appeal",
            issue_date=D(2025, 9, 9),
            violations=("Death threats", "Raid", "Harassment"),
            original=AppealTextData(
                language="en",
                title=(
                    "Colombia: Death threats and raid on the office of the Corporación Tierra Viva"
                ),
                description=COL_DESCRIPTION,
                actions=(
                    ActionData(
                        "Guarantee in all circumstances the physical and psychological "
                        "integrity of Ms. Luz Marina Quintero Rojas, Mr. Héctor Julián Ospina "
                        "and all members of the Corporación Tierra Viva, and reinforce their "
                        "protection measures in consultation with them;",
                        clause="Guarantee integrity",
                    ),
                    ActionData(
                        "Carry out an immediate, thorough and impartial investigation into the "
                        "threats and the raid, in order to identify all those responsible and "
                        "sanction them as provided by law;",
                        clause="Investigate",
                    ),
                    UN_DECLARATION,
                ),
            ),
        ),
    ),
    numbering=Numbering(cases_before=6, interventions_before=111),
)


SAMPLE_DEFENDERS = (
    DefenderData(
        key=DZHAKSYBEKOVA,
        full_name="Aigerim Dzhaksybekova",
        local_name="Айгерим Джаксыбекова",
        gender="female",
        role='director of the public foundation "Taza Suu"',
        organisation='Public foundation "Taza Suu"',
        areas=("Environment",),
        country="KG",
        city="Osh",
        region="Osh Region",
        situation="pre_trial_detention",
        health_notes=(
            "Has a chronic kidney disease and needs constant medical care; the detention "
            "centre's doctor has not seen her since April."
        ),
        family_notes="Two children (9 and 13) live with her sister in Osh.",
        home_address="Apartment 14, 27 Example Street, Osh",
        phone="+996 555 01 23 45",
        internal_notes="Write only through her lawyer: her telephone was seized on 21 March.",
    ),
    DefenderData(
        key=OMURZAKOV,
        full_name="Tilek Omurzakov",
        local_name="Тилек Омурзаков",
        gender="male",
        role="lawyer representing families of miners",
        areas=("Access to justice", "Labour rights"),
        country="KG",
        city="Osh",
        region="Osh Region",
        situation="released",
        family_notes="Married, three children; his wife was questioned on 21 March.",
    ),
    DefenderData(
        key=QUINTERO,
        full_name="Luz Marina Quintero Rojas",
        gender="female",
        role="legal representative of the Corporación Tierra Viva",
        organisation="Corporación Tierra Viva",
        areas=("Land rights",),
        country="CO",
        city="Valledupar",
        region="Cesar",
        internal_notes=(
            "Protection measures since 2023 (a bodyguard and a telephone from the National "
            "Protection Unit); she reports the telephone rarely works."
        ),
        phone="+57 300 000 1234",
    ),
    DefenderData(
        key=OSPINA,
        full_name="Héctor Julián Ospina",
        gender="male",
        role="member of the board of the Corporación Tierra Viva",
        organisation="Corporación Tierra Viva",
        areas=("Land rights",),
        country="CO",
        city="Valledupar",
        region="Cesar",
    ),
)

SAMPLE_CASES = (KGZ_OSH, COL_VALLEDUPAR)
