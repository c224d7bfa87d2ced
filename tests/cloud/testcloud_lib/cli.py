"""The command line of tests/cloud/testcloud: argument parsing and dispatch to the subcommands."""

import argparse
import sys

from . import common
from .cmd_cloud import cmd_down, cmd_env, cmd_quota, cmd_restart, cmd_start, cmd_status, cmd_stop, cmd_up
from .cmd_objects import (
    cmd_lv_create,
    cmd_lv_list,
    cmd_lv_remove,
    cmd_rabbitmqctl,
    cmd_rbd_create,
    cmd_rbd_list,
    cmd_rbd_remove,
    cmd_rbd_snap_create,
    cmd_sql,
)
from .common import BACKENDS, CEPH_POOL, RPC_TIMEOUT_ENV, STATE, Fail
from .processes import SERVICE_NAMES

HANDLERS = {'up': cmd_up, 'status': cmd_status, 'env': cmd_env,
            'lv-create': cmd_lv_create, 'lv-list': cmd_lv_list,
            'lv-remove': cmd_lv_remove, 'down': cmd_down,
            'rbd-create': cmd_rbd_create, 'rbd-snap-create': cmd_rbd_snap_create,
            'rbd-list': cmd_rbd_list, 'rbd-remove': cmd_rbd_remove,
            'rabbitmqctl': cmd_rabbitmqctl, 'sql': cmd_sql,
            'start': cmd_start, 'stop': cmd_stop, 'restart': cmd_restart, 'quota': cmd_quota}


def add_bulk_create(c, what):
    c.add_argument('--count', type=int, help='create this many %ss at once, named PREFIX0000, PREFIX0001, ...'
                   % what)
    c.add_argument('--prefix', help='name prefix of the %ss --count creates' % what)
    c.add_argument('--size', dest='size_opt', metavar='SIZE', help='size of each %s --count creates' % what)


def parser():
    ap = argparse.ArgumentParser(
        prog='testcloud',
        description='Local Keystone + Cinder (LVM + Ceph RBD) test cloud on 127.0.0.1. '
                    'State dir: %s' % STATE)
    sub = ap.add_subparsers(dest='command', required=True)
    c = sub.add_parser('up', help='install if needed and start everything (idempotent)')
    c.add_argument('--rpc-response-timeout', metavar='SECONDS|default',
                   help="cinder-api's rpc_response_timeout (kept by later `up`s until changed; default: Cinder's, "
                        '60 s; also %s)' % RPC_TIMEOUT_ENV)
    c.add_argument('--rotate-passwords', action='store_true',
                   help='move a cloud made with the old passwords (equal to the cloud names) to the current ones '
                        '(clouds.yaml and Keystone); once every worktree using this cloud has this testcloud')
    sub.add_parser('status', help='health of every service and the Cinder pools')
    sub.add_parser('env', help='print export lines: eval "$(testcloud env)"')
    services = ', '.join(SERVICE_NAMES)
    for name, text in (('start', 'start one service (idempotent); waits until it answers'),
                       ('stop', 'stop one service (idempotent); `status` shows it STOPPED until started'),
                       ('restart', 'stop and start one service')):
        c = sub.add_parser(name, help=text)
        c.add_argument('service', metavar='SERVICE', help='one of: %s' % services)
        if name != 'start':
            c.add_argument('--kill', action='store_true', help='SIGKILL at once (a crash), not SIGTERM')
    c = sub.add_parser('quota', help="show or set a project's Cinder quotas")
    c.add_argument('project', help='project name or ID')
    c.add_argument('values', nargs='*', metavar='KEY=VALUE',
                   help='volumes, gigabytes, snapshots, volumes_<type>, gigabytes_<type>, ...; -1 = unlimited')
    c.add_argument('--reset', action='store_true', help="drop the project's own limits (back to the defaults)")
    c.add_argument('--json', action='store_true')
    c = sub.add_parser('lv-create', help='create an LV on a backend VG (or many: --count/--prefix/--size)')
    c.add_argument('backend', choices=list(BACKENDS))
    c.add_argument('name', nargs='?')
    c.add_argument('size', nargs='?', help='e.g. 1G, 512M')
    add_bulk_create(c, 'LV')
    c = sub.add_parser('lv-list', help='list LVs of one or all backends')
    c.add_argument('backend', nargs='?', choices=list(BACKENDS))
    c.add_argument('--json', action='store_true')
    c = sub.add_parser('lv-remove', help='remove LVs from a backend VG (by name, or all with a prefix)')
    c.add_argument('backend', choices=list(BACKENDS))
    c.add_argument('names', nargs='*', metavar='NAME')
    c.add_argument('--prefix', help='remove every LV whose name starts with PREFIX')
    c = sub.add_parser('rbd-create', help='create an RBD image in the ceph pool %s (or many: --count/--prefix/'
                                          '--size)' % CEPH_POOL)
    c.add_argument('name', nargs='?')
    c.add_argument('size', nargs='?', help='e.g. 1G, 512M')
    add_bulk_create(c, 'image')
    c = sub.add_parser('rbd-snap-create', help='create an RBD snapshot IMAGE@SNAP')
    c.add_argument('image')
    c.add_argument('snap')
    c = sub.add_parser('rbd-list', help='list the RBD images (with their snapshots)')
    c.add_argument('--json', action='store_true')
    c = sub.add_parser('rbd-remove', help='remove RBD images and their snapshots (test cleanup; by name, or all '
                                          'with a prefix)')
    c.add_argument('names', nargs='*', metavar='NAME')
    c.add_argument('--prefix', help='remove every image whose name starts with PREFIX')
    c = sub.add_parser('rabbitmqctl', help='run rabbitmqctl against our RabbitMQ node')
    c.add_argument('args', nargs=argparse.REMAINDER)
    c = sub.add_parser('sql', help="run one SQL statement in a database of our MariaDB (fault tests: what only "
                                   "Cinder's own database can show or stage); prints the rows tab-separated")
    c.add_argument('database', choices=('cinder', 'keystone'))
    c.add_argument('statement')
    c = sub.add_parser('down', help='stop the processes testcloud started')
    c.add_argument('--purge', action='store_true',
                   help='also detach loop devices and delete the state')
    return ap


def main(argv=None):
    args = parser().parse_args(argv)
    if args.command == 'env':
        common.QUIET = True
    try:
        return HANDLERS[args.command](args)
    except Fail as e:
        print('testcloud %s: ERROR: %s' % (args.command, e), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
