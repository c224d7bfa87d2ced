#!/usr/bin/env python
"""Out-of-band reads of Cinder for the integration targets (openstacksdk directly, not our modules).

Usage: oob_cinder.py volume ID | volumes-named NAME | type-id NAME   (prints JSON)
"""

import json
import sys

import openstack


def main():
    conn = openstack.connect(cloud='stackadopt-admin')
    what, value = sys.argv[1], sys.argv[2]
    if what == 'volume':
        # 3.61: an admin sees the volume's cluster_name.
        response = conn.block_storage.get('/volumes/%s' % value, microversion='3.61')
        print(json.dumps(response.json().get('volume') if response.status_code == 200 else None))
    elif what == 'volumes-named':
        response = conn.block_storage.get('/volumes/detail', params={'all_tenants': 'True', 'name': value})
        print(json.dumps(response.json()['volumes']))
    elif what == 'type-id':
        response = conn.block_storage.get('/types', params={'is_public': 'None'})
        print(json.dumps(next(t['id'] for t in response.json()['volume_types'] if t['name'] == value)))
    else:
        raise SystemExit('unknown query %s' % what)


if __name__ == '__main__':
    main()
