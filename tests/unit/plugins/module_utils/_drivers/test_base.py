"""What DriverProfile and its mixins give a profile that only declares (base.py)."""

import re

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.base import (
    UUID,
    DriverProfile,
    ListsNothing,
    ManagesNoSnapshots,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError


class Both(DriverProfile):
    name = 'both'
    vendor_name = 'Acme'
    location_info = re.compile(r'^AcmeDriver:(?P<container>[^:]*):.+$')


class VendorOnly(DriverProfile):
    name = 'vendor'
    vendor_name = 'Acme'


class LocationOnly(DriverProfile):
    name = 'location'
    location_info = re.compile(r'^Acme#.+$')


class Unlisted(ListsNothing, ManagesNoSnapshots, DriverProfile):
    name = 'unlisted'
    ref_keys = ('source-name', 'source-id')
    no_snapshot_manage = "Acme's driver implements no manage_existing_snapshot."


class NothingManaged(ManagesNoSnapshots, DriverProfile):
    name = 'nothing'
    ref_keys = ()
    no_snapshot_manage = "Acme's drivers implement no manage_existing_snapshot."


@pytest.mark.parametrize('capabilities, both, vendor, location', [
    ({'vendor_name': 'Acme', 'location_info': 'AcmeDriver:array1:pool'}, True, True, False),
    ({'vendor_name': 'Acme', 'location_info': 'Acme#pool'}, False, True, True),
    ({'vendor_name': 'Other', 'location_info': 'AcmeDriver:array1:pool'}, False, False, False),
    ({'vendor_name': 'Other', 'location_info': 'Acme#pool'}, False, False, True),
    ({'vendor_name': 'Acme', 'location_info': {'AcmeDriver': 'a'}}, False, True, False),
    ({'vendor_name': 'Acme'}, False, True, False),
    ({}, False, False, False),
])
def test_the_default_detect_requires_what_the_profile_declares(capabilities, both, vendor, location):
    assert [Both().detect(capabilities), VendorOnly().detect(capabilities), LocationOnly().detect(capabilities)] == \
        [both, vendor, location]
    assert DriverProfile().detect(capabilities) is False


def test_the_default_container_is_the_location_group_of_a_detected_pool():
    assert Both().container({'vendor_name': 'Acme', 'location_info': 'AcmeDriver:array1:pool'}) == 'array1'
    assert Both().container({'vendor_name': 'Acme', 'location_info': 'AcmeDriver::pool'}) is None
    assert Both().container({'vendor_name': 'Other', 'location_info': 'AcmeDriver:array1:pool'}) is None
    # A regex without the group, or no regex: nothing to tell.
    assert LocationOnly().container({'location_info': 'Acme#pool'}) is None
    assert VendorOnly().container({'vendor_name': 'Acme'}) is None


def test_a_profile_that_lists_nothing_and_manages_no_snapshots():
    profile = Unlisted()
    assert not profile.lists_volumes and not profile.lists_snapshots and profile.unsafe_reasons == {}
    assert profile.snapshot_ref_keys == ()
    with pytest.raises(CinderAdoptError) as caught:
        profile.validate_snapshot_ref({'source-name': 'snap'})
    assert caught.value.msg == ("The 'unlisted' driver cannot adopt snapshots: Acme's driver implements no "
                                "manage_existing_snapshot. Adopt the volume only.")
    assert caught.value.details['field'] == 'ref'
    # A driver that adopts no volume either is not told to adopt the volume.
    with pytest.raises(CinderAdoptError, match=r"no manage_existing_snapshot\.$"):
        NothingManaged().validate_snapshot_ref({'source-name': 'snap'})


def test_a_ref_with_both_keys_is_refused_for_a_driver_that_reads_one():
    DriverProfile._refuse_both_keys({'source-name': 'a'}, 'the Acme driver reads source-name')
    with pytest.raises(CinderAdoptError) as caught:
        DriverProfile._refuse_both_keys({'source-name': 'a', 'source-id': '7'}, 'the Acme driver reads source-name')
    assert caught.value.msg == ("ref gives source-name 'a' and source-id '7'; the Acme driver reads source-name. "
                                "Give one of them.")


class Checked(DriverProfile):
    name = 'checked'

    def _check_ref(self, ref, kind):
        if ref.get('source-name') == 'bad':
            raise CinderAdoptError('bad %s ref' % kind, field='ref')
        return dict(ref, kind=kind)


def test_one_check_serves_volume_and_snapshot_refs():
    assert Checked().validate_ref({'source-name': 'a'}) == {'source-name': 'a', 'kind': 'volume'}
    assert Checked().validate_snapshot_ref({'source-id': '7'}) == {'source-id': '7', 'kind': 'snapshot'}
    with pytest.raises(CinderAdoptError, match='bad snapshot ref'):
        Checked().validate_snapshot_ref({'source-name': 'bad'})
    # The keys are checked first: the driver's rules see a valid ref only.
    with pytest.raises(CinderAdoptError, match='valid keys'):
        Checked().validate_ref({'name': 'bad'})


def test_protocols_and_uuids():
    assert DriverProfile._protocol_in({'storage_protocol': ['FC', 'nfs']}, ('NFS', 'nfs'))
    assert DriverProfile._protocol_in({'storage_protocol': 'NFS'}, ('NFS', 'nfs'))
    assert not DriverProfile._protocol_in({}, ('NFS', 'nfs'))
    assert UUID.match('0F0E0D0C-0b0a-4908-8706-050403020100') and not UUID.match('0f0e0d0c-0b0a-4908-8706-05040302010')
