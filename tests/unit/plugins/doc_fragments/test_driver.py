"""The driver fragment: the driver choices written once, equal to the registry's profiles and the argument spec."""

import yaml

from ansible_collections.stackadopt.cinder.plugins.doc_fragments import backend
from ansible_collections.stackadopt.cinder.plugins.doc_fragments.driver import DRIVER_CHOICES, ModuleDocFragment
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers import registry
from ansible_collections.stackadopt.cinder.plugins.module_utils._specs import backend_options


def test_driver_choices_are_the_registry_profiles():
    assert DRIVER_CHOICES == registry.profile_names()
    assert DRIVER_CHOICES[0] == 'auto' and DRIVER_CHOICES[1:] == sorted(DRIVER_CHOICES[1:])


def test_the_fragment_offers_every_choice():
    driver = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['options']['driver']
    assert driver['choices'] == DRIVER_CHOICES and driver['default'] == 'auto'


def test_the_argument_spec_offers_the_documented_choices():
    assert backend_options()['driver']['choices'] == DRIVER_CHOICES
    assert backend_options()['driver']['default'] == 'auto'


def test_the_backend_fragment_documents_where_only():
    assert sorted(yaml.safe_load(backend.ModuleDocFragment.DOCUMENTATION)['options']) == ['cluster', 'host']
