"""The backend doc fragment: the driver choices written once, equal to the registry's profiles."""

import yaml

from ansible_collections.stackadopt.cinder.plugins.doc_fragments.backend import DRIVER_CHOICES, ModuleDocFragment
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers import registry


def test_driver_choices_are_the_registry_profiles():
    assert DRIVER_CHOICES == registry.profile_names()
    assert DRIVER_CHOICES[0] == 'auto' and DRIVER_CHOICES[1:] == sorted(DRIVER_CHOICES[1:])


def test_both_fragments_offer_every_choice():
    for text in (ModuleDocFragment.DOCUMENTATION, ModuleDocFragment.DRIVER):
        driver = yaml.safe_load(text)['options']['driver']
        assert driver['choices'] == DRIVER_CHOICES and driver['default'] == 'auto'


def test_both_fragments_describe_the_driver_option_alike():
    documentation = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['options']
    assert sorted(documentation) == ['cluster', 'driver', 'host']
    assert documentation['driver'] == yaml.safe_load(ModuleDocFragment.DRIVER)['options']['driver']


def test_the_argument_spec_offers_the_documented_choices():
    from ansible_collections.stackadopt.cinder.plugins.module_utils._specs import backend_options
    assert backend_options()['driver']['choices'] == DRIVER_CHOICES
    assert backend_options()['driver']['default'] == 'auto'
