"""The driver choices are written once, in the backend doc fragment, and equal the registry's profiles."""

import yaml

from ansible_collections.stackadopt.cinder.plugins.doc_fragments import backend
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.registry import profile_names
from ansible_collections.stackadopt.cinder.plugins.module_utils._specs import backend_options


def test_the_documented_driver_choices_are_the_registrys_profiles():
    assert backend.DRIVER_CHOICES == profile_names()


def test_both_fragments_document_the_same_choices_as_the_argument_spec():
    for text in (backend.ModuleDocFragment.DOCUMENTATION, backend.ModuleDocFragment.DRIVER):
        documented = yaml.safe_load(text)['options']['driver']
        assert documented['choices'] == backend_options()['driver']['choices']
        assert documented['default'] == backend_options()['driver']['default']
