"""Every model derives from Sellergate's base, which spares each start a scan of its source."""

from __future__ import annotations

import importlib
import inspect

from tortoise.models import Model as TortoiseModel

from gateway.models import DIRECTORY_MODULES, REGIONAL_MODULES
from gateway.models.base import Model


def test_every_model_uses_the_base_that_skips_reading_its_source():
    models = [value for name in (*REGIONAL_MODULES, *DIRECTORY_MODULES)
              for value in vars(importlib.import_module(name)).values()
              if inspect.isclass(value) and issubclass(value, TortoiseModel)
              and not value._meta.abstract]
    assert len(models) >= 20
    for model in models:
        assert issubclass(model, Model), model
        assert model.__dict__.get("_no_comments") is True, model
