# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Input rules checked before any request: what Cinder would refuse (or store wrongly) is refused here, clearly.

Every limit cites the Cinder schema it mirrors (cinder/api/validation/parameter_types.py, used by
cinder/api/schemas/volume_manage.py, snapshot_manage.py, volume_metadata.py and volume_image_metadata.py).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import unicodedata

from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

# parameter_types.name_allow_zero_min_length / description / metadata values: 'maxLength': 255.
MAX_TEXT = 255
# parameter_types.extra_specs (metadata_allows_null) and image_metadata: key pattern '^[a-zA-Z0-9-_:. /]{1,255}$'.
_METADATA_KEY = re.compile(r'^[a-zA-Z0-9\-_:. /]{1,255}$')
# parameter_types.image_metadata values: format 'mysql_text' (validators._validate_mysql_text): 65535 UTF-8 bytes.
MAX_IMAGE_METADATA_BYTES = 65535
MAX_CONCURRENCY = 64


def _show(value, limit=40):
    text = '%s' % (value,)
    return text if len(text) <= limit else text[:limit] + '...'


def check_text(field, value, printable=False):
    """A name, description or metadata value: at most 255 characters Cinder's database can store."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise CinderAdoptError('%s must be a string, not %s.' % (field, type(value).__name__), field=field)
    if len(value) > MAX_TEXT:
        raise CinderAdoptError("%s is %d characters long ('%s'); Cinder accepts at most %d."
                               % (field, len(value), _show(value), MAX_TEXT), field=field, limit=MAX_TEXT)
    _check_storable(field, value)
    if printable:
        # parameter_types.description: 'pattern' valid_description_regex, printable characters only
        # (_is_printable: no control codes, no line or paragraph separators).
        bad = [char for char in value if unicodedata.category(char).startswith('C')
               or (unicodedata.category(char).startswith('Z') and unicodedata.category(char) != 'Zs')]
        if bad:
            raise CinderAdoptError('%s contains the non-printable character %r, which Cinder refuses; use printable '
                                   'characters and spaces only.' % (field, bad[0]), field=field)
    return value


def _check_storable(field, value):
    # Cinder's MySQL tables use the 3-byte utf8 charset: a character outside the Basic Multilingual Plane (most
    # emoji) fails the INSERT with HTTP 500, after the request was accepted. The description schema only admits
    # characters below U+FFFF (parameter_types._get_all_chars).
    wide = [char for char in value if ord(char) > 0xFFFF]
    if wide:
        raise CinderAdoptError(
            "%s contains %s (U+%04X), a 4-byte UTF-8 character that Cinder's database (MySQL utf8, 3 bytes per "
            "character) cannot store; Cinder would fail with HTTP 500. Use characters up to U+FFFF."
            % (field, wide[0], ord(wide[0])), field=field)


def scalar_text(field, value):
    """A metadata value as Cinder stores it: a string. Scalars are written as YAML would write them."""
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, (int, float)):
        return '%s' % (value,)
    if isinstance(value, str):
        return value
    if value is None:
        raise CinderAdoptError('%s is null; Cinder metadata values are strings. Give a string (an empty one clears '
                               'nothing: keys are only ever set), or leave the key out.' % field, field=field)
    raise CinderAdoptError('%s is a %s; Cinder metadata values are strings. Give a string, a number or a boolean, or '
                           'serialise it yourself (e.g. {{ value | to_json }}).' % (field, type(value).__name__),
                           field=field)


def metadata(field, values, image=False):
    """Metadata (or image metadata) checked key by key and turned into {str: str}."""
    if values is None:
        return None
    if not isinstance(values, dict):
        raise CinderAdoptError('%s must be a dict of key: value, not %s.' % (field, type(values).__name__),
                               field=field)
    normalised = {}
    for key, value in values.items():
        key_text = '%s' % (key,)
        if not _METADATA_KEY.match(key_text):
            raise CinderAdoptError("%s key '%s' is not valid: Cinder accepts 1 to 255 of the characters a-z, A-Z, "
                                   "0-9, '-', '_', ':', '.', ' ' and '/'." % (field, _show(key_text)), field=field)
        text = scalar_text('%s.%s' % (field, key_text), value)
        _check_storable('%s.%s' % (field, key_text), text)
        if image:
            if len(text.encode('utf-8')) > MAX_IMAGE_METADATA_BYTES:
                raise CinderAdoptError('%s.%s is longer than Cinder accepts (%d UTF-8 bytes).'
                                       % (field, key_text, MAX_IMAGE_METADATA_BYTES), field=field)
        elif len(text) > MAX_TEXT:
            raise CinderAdoptError("%s.%s is %d characters long ('%s'); Cinder accepts metadata values of at most %d."
                                   % (field, key_text, len(text), _show(text), MAX_TEXT), field=field,
                                   limit=MAX_TEXT)
        normalised[key_text] = text
    return normalised


def template(field, value, samples):
    """A Python format string that names only the fields of ``samples`` ({field: a value of its type}), checked
    before any object is read."""
    if not value:
        return value
    try:
        value.format(**samples)
    except (KeyError, IndexError, ValueError, TypeError) as exc:
        raise CinderAdoptError("%s '%s' cannot be filled: %s. Fields: %s." % (
            field, value, exc, ', '.join('{%s}' % name for name in sorted(samples))), field=field)
    return value


def positive(params, field, minimum=1, maximum=None, hint=''):
    """An integer option that must lie in [minimum, maximum]."""
    value = params.get(field)
    if value is None:
        return None
    if value < minimum or (maximum is not None and value > maximum):
        bounds = ('between %d and %d' % (minimum, maximum)) if maximum is not None else ('at least %d' % minimum)
        raise CinderAdoptError('%s is %s; it must be %s%s.' % (field, value, bounds, hint), field=field)
    return value


def common(params):
    """The checks every manage front end shares; returns nothing, raises on the first problem."""
    positive(params, 'timeout', hint=' seconds (to not wait at all, set wait: false)')
    positive(params, 'stuck_after', hint=' seconds')
    positive(params, 'concurrency', maximum=MAX_CONCURRENCY, hint=' requests in flight')
    if params.get('recover_stuck') and params.get('wait') is False:
        raise CinderAdoptError('recover_stuck needs wait: true: a stuck record is released and its object adopted '
                               'again only when the release is seen through.', field='recover_stuck')
