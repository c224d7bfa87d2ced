# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""SDK and transport errors turned into one CinderAdoptError with an operator-facing message."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.connection import redact
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

try:
    import openstack.exceptions
    from keystoneauth1 import exceptions as ksa_exceptions
except ImportError:  # reported by connection.connect before any client is built
    pass

# cinder-api waits rpc_response_timeout (oslo.messaging, 60 s by default) for the volume service to list a backend;
# a listing that failed after at least this long ran into it.
_RPC_TIMEOUT_SUSPECT_SECONDS = 30.0


def _listing_timed_out(action, status, seconds):
    return action.startswith('list manageable') and status in (500, 503, 504) and (seconds or 0) >= \
        _RPC_TIMEOUT_SUSPECT_SECONDS


@contextlib.contextmanager
def translated(action, label=None):
    who = " (cloud '%s')" % label if label else ''
    try:
        yield
    except CinderAdoptError:
        raise
    except openstack.exceptions.HttpException as exc:
        status = exc.status_code
        detail = redact(exc.details or exc.message or '')
        seconds = getattr(getattr(exc, 'response', None), 'stackadopt_seconds', None)
        if status == 403:
            raise CinderAdoptError(
                'Cinder refused to %s (HTTP 403 Forbidden)%s: managing existing storage, listing manageable '
                'objects and reading backend pools are admin-only by Cinder policy; use credentials that hold '
                'the admin role. Cinder said: %s' % (action, who, detail), status_code=403)
        if status == 413:
            raise CinderAdoptError(
                'Cinder refused to %s (HTTP 413): a quota is exceeded%s. Raise the project quota for volumes/'
                'gigabytes (openstack quota set) or adopt fewer objects. Cinder said: %s' % (action, who, detail),
                status_code=413)
        if status == 401:
            raise CinderAdoptError('Authentication failed%s while trying to %s: check the credentials. %s'
                                   % (who, action, detail), status_code=401)
        if _listing_timed_out(action, status, seconds):
            raise CinderAdoptError(
                "Cinder could not %s (HTTP %s after %d s): the volume service did not answer within Cinder's RPC "
                "timeout - the backend holds too many objects for its driver to list in time (the LVM driver "
                "inspects every LV one by one). Raise rpc_response_timeout in cinder.conf (default 60 s; cinder-api "
                "and cinder-volume read it), or list the objects on the storage host instead: the listing option, "
                "filled by the stackadopt.cinder.storage_host role. Cinder said: %s"
                % (action, status, seconds, detail), status_code=status, cause='rpc_timeout', retryable=False)
        raise CinderAdoptError('Cinder could not %s (HTTP %s): %s' % (action, status, detail), status_code=status)
    except ksa_exceptions.Unauthorized as exc:
        raise CinderAdoptError('Authentication failed%s while trying to %s: check the credentials (%s).'
                               % (who, action, redact(exc)), status_code=401)
    except ksa_exceptions.EndpointNotFound as exc:
        raise CinderAdoptError('No block-storage (Cinder v3) endpoint found in the service catalog%s for the '
                               'requested region/interface: %s' % (who, redact(exc)))
    except (ksa_exceptions.ConnectionError, ksa_exceptions.DiscoveryFailure) as exc:
        raise CinderAdoptError('The OpenStack API is unreachable%s while trying to %s: %s. Check the auth_url/'
                               'endpoint, the network and that the service is running.'
                               % (who, action, redact(exc)), retryable=True)
    except openstack.exceptions.SDKException as exc:
        raise CinderAdoptError('OpenStack SDK error%s while trying to %s: %s' % (who, action, redact(exc)))
