from datetime import date

import pytest

from ansinh.registry.actions import person_create
from ansinh.registry.validation import PersonInput


@pytest.fixture
def make_person(actors, lucnam):
    def make(name="Nguyễn Văn An", born=date(1950, 5, 5), sex="male", citizen_id="", commune=None, actor=None):
        return person_create(
            actor=actor or actors.labour_officer,
            data=PersonInput(full_name=name, sex=sex, birth_date=born, citizen_id=citizen_id),
            commune=commune or lucnam.doi_ngo,
            source="Hồ sơ gốc",
        )

    return make
