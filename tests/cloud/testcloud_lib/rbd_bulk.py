"""Create or remove many RBD images in one process (run by Debian's /usr/bin/python3, which has the rados and rbd
bindings of python3-rados / python3-rbd; standard library otherwise, nothing of testcloud is imported).

Input (JSON on stdin): {"conf": ceph.conf, "pool": pool, "op": "create" | "remove", "names": [...],
"size": bytes (create), "threads": n}. Output (JSON on stdout): {"done": [...], "errors": {name: message}}.
One cluster connection for all images and a few threads in parallel: librbd releases the GIL, and each image costs
a handful of OSD round trips instead of a `rbd` process with its own monitor session.
"""

import json
import sys
from concurrent.futures import ThreadPoolExecutor

import rados
import rbd


def create(ioctx, name, size):
    rbd.RBD().create(ioctx, name, size)


def remove(ioctx, name):
    """Unprotect and remove the image's snapshots, then the image (test cleanup, as `testcloud rbd-remove`)."""
    with rbd.Image(ioctx, name) as image:
        for snap in list(image.list_snaps()):
            if image.is_protected_snap(snap['name']):
                image.unprotect_snap(snap['name'])
            image.remove_snap(snap['name'])
    rbd.RBD().remove(ioctx, name)


def main():
    req = json.load(sys.stdin)
    timeouts = {'client_mount_timeout': '15', 'rados_osd_op_timeout': '120', 'rados_mon_op_timeout': '30'}
    cluster = rados.Rados(conffile=req['conf'], conf=timeouts)
    cluster.connect(timeout=15)
    done, errors = [], {}
    try:
        with cluster.open_ioctx(req['pool']) as ioctx:
            if req['op'] == 'create':
                def job(name):
                    return create(ioctx, name, req['size'])
            else:
                def job(name):
                    return remove(ioctx, name)

            def one(name):
                try:
                    job(name)
                    return name, None
                except Exception as e:   # reported per image
                    return name, '%s: %s' % (type(e).__name__, e)

            with ThreadPoolExecutor(max_workers=max(1, int(req.get('threads', 8)))) as pool:
                for name, error in pool.map(one, req['names']):
                    if error:
                        errors[name] = error
                    else:
                        done.append(name)
    finally:
        cluster.shutdown()
    json.dump({'done': done, 'errors': errors}, sys.stdout)
    return 0


if __name__ == '__main__':
    sys.exit(main())
