"""Shared checks of the collection's filter plugins."""

import importlib
import inspect
import os

import yaml


def filter_of(name):
    """The filter function ``name`` as its plugin file registers it, and its documentation: the sidecar file beside
    it (``<name>.yml``, as ansible-core documents its own filters), which ansible-doc reads."""
    module = importlib.import_module('ansible_collections.stackadopt.cinder.plugins.filter.%s' % name)
    filters = module.FilterModule().filters()
    assert list(filters) == [name]
    assert not hasattr(module, 'DOCUMENTATION')   # one place for the docs
    with open(os.path.splitext(module.__file__)[0] + '.yml') as handle:
        docs = yaml.safe_load(handle)
    yaml.safe_load(docs['EXAMPLES'])
    return filters[name], docs['DOCUMENTATION'], docs['RETURN']


def assert_documented(name):
    """DOCUMENTATION names the filter, documents each argument (``_input`` first), and RETURN the value."""
    function, doc, ret = filter_of(name)
    assert doc['name'] == name and doc['short_description'] and '_value' in ret
    parameters = list(inspect.signature(function).parameters)
    assert ['_input'] + parameters[1:] == list(doc['options'])
    assert doc.get('positional', '').replace(' ', '').split(',') == parameters[1:] or len(parameters) == 1
    return function
