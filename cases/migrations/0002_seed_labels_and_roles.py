"""Seed the controlled lists (violation labels, areas of work, standard actions) and create the
staff roles as groups: viewer (read-only), editor, reviewer (may publish)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIOLATION_LABELS = [
    "Judicial harassment",
    "Arbitrary detention",
    "Torture and ill-treatment",
    "Threats",
    "Death threats",
    "Raid",
    "Travel ban",
    "Smear campaign",
    "Harassment",
    "Killing",
    "Enforced disappearance",
    "Release",
    "Sentencing",
    "Obstacles to freedom of association",
    "Obstacles to freedom of peaceful assembly",
]

AREAS_OF_WORK = [
    "Environment",
    "Freedom of expression",
    "Land rights",
    "Fight against torture",
    "Women's rights",
    "LGBTI rights",
    "Labour rights",
    "Indigenous peoples' rights",
    "Access to justice",
    "Freedom of assembly",
]

# name, English, French, Spanish, Russian
ACTION_CLAUSES = [
    (
        "Release and drop charges",
        "Immediately and unconditionally release {defenders} and drop all charges against them;",
        "Libérer immédiatement et sans condition {defenders} et abandonner toutes les charges "
        "retenues contre eux ;",
        "Liberar inmediata e incondicionalmente a {defenders} y retirar todos los cargos en su "
        "contra;",
        "Немедленно и безоговорочно освободить {defenders} и снять с них все обвинения;",
    ),
    (
        "Guarantee integrity",
        "Guarantee in all circumstances the physical and psychological integrity of {defenders}, "
        "as well as of all human rights defenders in {country};",
        "Garantir en toutes circonstances l'intégrité physique et psychologique de {defenders}, "
        "ainsi que de tous les défenseurs des droits humains en {country} ;",
        "Garantizar en todas circunstancias la integridad física y psicológica de {defenders}, "
        "así como de todas las personas defensoras de derechos humanos en {country};",
        "Гарантировать при любых обстоятельствах физическую и психологическую неприкосновенность "
        "{defenders}, а также всех правозащитников в стране {country};",
    ),
    (
        "End harassment",
        "Put an end to all acts of harassment, including at the judicial level, against all "
        "human rights defenders in {country};",
        "Mettre un terme à tous les actes de harcèlement, y compris judiciaire, à l'encontre de "
        "tous les défenseurs des droits humains en {country} ;",
        "Poner fin a todo acto de hostigamiento, incluso a nivel judicial, contra todas las "
        "personas defensoras de derechos humanos en {country};",
        "Прекратить любые преследования, в том числе судебные, всех правозащитников в стране "
        "{country};",
    ),
    (
        "Investigate",
        "Carry out an immediate, thorough and impartial investigation into these acts, in order "
        "to identify all those responsible and sanction them as provided by law;",
        "Mener une enquête immédiate, approfondie et impartiale sur ces actes afin d'en "
        "identifier tous les responsables et de les sanctionner conformément à la loi ;",
        "Llevar a cabo una investigación inmediata, exhaustiva e imparcial sobre estos hechos, "
        "con el fin de identificar a todos los responsables y sancionarlos conforme a la ley;",
        "Провести незамедлительное, тщательное и беспристрастное расследование этих действий, "
        "чтобы установить всех виновных и наказать их в соответствии с законом;",
    ),
    (
        "Return seized items",
        "Return the equipment and documents seized from {defenders};",
        "Restituer le matériel et les documents saisis chez {defenders} ;",
        "Devolver los equipos y documentos incautados a {defenders};",
        "Вернуть оборудование и документы, изъятые у {defenders};",
    ),
    (
        "UN Declaration",
        "Comply with all the provisions of the United Nations Declaration on Human Rights "
        "Defenders.",
        "Se conformer à l'ensemble des dispositions de la Déclaration des Nations unies sur les "
        "défenseurs des droits de l'Homme.",
        "Cumplir con todas las disposiciones de la Declaración de las Naciones Unidas sobre los "
        "Defensores de Derechos Humanos.",
        "Соблюдать все положения Декларации ООН о правозащитниках.",
    ),
]

DOMAIN_APPS = ["cases", "defenders", "authorities"]
# Editors may not delete what others rely on; reviewers and administrators may.
EDITOR_CANNOT_DELETE = {"case", "defender", "authority", "embassy", "appeal", "actionclause"}


def seed(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    ViolationLabel = apps.get_model("cases", "ViolationLabel")
    AreaOfWork = apps.get_model("defenders", "AreaOfWork")
    ActionClause = apps.get_model("cases", "ActionClause")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    from django.utils.text import slugify

    for name in VIOLATION_LABELS:
        ViolationLabel.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    for name in AREAS_OF_WORK:
        AreaOfWork.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    for name, en, fr, es, ru in ACTION_CLAUSES:
        ActionClause.objects.get_or_create(
            name=name, defaults={"text_en": en, "text_fr": fr, "text_es": es, "text_ru": ru}
        )

    domain = Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS).exclude(
        content_type__model__startswith="historical"
    )
    view = list(domain.filter(codename__startswith="view_"))
    write = list(
        domain.filter(codename__regex=r"^(add|change)_").exclude(
            content_type__model="referencecounter"
        )
    )
    delete = list(
        domain.filter(codename__startswith="delete_").exclude(
            content_type__model__in=EDITOR_CANNOT_DELETE | {"referencecounter"}
        )
    )
    issue = list(domain.filter(codename="issue_appeal"))
    publish = list(domain.filter(codename="publish_case"))
    reviewer_delete = list(domain.filter(codename__in=["delete_appeal", "delete_actionclause"]))

    viewer, _ = Group.objects.get_or_create(name="viewer")
    viewer.permissions.set(view)
    editor, _ = Group.objects.get_or_create(name="editor")
    editor.permissions.set(view + write + delete + issue)
    reviewer, _ = Group.objects.get_or_create(name="reviewer")
    reviewer.permissions.set(view + write + delete + issue + publish + reviewer_delete)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("defenders", "0001_initial"),
        ("authorities", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
