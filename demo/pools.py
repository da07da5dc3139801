"""What the benchmark generator draws from: the countries (with a Faker locale for names, the
script names are written in, cities and their real IANA time zones), the posts of the
authorities it creates per country, offences, and sentence templates for events.

Place names and laws are realistic so that the data looks like the real thing; every person,
organisation, number and address the generator makes from them is invented.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    name: str
    region: str
    time_zone: str


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name: str
    locale: str  # Faker locale for names
    script: str  # "latin", "cyrillic" or "georgian": the script Faker writes names in
    weight: int  # how often the generator picks the country
    cities: tuple[City, ...]
    tld: str
    language: str = "en"  # the language its authorities read
    family_name_first: bool = False


def _cities(time_zone: str, *pairs: tuple[str, str]) -> tuple[City, ...]:
    return tuple(City(name, region, time_zone) for name, region in pairs)


COUNTRIES: tuple[Country, ...] = (
    Country(
        "KG",
        "Kyrgyzstan",
        "ru_RU",
        "cyrillic",
        5,
        _cities(
            "Asia/Bishkek",
            ("Bishkek", "Chuy Region"),
            ("Osh", "Osh Region"),
            ("Jalal-Abad", "Jalal-Abad Region"),
            ("Karakol", "Issyk-Kul Region"),
        ),
        "kg",
        "ru",
    ),
    Country(
        "KZ",
        "Kazakhstan",
        "ru_RU",
        "cyrillic",
        5,
        (
            City("Almaty", "Almaty Region", "Asia/Almaty"),
            City("Astana", "Akmola Region", "Asia/Almaty"),
            City("Aktau", "Mangystau Region", "Asia/Aqtau"),
            City("Oral", "West Kazakhstan Region", "Asia/Oral"),
            City("Kostanay", "Kostanay Region", "Asia/Qostanay"),
        ),
        "kz",
        "ru",
    ),
    Country(
        "RU",
        "Russian Federation",
        "ru_RU",
        "cyrillic",
        8,
        (
            City("Moscow", "Moscow", "Europe/Moscow"),
            City("Saint Petersburg", "Saint Petersburg", "Europe/Moscow"),
            City("Kazan", "Republic of Tatarstan", "Europe/Moscow"),
            City("Kaliningrad", "Kaliningrad Region", "Europe/Kaliningrad"),
            City("Yekaterinburg", "Sverdlovsk Region", "Asia/Yekaterinburg"),
            City("Novosibirsk", "Novosibirsk Region", "Asia/Novosibirsk"),
            City("Vladivostok", "Primorsky Krai", "Asia/Vladivostok"),
        ),
        "ru",
        "ru",
    ),
    Country(
        "BY",
        "Belarus",
        "ru_RU",
        "cyrillic",
        5,
        _cities(
            "Europe/Minsk",
            ("Minsk", "Minsk"),
            ("Hrodna", "Hrodna Region"),
            ("Brest", "Brest Region"),
            ("Homiel", "Homiel Region"),
        ),
        "by",
        "ru",
    ),
    Country(
        "TJ",
        "Tajikistan",
        "ru_RU",
        "cyrillic",
        2,
        _cities(
            "Asia/Dushanbe",
            ("Dushanbe", "Dushanbe"),
            ("Khujand", "Sughd Region"),
            ("Khorog", "Gorno-Badakhshan"),
        ),
        "tj",
        "ru",
    ),
    Country(
        "UZ",
        "Uzbekistan",
        "uz_UZ",
        "latin",
        3,
        (
            City("Tashkent", "Tashkent", "Asia/Tashkent"),
            City("Andijan", "Andijan Region", "Asia/Tashkent"),
            City("Samarkand", "Samarkand Region", "Asia/Samarkand"),
            City("Nukus", "Karakalpakstan", "Asia/Samarkand"),
        ),
        "uz",
        "ru",
    ),
    Country(
        "AZ",
        "Azerbaijan",
        "az_AZ",
        "latin",
        4,
        _cities(
            "Asia/Baku",
            ("Baku", "Absheron"),
            ("Ganja", "Ganja-Dashkasan"),
            ("Lankaran", "Lankaran"),
        ),
        "az",
    ),
    Country(
        "GE",
        "Georgia",
        "ka_GE",
        "georgian",
        3,
        _cities(
            "Asia/Tbilisi", ("Tbilisi", "Tbilisi"), ("Batumi", "Adjara"), ("Kutaisi", "Imereti")
        ),
        "ge",
    ),
    Country(
        "TR",
        "Türkiye",
        "tr_TR",
        "latin",
        7,
        _cities(
            "Europe/Istanbul",
            ("Istanbul", "Istanbul"),
            ("Ankara", "Ankara"),
            ("Diyarbakır", "Diyarbakır"),
            ("Izmir", "Izmir"),
            ("Van", "Van"),
        ),
        "tr",
    ),
    Country(
        "CO",
        "Colombia",
        "es_CO",
        "latin",
        8,
        _cities(
            "America/Bogota",
            ("Bogotá", "Cundinamarca"),
            ("Medellín", "Antioquia"),
            ("Cali", "Valle del Cauca"),
            ("Valledupar", "Cesar"),
            ("Popayán", "Cauca"),
        ),
        "co",
        "es",
    ),
    Country(
        "MX",
        "Mexico",
        "es_MX",
        "latin",
        7,
        (
            City("Mexico City", "Ciudad de México", "America/Mexico_City"),
            City("Oaxaca de Juárez", "Oaxaca", "America/Mexico_City"),
            City("Chihuahua", "Chihuahua", "America/Chihuahua"),
            City("Tijuana", "Baja California", "America/Tijuana"),
            City("Hermosillo", "Sonora", "America/Hermosillo"),
            City("Cancún", "Quintana Roo", "America/Cancun"),
        ),
        "mx",
        "es",
    ),
    Country(
        "GT",
        "Guatemala",
        "es_MX",
        "latin",
        3,
        _cities(
            "America/Guatemala",
            ("Guatemala City", "Guatemala"),
            ("Cobán", "Alta Verapaz"),
            ("Quetzaltenango", "Quetzaltenango"),
        ),
        "gt",
        "es",
    ),
    Country(
        "HN",
        "Honduras",
        "es_MX",
        "latin",
        3,
        _cities(
            "America/Tegucigalpa",
            ("Tegucigalpa", "Francisco Morazán"),
            ("San Pedro Sula", "Cortés"),
            ("Trujillo", "Colón"),
        ),
        "hn",
        "es",
    ),
    Country(
        "NI",
        "Nicaragua",
        "es_MX",
        "latin",
        2,
        _cities(
            "America/Managua",
            ("Managua", "Managua"),
            ("León", "León"),
            ("Bluefields", "South Caribbean Coast"),
        ),
        "ni",
        "es",
    ),
    Country(
        "VE",
        "Venezuela",
        "es_CO",
        "latin",
        3,
        _cities(
            "America/Caracas",
            ("Caracas", "Capital District"),
            ("Maracaibo", "Zulia"),
            ("Barquisimeto", "Lara"),
        ),
        "ve",
        "es",
    ),
    Country(
        "BR",
        "Brazil",
        "pt_BR",
        "latin",
        6,
        (
            City("São Paulo", "São Paulo", "America/Sao_Paulo"),
            City("Rio de Janeiro", "Rio de Janeiro", "America/Sao_Paulo"),
            City("Belém", "Pará", "America/Belem"),
            City("Altamira", "Pará", "America/Santarem"),
            City("Manaus", "Amazonas", "America/Manaus"),
            City("Porto Velho", "Rondônia", "America/Porto_Velho"),
        ),
        "br",
    ),
    Country(
        "PH",
        "Philippines",
        "en_PH",
        "latin",
        5,
        _cities(
            "Asia/Manila",
            ("Manila", "Metro Manila"),
            ("Quezon City", "Metro Manila"),
            ("Davao City", "Davao"),
            ("Bacolod", "Negros Occidental"),
        ),
        "ph",
    ),
    Country(
        "VN",
        "Viet Nam",
        "vi_VN",
        "latin",
        3,
        _cities(
            "Asia/Ho_Chi_Minh",
            ("Hanoi", "Hanoi"),
            ("Ho Chi Minh City", "Ho Chi Minh City"),
            ("Da Nang", "Da Nang"),
        ),
        "vn",
        family_name_first=True,
    ),
    Country(
        "ID",
        "Indonesia",
        "id_ID",
        "latin",
        4,
        (
            City("Jakarta", "Jakarta", "Asia/Jakarta"),
            City("Medan", "North Sumatra", "Asia/Jakarta"),
            City("Pontianak", "West Kalimantan", "Asia/Pontianak"),
            City("Makassar", "South Sulawesi", "Asia/Makassar"),
            City("Jayapura", "Papua", "Asia/Jayapura"),
        ),
        "id",
    ),
    Country(
        "KE",
        "Kenya",
        "en_KE",
        "latin",
        3,
        _cities(
            "Africa/Nairobi", ("Nairobi", "Nairobi"), ("Mombasa", "Mombasa"), ("Kisumu", "Kisumu")
        ),
        "ke",
    ),
    Country(
        "NG",
        "Nigeria",
        "en_NG",
        "latin",
        3,
        _cities(
            "Africa/Lagos",
            ("Lagos", "Lagos"),
            ("Abuja", "Federal Capital Territory"),
            ("Port Harcourt", "Rivers"),
        ),
        "ng",
    ),
    Country(
        "DZ",
        "Algeria",
        "fr_DZ",
        "latin",
        3,
        _cities(
            "Africa/Algiers", ("Algiers", "Algiers"), ("Oran", "Oran"), ("Tizi Ouzou", "Tizi Ouzou")
        ),
        "dz",
        "fr",
    ),
    Country(
        "PK",
        "Pakistan",
        "en_PK",
        "latin",
        3,
        _cities(
            "Asia/Karachi",
            ("Karachi", "Sindh"),
            ("Lahore", "Punjab"),
            ("Quetta", "Balochistan"),
            ("Peshawar", "Khyber Pakhtunkhwa"),
        ),
        "pk",
    ),
)

# Authorities the generator creates for each country: (post, salutation, has a person).
AUTHORITY_POSTS: tuple[tuple[str, str, bool], ...] = (
    ("President of {country}", "Your Excellency", True),
    ("Prime Minister", "Dear Prime Minister", True),
    ("Minister of Justice", "Dear Minister", True),
    ("Minister of the Interior", "Dear Minister", True),
    ("Minister of Foreign Affairs", "Dear Minister", True),
    ("Prosecutor General", "Dear Prosecutor General", True),
    ("Chief Justice of the Supreme Court", "Dear Chief Justice", True),
    ("Ombudsperson", "Dear Ombudsperson", True),
    ("Permanent Mission of {country} to the United Nations Office in Geneva", "Excellency", False),
    ("Embassy of {country} in Brussels", "Excellency", False),
)

# (offence, maximum penalty)
CRIMINAL_OFFENCES: tuple[tuple[str, str], ...] = (
    ("dissemination of false information", "up to five years' imprisonment"),
    ("calls for mass unrest", "up to eight years' imprisonment"),
    ("participation in mass riots", "up to ten years' imprisonment"),
    ("organisation of an extremist community", "up to ten years' imprisonment"),
    ("propaganda for a terrorist organisation", "up to five years' imprisonment"),
    ("membership of an armed organisation", "up to ten years' imprisonment"),
    ("incitement to social discord", "up to ten years' imprisonment"),
    ("organisation of an unlawful gathering", "up to five years' imprisonment"),
    ("defamation", "up to two years' imprisonment"),
    ("insulting a public official", "up to one year's imprisonment"),
    ("fraud", "up to six years' imprisonment"),
    ("tax evasion", "up to three years' imprisonment"),
    ("illegal entrepreneurship", "up to five years' imprisonment"),
    ("hooliganism", "up to five years' imprisonment"),
    ("smuggling by a group of persons", "up to eight years' imprisonment"),
    ("treason", "up to twenty years' imprisonment"),
)
ADMINISTRATIVE_OFFENCES: tuple[tuple[str, str], ...] = (
    (
        "violating the procedure for holding peaceful assemblies",
        "15 days' administrative detention",
    ),
    ("disobeying a lawful order of a police officer", "15 days' administrative detention"),
    ("petty hooliganism", "15 days' administrative detention"),
    ("failure to submit financial reports", "a fine"),
    ("activities of an unregistered organisation", "a fine"),
)
PRISON_SENTENCES = (
    "two years' imprisonment",
    "three years' imprisonment",
    "four years in a general-regime penal colony",
    "five years' imprisonment",
    "six years in a penal colony",
    "eight years' imprisonment",
    "two years' restriction of liberty",
    "a suspended sentence of three years",
)
ADMINISTRATIVE_SENTENCES = (
    "10 days' administrative detention",
    "15 days' administrative detention",
    "a fine",
)

ROLES = (
    "director of {organisation}",
    "lawyer",
    "journalist",
    "member of {organisation}",
    "coordinator at {organisation}",
    "trade unionist",
    "community leader",
    "blogger",
    "environmental activist",
    "researcher at {organisation}",
)
ORGANISATIONS = (
    "{city} Human Rights Centre",
    "Committee for the Defence of {region} Communities",
    "{city} Bar Association",
    "Independent Union of {city} Workers",
    "{city} Environmental Network",
    "Women's Rights Association of {region}",
    "Legal Clinic of {city}",
    "{city} Press Club",
    "Coalition for Land Rights in {region}",
    "Observatory of Prisons of {region}",
)
FORCES = (
    "Police officers",
    "Officers of the security service",
    "Plain-clothes officers",
    "Officers of the anti-extremism unit",
    "Soldiers",
)
MEDIA = (
    "A pro-government television channel",
    "A state newspaper",
    "Anonymous social media accounts",
)
SEIZED = (
    "two laptops",
    "three telephones",
    "the organisation's archive",
    "hard drives",
    "a camera",
    "client files",
    "notebooks",
    "USB keys",
    "a server",
)
ACTIVITIES = (
    "publishing a report",
    "a radio interview",
    "a protest",
    "filing a complaint",
    "monitoring a trial",
    "a press conference",
)
HEARING_OUTCOMES = {
    "remand": "Remanded in pre-trial detention.",
    "detention_extension": "Detention extended.",
    "preliminary": "The case was sent to trial.",
    "trial_opening": "The trial opened; next hearing set.",
    "trial": "Witnesses for the prosecution were heard.",
    "verdict": "Verdict delivered.",
    "appeal": "The appeal was rejected.",
    "cassation": "The cassation appeal was rejected.",
    "other": "Adjourned.",
}
COURTS = (
    "{city} City Court",
    "District Court No. {n} of {city}",
    "{region} Regional Court",
    "{city} Court of Appeal",
)

# What happened, by event kind; {force}, {activity} and {media} are drawn from the lists above.
EVENT_TEMPLATES = {
    "arrest": "{force} arrested {names} in {city}.",
    "remand": "The court remanded {names} in pre-trial detention.",
    "release": "{names} released.",
    "charge": "{names} charged with {detail}.",
    "verdict": "The {detail} delivered its verdict in the case of {names}.",
    "threat": "{names} received threats after {activity}.",
    "smear_campaign": "{media} accused {names} of working for foreign interests.",
    "search": "{force} searched the office and homes of {names} in {city}.",
    "travel_ban": "{names} stopped at the airport and told they may not leave the country.",
    "ill_treatment": "{names} reported being beaten during questioning.",
    "attack": "Unknown men attacked {names} near their home in {city}.",
    "other": "{names} filed a complaint with the prosecutor's office.",
}
