from cases.models import ViolationLabel


def test_migrations_seed_the_violation_labels(db):
    assert ViolationLabel.objects.filter(name="Arbitrary detention").exists()
