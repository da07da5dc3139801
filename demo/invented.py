"""A dozen more invented cases, chosen to cover what the samples do not: every case status,
a defender in exile, a disappeared one, a killed one, sentenced ones, a French-language and a
Spanish-language original, a postponed hearing, detention renewed again and again and then
"recycled" into a new case, an external reference, and confidential facts (health, family,
home address, telephone, sources), one of them disclosed by staff.

Every person, organisation, court case, address, number and e-mail here is invented.
"""

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
    ExternalReferenceData,
    HearingData,
    HearingMoveData,
    Numbering,
)
from demo.samples import DZHAKSYBEKOVA, UN_DECLARATION

D = dt.date
T = dt.time

END_HARASSMENT = "End harassment"
GUARANTEE = "Guarantee integrity"
RELEASE = "Release and drop charges"
INVESTIGATE = "Investigate"


def _action(text: str, clause: str = "") -> ActionData:
    return ActionData(text, clause=clause)


# --- Kyrgyzstan, 2024: the Statement footnote [1] of the 2025 sample refers to -------------

KGZ_TAZA_SUU_2024 = CaseData(
    key="kgz-taza-suu-smear-2024",
    country="KG",
    time_zone="Asia/Bishkek",
    title='Kyrgyzstan: Smear campaign against the public foundation "Taza Suu"',
    status="closed",
    summary=(
        'A national television channel called "Taza Suu" a "foreign agent" and the Ministry of '
        "Justice opened an unscheduled inspection of the foundation."
    ),
    violations=("Smear campaign", "Obstacles to freedom of association"),
    defenders=(DZHAKSYBEKOVA,),
    authorities=("kgz-president", "kgz-prosecutor", "kgz-ombudsperson"),
    charges=(
        ChargeData(
            defender=DZHAKSYBEKOVA,
            instrument_kind="administrative",
            instrument="Code of Offences",
            article="216",
            offence="failure to submit financial reports on time",
            maximum_penalty="a fine",
            date_brought=D(2024, 10, 30),
            status="dropped",
            decided_on=D(2024, 12, 20),
        ),
    ),
    events=(
        EventData(
            D(2024, 10, 14),
            "smear_campaign",
            'A national television channel broadcast a programme calling "Taza Suu" a "foreign '
            'agent" working against the mining industry.',
            defenders=(DZHAKSYBEKOVA,),
        ),
        EventData(
            D(2024, 10, 28),
            "other",
            "The Ministry of Justice opened an unscheduled inspection of the foundation.",
            defenders=(DZHAKSYBEKOVA,),
        ),
        EventData(
            D(2024, 12, 20),
            "other",
            "The inspection ended without findings and the administrative charge was dropped.",
            defenders=(DZHAKSYBEKOVA,),
        ),
    ),
    appeals=(
        AppealData(
            intervention_type="statement",
            issue_date=D(2024, 11, 2),
            original=AppealTextData(
                language="en",
                title='Kyrgyzstan: Smear campaign against the public foundation "Taza Suu"',
                description=(
                    "The Observatory is concerned about the smear campaign against the public "
                    'foundation "Taza Suu" and its director, Ms. Aigerim Dzhaksybekova, which '
                    "began after the foundation published water samples taken near an open-pit "
                    "mine in the Osh region."
                ),
                actions=(
                    _action(
                        "Put an end to all acts of harassment, including at the judicial "
                        'level, against "Taza Suu" and all human rights defenders in '
                        "Kyrgyzstan;",
                        END_HARASSMENT,
                    ),
                    UN_DECLARATION,
                ),
            ),
        ),
    ),
    numbering=Numbering(cases_before=1, interventions_before=131),
)

# --- Russia: a journalist sentenced; her health disclosed at her family's request ---------

LEBEDEVA = "rus-lebedeva"

RUS_LEBEDEVA = CaseData(
    key="rus-lebedeva-sever-info",
    country="RU",
    time_zone="Europe/Moscow",
    title="Russian Federation: Arbitrary detention and sentencing of Ms. Darya Lebedeva",
    status="published",
    summary=(
        "The editor of the independent news site Sever-Info was arrested after publishing "
        "letters from soldiers' families, held in pre-trial detention for nine months and "
        "sentenced to six years in a penal colony."
    ),
    violations=("Arbitrary detention", "Judicial harassment", "Sentencing"),
    defenders=(LEBEDEVA,),
    authorities=("rus-president", "rus-prosecutor", "rus-commissioner", "rus-mission-geneva"),
    charges=(
        ChargeData(
            defender=LEBEDEVA,
            instrument="Criminal Code",
            article="207.3",
            offence="public dissemination of knowingly false information about state bodies",
            maximum_penalty="up to ten years' imprisonment",
            date_brought=D(2025, 2, 4),
            status="convicted",
            sentence="six years in a general-regime penal colony",
            decided_on=D(2025, 11, 12),
        ),
        ChargeData(
            defender=LEBEDEVA,
            instrument="Criminal Code",
            article="284.1",
            offence='participation in the activities of an "undesirable" organisation',
            maximum_penalty="up to four years' imprisonment",
            date_brought=D(2025, 6, 20),
            status="acquitted",
            decided_on=D(2025, 11, 12),
        ),
    ),
    detention_periods=(
        DetentionData(
            defender=LEBEDEVA,
            kind="pre_trial_detention",
            start_date=D(2025, 2, 4),
            term_months=2,
            ordered_by="Oktyabrsky District Court of Arkhangelsk",
            place="Pre-trial detention centre No. 1, Arkhangelsk",
            actual_end=D(2025, 11, 12),
            extensions=(
                ExtensionData(
                    D(2025, 3, 31), term_months=3, ordered_by="Oktyabrsky District Court"
                ),
                ExtensionData(
                    D(2025, 6, 30), term_months=3, ordered_by="Arkhangelsk Regional Court"
                ),
                ExtensionData(
                    D(2025, 9, 29), term_months=2, ordered_by="Arkhangelsk Regional Court"
                ),
            ),
        ),
        DetentionData(
            defender=LEBEDEVA,
            kind="imprisonment",
            start_date=D(2025, 11, 12),
            term_months=72,
            ordered_by="Arkhangelsk Regional Court",
            place="Penal colony No. 7, Arkhangelsk Region",
        ),
    ),
    hearings=(
        HearingData(
            court="Arkhangelsk Regional Court",
            city="Arkhangelsk",
            local_date=D(2025, 11, 12),
            local_time=T(11, 0),
            time_zone="Europe/Moscow",
            purpose="verdict",
            status="held",
            outcome="Sentenced to six years in a general-regime penal colony.",
            observers_attending=True,
            defenders=(LEBEDEVA,),
        ),
        HearingData(
            court="Second Court of Appeal of General Jurisdiction",
            city="Moscow",
            local_date=D(2026, 3, 18),
            local_time=T(10, 0),
            time_zone="Europe/Moscow",
            purpose="appeal",
            status="held",
            outcome="Sentence upheld.",
            defenders=(LEBEDEVA,),
        ),
        HearingData(
            court="Third Cassation Court of General Jurisdiction",
            city="Saint Petersburg",
            local_date=D(2027, 1, 27),
            local_time=T(10, 30),
            time_zone="Europe/Moscow",
            purpose="cassation",
            observers_attending=True,
            defenders=(LEBEDEVA,),
        ),
    ),
    events=(
        EventData(
            D(2025, 2, 3),
            "search",
            "Officers of the Investigative Committee searched Ms. Lebedeva's flat and the "
            "Sever-Info office in Arkhangelsk.",
            defenders=(LEBEDEVA,),
            seized_items="A laptop, two telephones, notebooks and a voice recorder.",
        ),
        EventData(D(2025, 2, 3), "arrest", "Ms. Lebedeva was arrested.", defenders=(LEBEDEVA,)),
        EventData(
            D(2025, 2, 4),
            "remand",
            "The Oktyabrsky District Court of Arkhangelsk remanded her in custody for two months.",
            defenders=(LEBEDEVA,),
        ),
        EventData(
            D(2025, 11, 12),
            "verdict",
            "The Arkhangelsk Regional Court sentenced her to six years in a penal colony.",
            defenders=(LEBEDEVA,),
        ),
        EventData(
            D(2026, 5, 6),
            "ill_treatment",
            "Ms. Lebedeva was twice refused her asthma inhaler and placed in a punishment cell.",
            defenders=(LEBEDEVA,),
            source_identity="The mother of a fellow prisoner, by telephone (name withheld).",
        ),
    ),
    appeals=(
        AppealData(
            intervention_type="urgent_appeal",
            issue_date=D(2025, 2, 6),
            original=AppealTextData(
                language="en",
                title="Russian Federation: Arbitrary detention of Ms. Darya Lebedeva",
                description=(
                    "The Observatory has been informed by reliable sources about the arbitrary "
                    "detention of Ms. Darya Lebedeva, editor of the independent news site "
                    "Sever-Info, who was arrested in Arkhangelsk on February 3, 2025 after "
                    "publishing letters from soldiers' families."
                ),
                actions=(
                    _action(
                        "Immediately and unconditionally release Ms. Darya Lebedeva and drop "
                        "all charges against her;",
                        RELEASE,
                    ),
                    _action(
                        "Guarantee in all circumstances her physical and psychological integrity;",
                        GUARANTEE,
                    ),
                    UN_DECLARATION,
                ),
            ),
        ),
        AppealData(
            intervention_type="new_information",
            issue_date=D(2025, 11, 14),
            violations=("Sentencing", "Arbitrary detention"),
            original=AppealTextData(
                language="en",
                title="Russian Federation: Ms. Darya Lebedeva sentenced to six years",
                description=(
                    "On November 12, 2025, the Arkhangelsk Regional Court sentenced Ms. Darya "
                    "Lebedeva to six years in a general-regime penal colony."
                ),
                actions=(
                    _action(
                        "Quash the sentence against Ms. Darya Lebedeva and release her immediately;"
                    ),
                    _action(
                        "Ensure she receives the medical care her asthma requires;",
                    ),
                    UN_DECLARATION,
                ),
            ),
        ),
    ),
)

# --- Belarus: a defender in exile sentenced in absentia, her colleague imprisoned --------

KARPOVICH = "blr-karpovich"
ZHUK = "blr-zhuk"

BLR_PRAVO_VYBORA = CaseData(
    key="blr-pravo-vybora",
    country="BY",
    time_zone="Europe/Minsk",
    title=(
        "Belarus: Sentencing in absentia of Ms. Alena Karpovich and imprisonment of Mr. Pavel Zhuk"
    ),
    status="published",
    summary=(
        'The head of the human rights centre "Pravo Vybora", in exile since 2023, was sentenced '
        "in absentia to nine years; a lawyer of the centre who stayed in Hrodna is serving four."
    ),
    violations=("Judicial harassment", "Sentencing", "Arbitrary detention"),
    defenders=(KARPOVICH, ZHUK),
    authorities=("blr-president", "blr-prosecutor", "blr-mission-geneva", "blr-osce"),
    charges=(
        ChargeData(
            defender=KARPOVICH,
            instrument="Criminal Code",
            article="361-1",
            offence="creation of an extremist formation",
            maximum_penalty="up to ten years' imprisonment",
            date_brought=D(2025, 12, 1),
            status="convicted",
            sentence="nine years' imprisonment (in absentia)",
            decided_on=D(2026, 4, 15),
        ),
        ChargeData(
            defender=ZHUK,
            instrument="Criminal Code",
            article="342",
            offence="organisation of actions grossly violating public order",
            maximum_penalty="up to four years' imprisonment",
            date_brought=D(2025, 6, 4),
            status="convicted",
            sentence="four years in a general-regime penal colony",
            decided_on=D(2025, 10, 9),
        ),
    ),
    detention_periods=(
        DetentionData(
            defender=ZHUK,
            kind="police_custody",
            start_date=D(2025, 6, 2),
            term_days=3,
            ordered_by="Hrodna City Police Department",
            place="Temporary detention facility, Hrodna",
            incommunicado=True,
            actual_end=D(2025, 6, 5),
        ),
        DetentionData(
            defender=ZHUK,
            kind="pre_trial_detention",
            start_date=D(2025, 6, 5),
            term_months=2,
            ordered_by="Hrodna Regional Prosecutor's Office",
            place="Pre-trial detention centre No. 1, Hrodna",
            actual_end=D(2025, 10, 9),
            extensions=(ExtensionData(D(2025, 8, 1), term_months=3),),
        ),
        DetentionData(
            defender=ZHUK,
            kind="imprisonment",
            start_date=D(2025, 10, 9),
            term_months=48,
            ordered_by="Lenin District Court of Hrodna",
            place="Penal colony No. 15, Mahiliou",
        ),
    ),
    hearings=(
        HearingData(
            court="Lenin District Court of Hrodna",
            city="Hrodna",
            local_date=D(2025, 10, 9),
            local_time=T(10, 0),
            time_zone="Europe/Minsk",
            purpose="verdict",
            status="held",
            outcome="Mr. Zhuk sentenced to four years.",
            defenders=(ZHUK,),
        ),
        HearingData(
            court="Hrodna Regional Court",
            city="Hrodna",
            local_date=D(2026, 4, 15),
            local_time=T(10, 0),
            time_zone="Europe/Minsk",
            purpose="verdict",
            status="held",
            outcome='Ms. Karpovich sentenced in absentia ("special proceedings") to nine years.',
            defenders=(KARPOVICH,),
        ),
    ),
    events=(
        EventData(
            D(2025, 6, 2),
            "search",
            "Police searched the flat of Mr. Zhuk in Hrodna and arrested him.",
            defenders=(ZHUK,),
            seized_items="Client files, a laptop and a telephone.",
        ),
        EventData(
            D(2025, 10, 9),
            "verdict",
            "The Lenin District Court of Hrodna sentenced Mr. Zhuk to four years.",
            defenders=(ZHUK,),
        ),
        EventData(
            D(2026, 2, 11),
            "smear_campaign",
            'State television called "Pravo Vybora" an "extremist formation" and showed '
            "Ms. Karpovich's photograph.",
            defenders=(KARPOVICH,),
        ),
        EventData(
            D(2026, 4, 15),
            "verdict",
            "The Hrodna Regional Court sentenced Ms. Karpovich in absentia to nine years.",
            defenders=(KARPOVICH,),
        ),
    ),
    appeals=(
        AppealData(
            intervention_type="urgent_appeal",
            issue_date=D(2026, 4, 17),
            original=AppealTextData(
                language="en",
                title=(
                    "Belarus: Sentencing in absentia of Ms. Alena Karpovich and ongoing "
                    "imprisonment of Mr. Pavel Zhuk"
                ),
                description=(
                    "On April 15, 2026, the Hrodna Regional Court sentenced Ms. Alena Karpovich, "
                    'head of the human rights centre "Pravo Vybora", in absentia to nine years\' '
                    "imprisonment. Her colleague Mr. Pavel Zhuk, a lawyer, has been imprisoned "
                    "since June 2025."
                ),
                actions=(
                    _action(
                        "Quash the sentences against Ms. Alena Karpovich and Mr. Pavel Zhuk and "
                        "release Mr. Zhuk immediately and unconditionally;"
                    ),
                    _action(
                        "Put an end to all acts of harassment, including at the judicial level, "
                        "against all human rights defenders in Belarus, including those in "
                        "exile;",
                        END_HARASSMENT,
                    ),
                    UN_DECLARATION,
                ),
            ),
        ),
    ),
    numbering=Numbering(cases_before=4, interventions_before=38),
)

# --- Mexico: an enforced disappearance; the original appeal is in Spanish ----------------

VENTURA = "mex-ventura-aquino"

MEX_YUCUNA = CaseData(
    key="mex-yucuna-disappearance",
    country="MX",
    time_zone="America/Mexico_City",
    title="Mexico: Enforced disappearance of Mr. Tomás Ventura Aquino",
    status="published",
    summary=(
        "A Mixtec land defender opposing a mining concession on his community's land was last "
        "seen leaving the community radio station in Tlaxiaco."
    ),
    violations=("Enforced disappearance", "Threats"),
    defenders=(VENTURA,),
    authorities=(
        "mex-president",
        "mex-attorney-general",
        "mex-search-commission",
        "mex-oaxaca-governor",
        "mex-mission-geneva",
    ),
    events=(
        EventData(
            D(2026, 8, 11),
            "threat",
            "Armed men interrupted a community assembly in San Isidro Yucuná and warned Mr. "
            "Ventura Aquino to stop opposing the concession.",
            defenders=(VENTURA,),
        ),
        EventData(
            D(2026, 9, 2),
            "disappearance",
            "Mr. Ventura Aquino was last seen leaving the community radio station in Tlaxiaco; "
            "his truck was found abandoned on the road to Yucuná.",
            defenders=(VENTURA,),
            source_identity="A journalist of the community radio (name withheld).",
        ),
        EventData(
            D(2026, 9, 3),
            "other",
            "His family filed a complaint with the Oaxaca State Prosecutor's Office.",
            defenders=(VENTURA,),
        ),
    ),
    appeals=(
        AppealData(
            intervention_type="urgent_appeal",
            issue_date=D(2026, 9, 8),
            original=AppealTextData(
                language="es",
                title="México: Desaparición forzada del Sr. Tomás Ventura Aquino",
                description=(
                    "El Observatorio ha sido informado por fuentes fidedignas sobre la "
                    "desaparición forzada del Sr. Tomás Ventura Aquino, defensor mixteco del "
                    "territorio de la comunidad de San Isidro Yucuná, Oaxaca.\n\n"
                    "Según la información recibida, el 2 de septiembre de 2026 el Sr. Ventura "
                    "Aquino fue visto por última vez al salir de la radio comunitaria en "
                    "Tlaxiaco. Su camioneta fue encontrada abandonada en el camino a Yucuná."
                ),
                background=(
                    "Desde 2025, la comunidad se opone a una concesión minera otorgada sin "
                    "consulta previa."
                ),
                actions=(
                    _action(
                        "Llevar a cabo de inmediato la búsqueda del Sr. Tomás Ventura Aquino y "
                        "revelar su paradero;"
                    ),
                    _action(
                        "Llevar a cabo una investigación inmediata, exhaustiva e imparcial "
                        "sobre estos hechos, con el fin de identificar a todos los responsables "
                        "y sancionarlos conforme a la ley;",
                        INVESTIGATE,
                    ),
                    _action(
                        "Cumplir con todas las disposiciones de la Declaración de las Naciones "
                        "Unidas sobre los Defensores de Derechos Humanos.",
                        "UN Declaration",
                    ),
                ),
            ),
            translations=(
                AppealTextData(
                    language="en",
                    title="Mexico: Enforced disappearance of Mr. Tomás Ventura Aquino",
                    description=(
                        "The Observatory has been informed by reliable sources about the "
                        "enforced disappearance of Mr. Tomás Ventura Aquino, a Mixtec land "
                        "defender of the community of San Isidro Yucuná, Oaxaca. He was last "
                        "seen on September 2, 2026 leaving the community radio in Tlaxiaco."
                    ),
                    actions=(
                        _action(
                            "Immediately search for Mr. Tomás Ventura Aquino and disclose his "
                            "whereabouts;"
                        ),
                        _action(
                            "Carry out an immediate, thorough and impartial investigation into "
                            "these acts, in order to identify all those responsible and "
                            "sanction them as provided by law;",
                            INVESTIGATE,
                        ),
                        UN_DECLARATION,
                    ),
                ),
            ),
        ),
    ),
)

# --- Democratic Republic of the Congo: the original and its follow-up are in French ------

MUKUBA = "cod-mukuba"
BUKAVU = "Africa/Lubumbashi"

COD_BUKAVU = CaseData(
    key="cod-mukuba-bukavu",
    country="CD",
    time_zone=BUKAVU,
    title="Democratic Republic of the Congo: Arbitrary detention of Ms. Espérance Bahati Mukuba",
    status="closed",
    summary=(
        "A lawyer defending survivors of sexual violence was held incommunicado for a week by "
        "the intelligence agency in Bukavu after a radio interview, then tried and acquitted."
    ),
    violations=("Arbitrary detention", "Judicial harassment"),
    defenders=(MUKUBA,),
    authorities=("cod-president", "cod-justice", "cod-south-kivu", "cod-mission-geneva"),
    charges=(
        ChargeData(
            defender=MUKUBA,
            instrument="Code pénal",
            article="136",
            offence="outrage envers les membres de l'Assemblée provinciale",
            maximum_penalty="jusqu'à un an de servitude pénale",
            date_brought=D(2025, 5, 19),
            status="dropped",
            decided_on=D(2025, 6, 10),
        ),
        ChargeData(
            defender=MUKUBA,
            instrument="Code pénal",
            article="74",
            offence="imputations dommageables",
            maximum_penalty="jusqu'à un an de servitude pénale",
            date_brought=D(2025, 5, 19),
            status="acquitted",
            decided_on=D(2025, 7, 15),
        ),
    ),
    detention_periods=(
        DetentionData(
            defender=MUKUBA,
            kind="police_custody",
            start_date=D(2025, 5, 12),
            term_days=2,
            ordered_by="Agence nationale de renseignements",
            place="ANR cells, Bukavu",
            incommunicado=True,
            actual_end=D(2025, 5, 19),
            notes="Held five days beyond the 48 hours the law allows; released on bail.",
        ),
    ),
    hearings=(
        HearingData(
            court="Tribunal de paix de Bukavu",
            city="Bukavu",
            local_date=D(2025, 6, 10),
            local_time=T(9, 0),
            time_zone=BUKAVU,
            purpose="trial",
            status="held",
            outcome="The charge of insulting the provincial assembly was dropped.",
            defenders=(MUKUBA,),
        ),
        HearingData(
            court="Tribunal de paix de Bukavu",
            city="Bukavu",
            local_date=D(2025, 7, 15),
            local_time=T(10, 0),
            time_zone=BUKAVU,
            purpose="verdict",
            status="held",
            outcome="Acquitted.",
            observers_attending=True,
            defenders=(MUKUBA,),
        ),
    ),
    events=(
        EventData(
            D(2025, 5, 12),
            "arrest",
            "Agents of the intelligence agency arrested Ms. Mukuba in Bukavu the day after a "
            "radio interview on impunity for sexual violence.",
            defenders=(MUKUBA,),
        ),
        EventData(
            D(2025, 5, 19),
            "release",
            "Ms. Mukuba was released on bail after seven days held incommunicado.",
            defenders=(MUKUBA,),
        ),
        EventData(
            D(2025, 7, 15),
            "verdict",
            "The Tribunal de paix de Bukavu acquitted her.",
            defenders=(MUKUBA,),
        ),
    ),
    appeals=(
        AppealData(
            intervention_type="urgent_appeal",
            issue_date=D(2025, 5, 14),
            original=AppealTextData(
                language="fr",
                title=(
                    "République démocratique du Congo : Détention arbitraire de Me Espérance "
                    "Bahati Mukuba"
                ),
                description=(
                    "L'Observatoire a été informé de sources fiables de la détention arbitraire "
                    "de Me Espérance Bahati Mukuba, avocate au barreau de Bukavu, qui défend "
                    "des survivantes de violences sexuelles.\n\n"
                    "Selon les informations reçues, le 12 mai 2025, des agents de l'Agence "
                    "nationale de renseignements (ANR) ont arrêté Me Mukuba à Bukavu, au "
                    "lendemain d'un entretien radiophonique sur l'impunité des violences "
                    "sexuelles. Elle est depuis détenue au secret dans les locaux de l'ANR."
                ),
                actions=(
                    _action(
                        "Libérer immédiatement et sans condition Me Espérance Bahati Mukuba et "
                        "abandonner toutes les charges retenues contre elle ;",
                        RELEASE,
                    ),
                    _action(
                        "Garantir en toutes circonstances son intégrité physique et "
                        "psychologique ;",
                        GUARANTEE,
                    ),
                    _action(
                        "Se conformer à l'ensemble des dispositions de la Déclaration des "
                        "Nations unies sur les défenseurs des droits de l'Homme.",
                        "UN Declaration",
                    ),
                ),
            ),
        ),
        AppealData(
            intervention_type="new_information",
            issue_date=D(2025, 7, 18),
            violations=("Release", "Judicial harassment"),
            original=AppealTextData(
                language="fr",
                title=(
                    "République démocratique du Congo : Acquittement de Me Espérance Bahati Mukuba"
                ),
                description=(
                    "L'Observatoire a été informé de l'acquittement de Me Espérance Bahati "
                    "Mukuba par le Tribunal de paix de Bukavu le 15 juillet 2025."
                ),
                actions=(
                    _action(
                        "Mettre un terme à tous les actes de harcèlement, y compris judiciaire, "
                        "à l'encontre de Me Mukuba et de tous les défenseurs des droits humains "
                        "en République démocratique du Congo ;",
                        END_HARASSMENT,
                    ),
                ),
            ),
        ),
    ),
)

# --- Turkey: lawyers on trial; their hearing was postponed ------------------------------

KARACA = "tur-karaca"
YILDIZ = "tur-yildiz"
ISTANBUL = "Europe/Istanbul"
DIYARBAKIR_COURT = "Diyarbakır 5th High Criminal Court"

TUR_LAWYERS = CaseData(
    key="tur-ozgur-hukuk",
    country="TR",
    time_zone=ISTANBUL,
    title=("Türkiye: Judicial harassment of lawyers Ms. Zeynep Karaca and Mr. Mehmet Ali Yıldız"),
    status="published",
    summary=(
        "Two lawyers of the Özgür Hukuk association, who represent families of people killed "
        "in custody, were detained, charged with terrorism offences and banned from travel."
    ),
    violations=("Judicial harassment", "Travel ban", "Raid"),
    defenders=(KARACA, YILDIZ),
    authorities=("tur-president", "tur-justice", "tur-mission-geneva"),
    charges=(
        ChargeData(
            defender=KARACA,
            instrument="Anti-Terror Law No. 3713",
            article="7/2",
            offence="propaganda for a terrorist organisation",
            maximum_penalty="up to five years' imprisonment",
            date_brought=D(2025, 11, 7),
        ),
        ChargeData(
            defender=YILDIZ,
            instrument="Anti-Terror Law No. 3713",
            article="7/2",
            offence="propaganda for a terrorist organisation",
            maximum_penalty="up to five years' imprisonment",
            date_brought=D(2025, 11, 7),
        ),
        ChargeData(
            defender=YILDIZ,
            instrument="Penal Code",
            article="314/2",
            offence="membership of an armed organisation",
            maximum_penalty="up to ten years' imprisonment",
            date_brought=D(2025, 11, 7),
        ),
    ),
    detention_periods=(
        DetentionData(
            defender=KARACA,
            kind="police_custody",
            start_date=D(2025, 11, 4),
            term_days=4,
            ordered_by="Diyarbakır Chief Public Prosecutor's Office",
            place="Diyarbakır Police Headquarters",
            actual_end=D(2025, 11, 7),
        ),
        DetentionData(
            defender=YILDIZ,
            kind="police_custody",
            start_date=D(2025, 11, 4),
            term_days=4,
            ordered_by="Diyarbakır Chief Public Prosecutor's Office",
            place="Diyarbakır Police Headquarters",
            actual_end=D(2025, 11, 7),
        ),
    ),
    hearings=(
        HearingData(
            court=DIYARBAKIR_COURT,
            city="Diyarbakır",
            local_date=D(2026, 3, 12),
            local_time=T(10, 0),
            time_zone=ISTANBUL,
            purpose="trial_opening",
            status="held",
            outcome="Adjourned; the travel ban was maintained.",
            observers_attending=True,
            defenders=(KARACA, YILDIZ),
        ),
        HearingData(
            court=DIYARBAKIR_COURT,
            city="Diyarbakır",
            local_date=D(2027, 2, 10),
            local_time=T(9, 30),
            time_zone=ISTANBUL,
            purpose="trial",
            observers_attending=True,
            defenders=(KARACA, YILDIZ),
            moved_from=HearingMoveData(
                local_date=D(2026, 12, 8),
                local_time=T(9, 30),
                reason="The court is waiting for the expert report on the seized telephones.",
            ),
        ),
    ),
    events=(
        EventData(
            D(2025, 11, 4),
            "search",
            "Police searched the office of the Özgür Hukuk association in Diyarbakır.",
            defenders=(KARACA, YILDIZ),
            seized_items="Client files, two computers and the lawyers' telephones.",
        ),
        EventData(
            D(2025, 11, 4),
            "arrest",
            "Ms. Karaca and Mr. Yıldız were taken into police custody.",
            defenders=(KARACA, YILDIZ),
        ),
        EventData(
            D(2025, 11, 7),
            "release",
            "Both were released under judicial control and charged.",
            defenders=(KARACA, YILDIZ),
        ),
        EventData(
            D(2025, 11, 7),
            "travel_ban",
            "The magistrate banned both lawyers from leaving the country.",
            defenders=(KARACA, YILDIZ),
        ),
    ),
    appeals=(
        AppealData(
            intervention_type="urgent_appeal",
            issue_date=D(2025, 11, 6),
            original=AppealTextData(
                language="en",
                title=("Türkiye: Detention of lawyers Ms. Zeynep Karaca and Mr. Mehmet Ali Yıldız"),
                description=(
                    "On November 4, 2025, police searched the office of the Özgür Hukuk "
                    "association in Diyarbakır and took two of its lawyers, Ms. Zeynep Karaca "
                    "and Mr. Mehmet Ali Yıldız, into custody."
                ),
                actions=(
                    _action(
                        "Immediately and unconditionally release Ms. Zeynep Karaca and Mr. "
                        "Mehmet Ali Yıldız and drop all charges against them;",
                        RELEASE,
                    ),
                    _action(
                        "Guarantee that lawyers can carry out their work without fear of "
                        "reprisals, as required by the UN Basic Principles on the Role of "
                        "Lawyers;"
                    ),
                    UN_DECLARATION,
                ),
            ),
        ),
    ),
)

# --- Azerbaijan: a journalist whose detention keeps being extended; appeal still a draft --

QASIMLI = "aze-qasimli"
BAKU = "Asia/Baku"

AZE_MEYDAN = CaseData(
    key="aze-qasimli-meydan",
    country="AZ",
    time_zone=BAKU,
    title="Azerbaijan: Arbitrary detention and ill-treatment of journalist Ms. Nigar Qasımlı",
    status="in_review",
    summary=(
        "An investigative journalist of Meydan Press has been in pre-trial detention since "
        "December 2025 on smuggling charges; her detention has been extended three times."
    ),
    violations=("Arbitrary detention", "Judicial harassment", "Torture and ill-treatment"),
    defenders=(QASIMLI,),
    authorities=("aze-president", "aze-prosecutor", "aze-ombudsperson", "aze-mission-geneva"),
    internal_notes="Review: confirm the date of the beating with her lawyer before issuing.",
    charges=(
        ChargeData(
            defender=QASIMLI,
            instrument="Criminal Code",
            article="206.3.2",
            offence="smuggling by a group of persons",
            maximum_penalty="up to eight years' imprisonment",
            date_brought=D(2025, 12, 5),
        ),
        ChargeData(
            defender=QASIMLI,
            instrument="Criminal Code",
            article="192.3.2",
            offence="illegal entrepreneurship generating large income",
            maximum_penalty="up to five years' imprisonment",
            date_brought=D(2026, 3, 25),
        ),
    ),
    detention_periods=(
        DetentionData(
            defender=QASIMLI,
            kind="pre_trial_detention",
            start_date=D(2025, 12, 5),
            term_months=4,
            ordered_by="Khatai District Court of Baku",
            place="Baku Pre-trial Detention Centre No. 1",
            extensions=(
                ExtensionData(D(2026, 3, 30), term_months=3, ordered_by="Khatai District Court"),
                ExtensionData(D(2026, 6, 29), term_months=3, ordered_by="Khatai District Court"),
                ExtensionData(D(2026, 9, 28), term_months=2, ordered_by="Khatai District Court"),
            ),
        ),
    ),
    hearings=(
        HearingData(
            court="Khatai District Court of Baku",
            city="Baku",
            local_date=D(2026, 9, 28),
            local_time=T(11, 0),
            time_zone=BAKU,
            purpose="detention_extension",
            status="held",
            outcome="Detention extended by two months.",
            defenders=(QASIMLI,),
        ),
        HearingData(
            court="Baku Grave Crimes Court",
            city="Baku",
            local_date=D(2026, 12, 15),
            local_time=T(10, 0),
            time_zone=BAKU,
            purpose="preliminary",
            observers_attending=True,
            defenders=(QASIMLI,),
        ),
    ),
    events=(
        EventData(
            D(2025, 12, 4),
            "search",
            "Police searched the Meydan Press office and said they had found undeclared cash.",
            defenders=(QASIMLI,),
            seized_items="Three laptops, cameras, and EUR 12,000 the police say they found.",
        ),
        EventData(D(2025, 12, 4), "arrest", "Ms. Qasımlı was arrested.", defenders=(QASIMLI,)),
        EventData(
            D(2025, 12, 5),
            "remand",
            "The Khatai District Court remanded her in custody for four months.",
            defenders=(QASIMLI,),
        ),
        EventData(
            D(2026, 2, 10),
            "ill_treatment",
            "Ms. Qasımlı reported being beaten during a transfer to the investigator's office.",
            defenders=(QASIMLI,),
            source_identity="Her cellmate, through Ms. Qasımlı's lawyer.",
        ),
    ),
    appeals=(
        AppealData(
            intervention_type="urgent_appeal",
            original=AppealTextData(
                language="en",
                title="Azerbaijan: Ill-treatment in detention of journalist Ms. Nigar Qasımlı",
                description=(
                    "The Observatory has been informed by reliable sources about the "
                    "ill-treatment of Ms. Nigar Qasımlı, an investigative journalist held in "
                    "pre-trial detention in Baku since December 2025."
                ),
                actions=(
                    _action(
                        "Immediately and unconditionally release Ms. Nigar Qasımlı and drop all "
                        "charges against her;",
                        RELEASE,
                    ),
                    _action(
                        "Carry out an immediate, thorough and impartial investigation into her "
                        "ill-treatment;",
                        INVESTIGATE,
                    ),
                    UN_DECLARATION,
                ),
            ),
        ),
    ),
)

# --- Guatemala: a community leader killed; another organisation's appeal recorded ---------

CAC_XOL = "gtm-cac-xol"

GTM_COBAN = CaseData(
    key="gtm-cac-xol-killing",
    country="GT",
    time_zone="America/Guatemala",
    title="Guatemala: Killing of Mr. Sebastián Cac Xol, Q'eqchi' community leader",
    status="closed",
    summary=(
        "A Q'eqchi' community leader who led his community's claim to its ancestral land was "
        "shot dead near Cobán after months of threats."
    ),
    violations=("Killing", "Threats"),
    defenders=(CAC_XOL,),
    authorities=("gtm-president", "gtm-prosecutor", "gtm-ombudsperson"),
    events=(
        EventData(
            D(2024, 12, 9),
            "threat",
            'Men working for a palm oil company told Mr. Cac Xol he would be "the next one".',
            defenders=(CAC_XOL,),
        ),
        EventData(
            D(2025, 3, 2),
            "killing",
            "Mr. Cac Xol was shot dead by two men on a motorcycle on the road from his "
            "community to Cobán.",
            defenders=(CAC_XOL,),
        ),
        EventData(
            D(2025, 3, 3),
            "other",
            "The Public Prosecutor's Office opened an investigation.",
            defenders=(CAC_XOL,),
        ),
    ),
    appeals=(
        AppealData(
            intervention_type="urgent_appeal",
            issue_date=D(2025, 3, 5),
            original=AppealTextData(
                language="en",
                title="Guatemala: Killing of Mr. Sebastián Cac Xol",
                description=(
                    "The Observatory has been informed by reliable sources about the killing "
                    "of Mr. Sebastián Cac Xol, a Q'eqchi' community leader, on March 2, 2025 "
                    "near Cobán, Alta Verapaz."
                ),
                actions=(
                    _action(
                        "Carry out an immediate, thorough and impartial investigation into the "
                        "killing of Mr. Sebastián Cac Xol, in order to identify all those "
                        "responsible and sanction them as provided by law;",
                        INVESTIGATE,
                    ),
                    _action(
                        "Guarantee the physical and psychological integrity of his family and "
                        "community;"
                    ),
                    UN_DECLARATION,
                ),
            ),
        ),
    ),
    external_references=(
        ExternalReferenceData(
            issuer="Frontline Solidarity Network",
            reference="FSN-UA 2025/031",
            date=D(2025, 3, 4),
            url="https://fsn.example.org/appeals/2025-031",
        ),
    ),
)

# --- Philippines: a draft case, no appeal yet --------------------------------------------

DIMACULANGAN = "phl-dimaculangan"
BAUTISTA = "phl-bautista"

PHL_RED_TAGGING = CaseData(
    key="phl-red-tagging-batangas",
    country="PH",
    time_zone="Asia/Manila",
    title="Philippines: Red-tagging and threats against youth organisers in Batangas",
    status="draft",
    summary=(
        'Posters calling two youth organisers "communist terrorists" appeared in their town, '
        "and soldiers visited their families."
    ),
    violations=("Smear campaign", "Threats"),
    defenders=(DIMACULANGAN, BAUTISTA),
    authorities=("phl-president", "phl-justice", "phl-chr"),
    internal_notes="Waiting for the organisers' consent before anything is published.",
    events=(
        EventData(
            D(2026, 10, 2),
            "smear_campaign",
            'Posters naming both organisers as "communist terrorists" were put up in Lipa.',
            defenders=(DIMACULANGAN, BAUTISTA),
        ),
        EventData(
            D(2026, 10, 15),
            "threat",
            "Soldiers visited Ms. Dimaculangan's parents and asked where she sleeps.",
            defenders=(DIMACULANGAN,),
            source_identity="Ms. Dimaculangan's brother.",
        ),
    ),
)

# --- Kazakhstan: a trade unionist under house arrest -------------------------------------

SARSENBAEV = "kaz-sarsenbaev"
AQTAU = "Asia/Aqtau"

KAZ_ZHANAOZEN = CaseData(
    key="kaz-sarsenbaev-union",
    country="KZ",
    time_zone=AQTAU,
    title="Kazakhstan: House arrest of trade unionist Mr. Daniyar Sarsenbaev",
    status="published",
    summary=(
        "The leader of an independent oil workers' union in Zhanaozen was arrested after a "
        "strike over wages and placed under house arrest."
    ),
    violations=(
        "Arbitrary detention",
        "Judicial harassment",
        "Obstacles to freedom of association",
    ),
    defenders=(SARSENBAEV,),
    authorities=("kaz-president", "kaz-prosecutor", "kaz-labour"),
    charges=(
        ChargeData(
            defender=SARSENBAEV,
            instrument="Criminal Code",
            article="402",
            offence="calls to continue a strike declared illegal by a court",
            maximum_penalty="up to three years' restriction of liberty",
            date_brought=D(2026, 6, 11),
        ),
    ),
    detention_periods=(
        DetentionData(
            defender=SARSENBAEV,
            kind="police_custody",
            start_date=D(2026, 6, 10),
            term_days=3,
            ordered_by="Zhanaozen City Police",
            place="Zhanaozen temporary detention facility",
            actual_end=D(2026, 6, 12),
        ),
        DetentionData(
            defender=SARSENBAEV,
            kind="house_arrest",
            start_date=D(2026, 6, 12),
            term_months=2,
            ordered_by="Investigating judge of the Zhanaozen City Court",
            place="His home in Zhanaozen",
            extensions=(
                ExtensionData(D(2026, 8, 10), term_months=2),
                ExtensionData(D(2026, 10, 9), term_months=2),
            ),
        ),
    ),
    hearings=(
        HearingData(
            court="Zhanaozen City Court",
            city="Zhanaozen",
            local_date=D(2027, 1, 19),
            local_time=T(10, 0),
            time_zone=AQTAU,
            purpose="trial_opening",
            observers_attending=True,
            defenders=(SARSENBAEV,),
        ),
    ),
    events=(
        EventData(
            D(2026, 6, 10),
            "arrest",
            "Mr. Sarsenbaev was arrested at the gates of the oil field on the ninth day of the "
            "strike.",
            defenders=(SARSENBAEV,),
        ),
        EventData(
            D(2026, 6, 12),
            "remand",
            "The investigating judge placed him under house arrest for two months.",
            defenders=(SARSENBAEV,),
        ),
    ),
    appeals=(
        AppealData(
            intervention_type="urgent_appeal",
            issue_date=D(2026, 6, 15),
            original=AppealTextData(
                language="en",
                title="Kazakhstan: House arrest of trade unionist Mr. Daniyar Sarsenbaev",
                description=(
                    "On June 10, 2026, Mr. Daniyar Sarsenbaev, leader of an independent oil "
                    "workers' union in Zhanaozen, was arrested on the ninth day of a strike "
                    "over wages; he has been under house arrest since June 12."
                ),
                actions=(
                    _action(
                        "Immediately and unconditionally release Mr. Daniyar Sarsenbaev and "
                        "drop all charges against him;",
                        RELEASE,
                    ),
                    _action(
                        "Guarantee the right of workers to form independent trade unions and "
                        "to strike, as protected by ILO Conventions 87 and 98;"
                    ),
                    UN_DECLARATION,
                ),
            ),
        ),
    ),
)

# --- Egypt: detention renewed again and again, then "recycled" into a new case ------------

MANSOUR = "egy-mansour"
HAMDY = "egy-hamdy"
CAIRO = "Africa/Cairo"
SSSP = "Supreme State Security Prosecution"
CAIRO_COURT = "Cairo Criminal Court (Terrorism Circuit)"


def _renewals(
    first: dt.date, *, count: int, days: int, ordered_by: str
) -> tuple[ExtensionData, ...]:
    """Return `count` renewals of `days` days each, ordered every `days` days from `first`."""
    return tuple(
        ExtensionData(first + dt.timedelta(days=days * n), term_days=days, ordered_by=ordered_by)
        for n in range(count)
    )


EGY_LEGAL_AID = CaseData(
    key="egy-mansour-legal-aid",
    country="EG",
    time_zone=CAIRO,
    title="Egypt: Arbitrary detention of lawyer Ms. Mona Mansour and travel ban on Mr. Karim Hamdy",
    status="published",
    summary=(
        "A lawyer of the Cairo Centre for Legal Aid has been held since September 2024; when a "
        "court ordered her release a year later she was added to a new case. A researcher of "
        "the centre was barred from leaving the country."
    ),
    violations=("Arbitrary detention", "Judicial harassment", "Travel ban"),
    defenders=(MANSOUR, HAMDY),
    authorities=("egy-president", "egy-prosecutor", "egy-nchr"),
    charges=(
        ChargeData(
            defender=MANSOUR,
            instrument="Anti-Terrorism Law No. 94 of 2015",
            article="12",
            offence="joining a terrorist group",
            maximum_penalty="up to life imprisonment",
            date_brought=D(2024, 9, 22),
        ),
        ChargeData(
            defender=MANSOUR,
            instrument="Penal Code",
            article="80(d)",
            offence="spreading false news",
            maximum_penalty="up to five years' imprisonment",
            date_brought=D(2025, 9, 10),
        ),
    ),
    detention_periods=(
        DetentionData(
            defender=MANSOUR,
            kind="pre_trial_detention",
            start_date=D(2024, 9, 22),
            term_days=15,
            ordered_by=SSSP,
            place="Al-Qanater Women's Prison",
            actual_end=D(2025, 9, 10),
            notes="Case No. 1190 of 2024; release ordered on 10 September 2025, never carried out.",
            extensions=(
                ExtensionData(D(2024, 10, 6), term_days=15, ordered_by=SSSP),
                *_renewals(D(2024, 10, 21), count=8, days=45, ordered_by=SSSP),
            ),
        ),
        # "Recycling": the same day, a new case and a new period, so one continuous detention.
        DetentionData(
            defender=MANSOUR,
            kind="pre_trial_detention",
            start_date=D(2025, 9, 10),
            term_days=15,
            ordered_by=SSSP,
            place="Al-Qanater Women's Prison",
            notes="Case No. 2207 of 2025.",
            extensions=(
                ExtensionData(D(2025, 9, 24), term_days=45, ordered_by=CAIRO_COURT),
                *_renewals(D(2025, 11, 8), count=9, days=45, ordered_by=CAIRO_COURT),
            ),
        ),
    ),
    hearings=(
        HearingData(
            court=CAIRO_COURT,
            city="Cairo",
            local_date=D(2026, 12, 3),
            local_time=T(10, 0),
            time_zone=CAIRO,
            purpose="detention_extension",
            defenders=(MANSOUR,),
        ),
    ),
    events=(
        EventData(
            D(2024, 9, 20),
            "arrest",
            "Security officers arrested Ms. Mansour at her home at dawn; she was held "
            "incommunicado for two days.",
            defenders=(MANSOUR,),
            seized_items="Her laptop, her telephone and case files of her clients.",
        ),
        EventData(
            D(2024, 9, 22),
            "remand",
            "The Supreme State Security Prosecution ordered her detention for 15 days.",
            defenders=(MANSOUR,),
        ),
        EventData(
            D(2025, 3, 1),
            "travel_ban",
            "Mr. Hamdy was stopped at Cairo airport and told he is banned from travel.",
            defenders=(HAMDY,),
        ),
        EventData(
            D(2025, 9, 10),
            "charge",
            "The day a court ordered her release, Ms. Mansour was added to a new case and "
            "charged with spreading false news.",
            defenders=(MANSOUR,),
        ),
    ),
    appeals=(
        AppealData(
            intervention_type="urgent_appeal",
            issue_date=D(2024, 9, 25),
            original=AppealTextData(
                language="en",
                title="Egypt: Arbitrary detention of lawyer Ms. Mona Mansour",
                description=(
                    "On September 20, 2024, security officers arrested Ms. Mona Mansour, a "
                    "lawyer of the Cairo Centre for Legal Aid, at her home in Cairo."
                ),
                actions=(
                    _action(
                        "Immediately and unconditionally release Ms. Mona Mansour and drop all "
                        "charges against her;",
                        RELEASE,
                    ),
                    UN_DECLARATION,
                ),
            ),
        ),
        AppealData(
            intervention_type="new_information",
            issue_date=D(2025, 9, 12),
            violations=("Arbitrary detention", "Judicial harassment", "Travel ban"),
            original=AppealTextData(
                language="en",
                title=(
                    "Egypt: Ms. Mona Mansour added to a new case on the day of her release; "
                    "travel ban on Mr. Karim Hamdy"
                ),
                description=(
                    "On September 10, 2025, instead of being released as a court had ordered, "
                    "Ms. Mona Mansour was added to a new case. Since March 2025, her colleague "
                    "Mr. Karim Hamdy has been barred from leaving Egypt."
                ),
                actions=(
                    _action(
                        "Immediately and unconditionally release Ms. Mona Mansour;",
                    ),
                    _action("Lift the travel ban on Mr. Karim Hamdy;"),
                    UN_DECLARATION,
                ),
            ),
        ),
    ),
    numbering=Numbering(cases_before=11, interventions_before=97),
)

# --- Honduras: a draft case, no appeal yet -----------------------------------------------

CASTILLO = "hnd-castillo"

HND_TRUJILLO = CaseData(
    key="hnd-castillo-trujillo",
    country="HN",
    time_zone="America/Tegucigalpa",
    title="Honduras: Death threats and attack against Garifuna land defender Ms. Wendy Castillo",
    status="draft",
    summary="Shots were fired at the house of a Garifuna land defender after weeks of threats.",
    violations=("Death threats", "Harassment"),
    defenders=(CASTILLO,),
    authorities=("hnd-president", "hnd-protection", "hnd-prosecutor"),
    events=(
        EventData(
            D(2026, 9, 28),
            "threat",
            'Ms. Castillo received voice messages saying the community would "pay" for '
            "blocking the tourist project.",
            defenders=(CASTILLO,),
        ),
        EventData(
            D(2026, 10, 30),
            "attack",
            "Unknown men fired shots at her house in Trujillo at night; nobody was hurt.",
            defenders=(CASTILLO,),
            source_identity="Her neighbour, a member of the community patrol.",
        ),
    ),
)

# --- Georgia: fined under the foreign influence law; appeal hearing ahead -----------------

KAPANADZE = "geo-kapanadze"
TBILISI = "Asia/Tbilisi"

GEO_CIVIC_MONITOR = CaseData(
    key="geo-civic-monitor",
    country="GE",
    time_zone=TBILISI,
    title="Georgia: Smear campaign and judicial harassment against Civic Monitor Georgia",
    status="in_review",
    summary=(
        "The director of an election-monitoring NGO was fined for refusing to register as an "
        'organisation "pursuing the interests of a foreign power".'
    ),
    violations=("Smear campaign", "Obstacles to freedom of association", "Judicial harassment"),
    defenders=(KAPANADZE,),
    authorities=("geo-prime-minister", "geo-public-defender", "geo-osce"),
    charges=(
        ChargeData(
            defender=KAPANADZE,
            instrument_kind="administrative",
            instrument="Law on Transparency of Foreign Influence",
            article="9",
            offence=(
                "failure to register as an organisation pursuing the interests of a foreign power"
            ),
            maximum_penalty="a fine of 25,000 lari, repeatable monthly",
            date_brought=D(2026, 6, 1),
            status="convicted",
            sentence="a fine of 25,000 lari",
            decided_on=D(2026, 7, 22),
        ),
    ),
    hearings=(
        HearingData(
            court="Tbilisi City Court",
            city="Tbilisi",
            local_date=D(2026, 7, 22),
            local_time=T(12, 0),
            time_zone=TBILISI,
            purpose="verdict",
            status="held",
            outcome="Fined 25,000 lari.",
            defenders=(KAPANADZE,),
        ),
        HearingData(
            court="Tbilisi Court of Appeals",
            city="Tbilisi",
            local_date=D(2027, 2, 3),
            local_time=T(11, 0),
            time_zone=TBILISI,
            purpose="appeal",
            defenders=(KAPANADZE,),
        ),
    ),
    events=(
        EventData(
            D(2026, 5, 15),
            "smear_campaign",
            'Pro-government television presented Civic Monitor Georgia as a "foreign agent" '
            "preparing a revolution.",
            defenders=(KAPANADZE,),
        ),
        EventData(
            D(2026, 6, 1),
            "charge",
            "The Anti-Corruption Bureau fined the organisation's director for refusing to "
            "register.",
            defenders=(KAPANADZE,),
        ),
        EventData(
            D(2026, 7, 22),
            "verdict",
            "The Tbilisi City Court upheld the fine.",
            defenders=(KAPANADZE,),
        ),
    ),
)


INVENTED_DEFENDERS = (
    DefenderData(
        key=LEBEDEVA,
        full_name="Darya Lebedeva",
        local_name="Дарья Лебедева",
        gender="female",
        role="editor of the independent news site Sever-Info",
        organisation="Sever-Info",
        areas=("Freedom of expression",),
        country="RU",
        city="Arkhangelsk",
        region="Arkhangelsk Region",
        situation="imprisoned",
        # Her family asked us to make her illness public: staff disclosed it.
        health_notes="Has severe asthma and needs an inhaler every day.",
        family_notes="Her mother, Ms. Galina Lebedeva, visits once a month.",
        disclosed=("health_notes",),
    ),
    DefenderData(
        key=KARPOVICH,
        full_name="Alena Karpovich",
        local_name="Алёна Карпович",
        gender="female",
        role='head of the human rights centre "Pravo Vybora"',
        organisation='Human rights centre "Pravo Vybora"',
        areas=("Fight against torture", "Access to justice"),
        country="BY",
        city="Hrodna",
        region="Hrodna Region",
        situation="in_exile",
        home_address="Pavyzdžio g. 5-12, Vilnius, Lithuania",
        internal_notes="In exile in Lithuania since 2023; never publish her city of residence.",
    ),
    DefenderData(
        key=ZHUK,
        full_name="Pavel Zhuk",
        local_name="Павел Жук",
        gender="male",
        role='lawyer of the human rights centre "Pravo Vybora"',
        organisation='Human rights centre "Pravo Vybora"',
        areas=("Access to justice",),
        country="BY",
        city="Hrodna",
        region="Hrodna Region",
        situation="imprisoned",
        family_notes="His wife and son left for Poland in 2025.",
    ),
    DefenderData(
        key=VENTURA,
        full_name="Tomás Ventura Aquino",
        gender="male",
        role="Mixtec land defender, member of the Consejo Comunitario de Yucuná",
        organisation="Consejo Comunitario de Defensa del Territorio de Yucuná",
        areas=("Land rights", "Indigenous peoples' rights"),
        country="MX",
        city="San Isidro Yucuná",
        region="Oaxaca",
        situation="disappeared",
        family_notes="His daughter Ms. Itzel Ventura coordinates the family's search.",
        phone="+52 951 000 4321",
    ),
    DefenderData(
        key=MUKUBA,
        full_name="Espérance Bahati Mukuba",
        gender="female",
        role="lawyer defending survivors of sexual violence",
        organisation="Barreau de Bukavu",
        areas=("Women's rights", "Access to justice"),
        country="CD",
        city="Bukavu",
        region="South Kivu",
        situation="released",
    ),
    DefenderData(
        key=KARACA,
        full_name="Zeynep Karaca",
        gender="female",
        role="lawyer, co-chair of the Özgür Hukuk association",
        organisation="Özgür Hukuk Derneği",
        areas=("Fight against torture", "Access to justice"),
        country="TR",
        city="Diyarbakır",
        region="Diyarbakır",
    ),
    DefenderData(
        key=YILDIZ,
        full_name="Mehmet Ali Yıldız",
        gender="male",
        role="lawyer of the Özgür Hukuk association",
        organisation="Özgür Hukuk Derneği",
        areas=("Fight against torture",),
        country="TR",
        city="Diyarbakır",
        region="Diyarbakır",
    ),
    DefenderData(
        key=QASIMLI,
        full_name="Nigar Qasımlı",
        gender="female",
        role="investigative journalist",
        organisation="Meydan Press",
        areas=("Freedom of expression",),
        country="AZ",
        city="Baku",
        situation="pre_trial_detention",
        health_notes="Has not received treatment for a back injury from the beating.",
    ),
    DefenderData(
        key=CAC_XOL,
        full_name="Sebastián Cac Xol",
        gender="male",
        role="Q'eqchi' community leader",
        organisation="Community of Sesajal",
        areas=("Indigenous peoples' rights", "Land rights"),
        country="GT",
        city="Cobán",
        region="Alta Verapaz",
        situation="killed",
    ),
    DefenderData(
        key=DIMACULANGAN,
        full_name="Maria Luisa Dimaculangan",
        gender="female",
        role="youth organiser",
        organisation="Kabataan para sa Bayan (Batangas)",
        areas=("Freedom of assembly",),
        country="PH",
        city="Lipa",
        region="Batangas",
        home_address="Purok 3, Barangay Example, Lipa City",
    ),
    DefenderData(
        key=BAUTISTA,
        full_name="Jomar Bautista",
        gender="male",
        role="youth organiser",
        organisation="Kabataan para sa Bayan (Batangas)",
        areas=("Freedom of assembly", "Labour rights"),
        country="PH",
        city="Lipa",
        region="Batangas",
    ),
    DefenderData(
        key=SARSENBAEV,
        full_name="Daniyar Sarsenbaev",
        local_name="Данияр Сарсенбаев",
        gender="male",
        role="chair of an independent oil workers' union",
        organisation="Independent Union of Oil Workers of Zhanaozen",
        areas=("Labour rights",),
        country="KZ",
        city="Zhanaozen",
        region="Mangystau Region",
        situation="house_arrest",
        phone="+7 701 000 1234",
    ),
    DefenderData(
        key=MANSOUR,
        full_name="Mona Mansour",
        local_name="منى منصور",
        gender="female",
        role="lawyer of the Cairo Centre for Legal Aid",
        organisation="Cairo Centre for Legal Aid",
        areas=("Access to justice", "Women's rights"),
        country="EG",
        city="Cairo",
        situation="pre_trial_detention",
        health_notes="Diabetic; the prison clinic gives her insulin irregularly.",
        family_notes="Her husband is not allowed to visit; her sister visits every two weeks.",
    ),
    DefenderData(
        key=HAMDY,
        full_name="Karim Hamdy",
        local_name="كريم حمدي",
        gender="male",
        role="researcher at the Cairo Centre for Legal Aid",
        organisation="Cairo Centre for Legal Aid",
        areas=("Access to justice",),
        country="EG",
        city="Cairo",
    ),
    DefenderData(
        key=CASTILLO,
        full_name="Wendy Yamileth Castillo",
        gender="female",
        role="Garifuna land defender",
        organisation="Garifuna community of Río Negro",
        areas=("Land rights", "Indigenous peoples' rights"),
        country="HN",
        city="Trujillo",
        region="Colón",
        phone="+504 9800 1234",
    ),
    DefenderData(
        key=KAPANADZE,
        full_name="Nino Kapanadze",
        local_name="ნინო კაპანაძე",
        gender="female",
        role="director of Civic Monitor Georgia",
        organisation="Civic Monitor Georgia",
        areas=("Freedom of expression", "Freedom of assembly"),
        country="GE",
        city="Tbilisi",
    ),
)

INVENTED_CASES = (
    KGZ_TAZA_SUU_2024,
    RUS_LEBEDEVA,
    BLR_PRAVO_VYBORA,
    MEX_YUCUNA,
    COD_BUKAVU,
    TUR_LAWYERS,
    AZE_MEYDAN,
    GTM_COBAN,
    PHL_RED_TAGGING,
    KAZ_ZHANAOZEN,
    EGY_LEGAL_AID,
    HND_TRUJILLO,
    GEO_CIVIC_MONITOR,
)
