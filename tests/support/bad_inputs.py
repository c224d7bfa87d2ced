"""Bad input, table-driven: each case is refused before any write with a message naming the field, what was wrong
and what is valid, or (ACCEPT) correctly accepted - in check mode, so nothing is written either way.

One table, two runners: tests/unit/plugins/modules/test_bad_inputs.py (FakeCinder) and
tests/integration/test_faults_bad_input.py (the real test cloud). Placeholders in the arguments are filled by each
runner:

    {host}        an LVM pool host            {other_host}   the other LVM pool host
    {lv}          an unmanaged LV on {host}   {volume}       a managed volume on {host}
    {cluster}     the Ceph cluster            {cluster_pool} its pool name (not a host)
    {other_volume} a managed volume on {other_host}
"""

ACCEPT = object()
VOLUME, BULK, SNAPSHOT, SNAPSHOT_BULK = ('cinder_volume_manage', 'cinder_volume_bulk_manage',
                                         'cinder_snapshot_manage', 'cinder_snapshot_bulk_manage')
VOLUME_INFO, SNAPSHOT_INFO = 'cinder_manageable_volume_info', 'cinder_manageable_snapshot_info'

LONG = 'x' * 300
EMOJI = 'web-\U0001F600'


def _v(**args):
    return dict(dict(host='{host}', source_name='{lv}'), **args)


def _b(**args):
    return dict(dict(host='{host}', select={'include': ['^{lv}$']}), **args)


def _s(**args):
    return dict(dict(volume='{volume}', source_name='nightly'), **args)


def _sb(**args):
    return dict(dict(host='{host}', volumes=['{volume}'], select={'include': ['.*']}), **args)


CASES = [
    # ---- cinder_volume_manage: options and their ranges --------------------------------------------------------
    ('volume timeout 0', VOLUME, _v(timeout=0), 'timeout is 0; it must be at least 1'),
    ('volume timeout negative', VOLUME, _v(timeout=-5), 'timeout is -5; it must be at least 1'),
    ('volume stuck_after 0', VOLUME, _v(stuck_after=0), 'stuck_after is 0'),
    ('volume recover without wait', VOLUME, _v(recover_stuck=True, wait=False), 'recover_stuck needs wait: true'),
    ('volume timeout not a number', VOLUME, _v(timeout='soon'), 'timeout'),
    ('volume bootable not a bool', VOLUME, _v(bootable='maybe'), 'bootable'),
    ('volume metadata not a dict', VOLUME, _v(metadata=['k', 'v']), 'metadata'),
    ('volume metadata as key=value text', VOLUME, _v(metadata='tier=db'), ACCEPT),
    ('volume state unknown', VOLUME, _v(state='adopted'), 'value of state must be one of'),
    ('volume driver unknown', VOLUME, _v(driver='netapp'), 'value of driver must be one of'),
    # ---- metadata, names, descriptions: Cinder's limits, checked first -----------------------------------------
    ('volume metadata null', VOLUME, _v(metadata={'z': None}), 'metadata.z is null'),
    ('volume metadata nested', VOLUME, _v(metadata={'d': {'x': 1}}), 'metadata.d is a dict'),
    ('volume metadata list', VOLUME, _v(metadata={'l': [1, 2]}), 'metadata.l is a list'),
    ('volume metadata key chars', VOLUME, _v(metadata={'bad*key': 'x'}), "metadata key 'bad*key' is not valid"),
    ('volume metadata key too long', VOLUME, _v(metadata={'k' * 256: 'x'}), 'is not valid'),
    ('volume metadata value too long', VOLUME, _v(metadata={'k': LONG}), 'metadata values of at most 255'),
    ('volume metadata emoji', VOLUME, _v(metadata={'k': EMOJI}), 'U+1F600'),
    ('volume metadata scalars', VOLUME, _v(metadata={'n': 1, 'b': True, 'f': 1.5}), ACCEPT),
    ('volume name too long', VOLUME, _v(name=LONG), 'name is 300 characters long'),
    ('volume name 255', VOLUME, _v(name='n' * 255), ACCEPT),
    ('volume name emoji', VOLUME, _v(name=EMOJI), "4-byte UTF-8 character that Cinder's database"),
    ('volume description too long', VOLUME, _v(description=LONG), 'description is 300 characters long'),
    ('volume description control', VOLUME, _v(description='two\nlines'), 'non-printable'),
    ('volume description emoji', VOLUME, _v(description=EMOJI), '4-byte UTF-8'),
    ('volume zone too long', VOLUME, _v(availability_zone=LONG), 'availability_zone is 300 characters long'),
    ('volume image metadata null', VOLUME, _v(image_metadata={'hw_disk_bus': None}), 'image_metadata.hw_disk_bus'),
    ('volume image metadata key', VOLUME, _v(image_metadata={'hw bus!': 'x'}), "image_metadata key 'hw bus!'"),
    ('volume image metadata nested', VOLUME, _v(image_metadata={'k': {'a': 1}}), 'image_metadata.k is a dict'),
    ('volume image metadata ok', VOLUME, _v(image_metadata={'hw_firmware_type': 'uefi'}, bootable=True), ACCEPT),
    # ---- where the object lives ----------------------------------------------------------------------------------
    ('volume host unknown', VOLUME, _v(host='nosuch@x#x'), "host 'nosuch@x#x' is not a volume backend pool"),
    ('volume host malformed', VOLUME, _v(host='just-a-name'), "host 'just-a-name' is not a volume backend pool"),
    ('volume host and cluster', VOLUME, _v(cluster='{cluster}'), 'mutually exclusive'),
    ('volume neither host nor cluster', VOLUME, dict(source_name='{lv}'), 'host'),
    ('volume cluster unknown', VOLUME, dict(cluster='nope@x', source_name='{lv}'), "cluster 'nope@x' is not"),
    ('volume cluster pool as host', VOLUME, _v(host='{cluster_pool}'), 'is the pool name of cluster'),
    ('volume driver contradicts pool', VOLUME, _v(driver='rbd'), "driver 'rbd' contradicts"),
    ('volume driver pure on lvm', VOLUME, _v(driver='pure'), "driver 'pure' contradicts"),
    ('volume generic driver forced', VOLUME, _v(driver='generic'), ACCEPT),
    # ---- the ref --------------------------------------------------------------------------------------------------
    ('volume no ref', VOLUME, dict(host='{host}'), 'state=present needs the backend object'),
    ('volume empty ref', VOLUME, dict(host='{host}', ref={}), 'state=present needs the backend object'),
    ('volume ref and source_name', VOLUME, _v(ref={'source-name': 'x'}), 'mutually exclusive'),
    ('volume ref key lvm refuses', VOLUME, dict(host='{host}', ref={'source-id': '7'}),
     "key(s) source-id that the 'lvm' driver does not accept"),
    ('volume ref key unknown', VOLUME, dict(host='{host}', ref={'lv': 'x'}), 'valid keys: source-name'),
    ('volume ref blank', VOLUME, dict(host='{host}', ref={'source-name': '  '}), 'ref.source-name is empty'),
    ('volume ref path', VOLUME, _v(source_name='vg/lv'), 'is a path'),
    ('volume ref whitespace', VOLUME, _v(source_name='my lv'), 'contains whitespace'),
    ('volume ref cinder snapshot LV', VOLUME, _v(source_name='_snapshot-0b9f8c2e-7f27-4e33-9e4d-0f1b2c3d4e5f'),
     'LV of a Cinder snapshot'),
    ('volume ref typo', VOLUME, _v(source_name='{lv}_typo'), 'matches no object on'),
    # ---- what Cinder must know -------------------------------------------------------------------------------------
    ('volume type unknown', VOLUME, _v(volume_type='gold'), "volume_type 'gold' is neither the name nor the ID"),
    ('volume type of other backend', VOLUME, _v(volume_type='lvm-b'), "requires volume_backend_name 'lvm-b'"),
    ('volume zone unknown', VOLUME, _v(availability_zone='az9'), "availability_zone 'az9' does not exist"),
    ('volume project unknown', VOLUME, _v(project='no-such-project'), "project 'no-such-project' is neither"),
    ('volume project without role', VOLUME, _v(project='tenant-b'), 'holds no role on project'),
    ('volume project domain unknown', VOLUME, _v(project='tenant-a', project_domain='nodomain'),
     "project_domain 'nodomain'"),
    ('volume project ok', VOLUME, _v(project='tenant-a'), ACCEPT),
    # ---- release --------------------------------------------------------------------------------------------------
    ('volume absent needs a selector', VOLUME, dict(state='absent'), 'state=absent needs the volume'),
    ('volume absent ref without host', VOLUME, dict(state='absent', source_name='x'), 'state=absent needs the volume'),
    ('volume absent unknown id', VOLUME, dict(state='absent', id='00000000-0000-0000-0000-000000000000'), ACCEPT),
    ('volume absent unknown ref', VOLUME, dict(state='absent', host='{host}', source_name='gone_lv'), ACCEPT),
    # ---- cinder_volume_bulk_manage -------------------------------------------------------------------------------
    ('bulk concurrency 0', BULK, _b(concurrency=0), 'concurrency is 0; it must be between 1 and 64'),
    ('bulk concurrency negative', BULK, _b(concurrency=-1), 'concurrency is -1'),
    ('bulk concurrency too high', BULK, _b(concurrency=500), 'between 1 and 64'),
    ('bulk timeout negative', BULK, _b(timeout=-1), 'timeout is -1'),
    ('bulk nothing selected', BULK, dict(host='{host}'), 'Nothing selected'),
    ('bulk bad include', BULK, dict(host='{host}', select={'include': ['(']}), "select.include pattern '('"),
    ('bulk bad exclude', BULK, dict(host='{host}', select={'exclude': ['[']}), "select.exclude pattern '['"),
    ('bulk sizes crossed', BULK, dict(host='{host}', select={'min_size': 9, 'max_size': 1}), 'is larger than'),
    ('bulk negative size', BULK, dict(host='{host}', select={'min_size': -1}), 'select.min_size is -1'),
    ('bulk template field', BULK, _b(name_template='{nope}'), "name_template '{nope}' cannot be filled"),
    ('bulk template too long', BULK, _b(name_template=LONG + '{name}'), 'name is'),
    ('bulk item without ref', BULK, dict(host='{host}', volumes=[{'name': 'x'}]), 'volumes[0] names no object'),
    ('bulk item metadata null', BULK, dict(host='{host}', volumes=[{'source_name': '{lv}', 'metadata': {'k': None}}]),
     'volumes[0].metadata.k is null'),
    ('bulk item name long', BULK, dict(host='{host}', volumes=[{'source_name': '{lv}', 'name': LONG}]),
     'volumes[0].name is 300 characters long'),
    ('bulk item project unknown', BULK, dict(host='{host}', volumes=[{'source_name': '{lv}', 'project': 'nope9'}]),
     "project 'nope9'"),
    ('bulk metadata nested', BULK, _b(metadata={'k': {'a': 1}}), 'metadata.k is a dict'),
    ('bulk image metadata null', BULK, _b(image_metadata={'os_type': None}), 'image_metadata.os_type is null'),
    ('bulk project without role', BULK, _b(project='tenant-b'), 'holds no role on project'),
    ('bulk driver contradicts', BULK, _b(driver='rbd'), "driver 'rbd' contradicts"),
    ('bulk listing of another vg', BULK, _b(listing=[{'source_name': '{lv}'}], listing_container='stackadopt-b'),
     "serves 'stackadopt-a'"),
    ('bulk listing entry without name', BULK, _b(listing=[{'size': 1}]), 'one of the following is required'),
    ('bulk type of other backend', BULK, _b(volume_type='lvm-b'), "requires volume_backend_name 'lvm-b'"),
    ('bulk release item without ref', BULK, dict(host='{host}', state='absent', volumes=[{}]),
     'volumes[0] names no object'),
    ('bulk ok', BULK, _b(metadata={'tier': 1}), ACCEPT),
    # ---- cinder_snapshot_manage --------------------------------------------------------------------------------------
    ('snapshot without volume', SNAPSHOT, dict(source_name='nightly'), 'volume'),
    ('snapshot unknown volume', SNAPSHOT, _s(volume='no-such-volume'), "volume 'no-such-volume' is neither"),
    ('snapshot timeout 0', SNAPSHOT, _s(timeout=0), 'timeout is 0'),
    ('snapshot stuck_after negative', SNAPSHOT, _s(stuck_after=-1), 'stuck_after is -1'),
    ('snapshot metadata null', SNAPSHOT, _s(metadata={'k': None}), 'metadata.k is null'),
    ('snapshot name long', SNAPSHOT, _s(name=LONG), 'name is 300 characters long'),
    ('snapshot description emoji', SNAPSHOT, _s(description=EMOJI), '4-byte UTF-8'),
    ('snapshot ref path', SNAPSHOT, _s(source_name='vg/snap'), 'is a path'),
    ('snapshot driver contradicts', SNAPSHOT, _s(driver='rbd'), "driver 'rbd' contradicts"),
    ('snapshot absent needs a selector', SNAPSHOT, dict(state='absent'), 'state=absent needs the snapshot'),
    ('snapshot typo', SNAPSHOT, _s(source_name='no_such_snapshot'), 'matches no snapshot of volume'),
    # ---- cinder_snapshot_bulk_manage -------------------------------------------------------------------------------
    ('snapshot bulk nothing selected', SNAPSHOT_BULK, dict(host='{host}'), 'Nothing selected'),
    ('snapshot bulk item without volume', SNAPSHOT_BULK, dict(host='{host}', snapshots=[{'source_name': 'x'}]),
     'snapshots[0].volume is missing'),
    ('snapshot bulk unknown volume', SNAPSHOT_BULK, _sb(volumes=['no-such-volume']), "volumes[0] 'no-such-volume'"),
    ('snapshot bulk volume elsewhere', SNAPSHOT_BULK, _sb(volumes=['{other_volume}']), 'is not on'),
    ('snapshot bulk concurrency 0', SNAPSHOT_BULK, _sb(concurrency=0), 'concurrency is 0'),
    ('snapshot bulk template', SNAPSHOT_BULK, _sb(name_template='{size}'), "name_template '{size}' cannot be filled"),
    ('snapshot bulk bad exclude', SNAPSHOT_BULK, _sb(select={'exclude': ['[']}), "select.exclude pattern '['"),
    ('snapshot bulk metadata nested', SNAPSHOT_BULK, _sb(metadata={'k': [1]}), 'metadata.k is a list'),
    ('snapshot bulk ok', SNAPSHOT_BULK, _sb(), ACCEPT),
    # ---- the info modules --------------------------------------------------------------------------------------------
    ('info bad pattern', VOLUME_INFO, dict(host='{host}', name_pattern='('), "name_pattern pattern '('"),
    ('info sizes crossed', VOLUME_INFO, dict(host='{host}', min_size=5, max_size=1), 'is larger than'),
    ('info safe_only without detail', VOLUME_INFO, dict(host='{host}', safe_only=True, detail=False),
     'safe_only needs detail=true'),
    ('info limit 0', VOLUME_INFO, dict(host='{host}', limit=0), 'limit is 0; it must be at least 1'),
    ('info negative size', VOLUME_INFO, dict(host='{host}', min_size=-3), 'min_size is -3'),
    ('info host unknown', VOLUME_INFO, dict(host='nosuch@x#x'), "host 'nosuch@x#x' is not"),
    ('info driver contradicts', VOLUME_INFO, dict(host='{host}', driver='pure'), "driver 'pure' contradicts"),
    ('info sort key unknown', VOLUME_INFO, dict(host='{host}', sort={'key': 'name'}), 'value of key must be one of'),
    ('info ok', VOLUME_INFO, dict(host='{host}', safe_only=True, name_pattern='^{lv}$'), ACCEPT),
    ('snapshot info bad pattern', SNAPSHOT_INFO, dict(host='{host}', name_pattern='*'), "name_pattern pattern '*'"),
    ('snapshot info cluster unknown', SNAPSHOT_INFO, dict(cluster='x@y'), "cluster 'x@y' is not"),
    ('snapshot info ok', SNAPSHOT_INFO, dict(host='{host}'), ACCEPT),
]


def fill(value, places):
    """The case's arguments with the runner's placeholders filled in."""
    if isinstance(value, str):
        for key, replacement in places.items():
            value = value.replace('{%s}' % key, replacement)
        return value
    if isinstance(value, dict):
        return dict((fill(key, places), fill(item, places)) for key, item in value.items())
    if isinstance(value, list):
        return [fill(item, places) for item in value]
    return value
