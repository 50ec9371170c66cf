# A scripted session of python3-exchangelib (Debian), an independent EWS client, against the EWS
# double: create, get, update with the change key, a refused update with a stale change key, sync,
# delete. Prints one JSON line with what it saw; an exception fails the test that runs it.
import json
import sys

from exchangelib import (BASIC, DELEGATE, NTLM, UTC, Account, Build, CalendarItem, Configuration,
                         Credentials, EWSDateTime, Version)
from exchangelib.errors import ErrorIrresolvableConflict

url, user, password, mailbox, auth = sys.argv[1:6]
config = Configuration(
    service_endpoint=url,
    credentials=Credentials(user, password),
    auth_type=BASIC if auth == 'basic' else NTLM,
    version=Version(build=Build(15, 1, 2507, 6)),
    max_connections=1,
)
account = Account(mailbox, config=config, autodiscover=False, access_type=DELEGATE,
                  default_timezone=UTC)
out = {}
cal = account.calendar
state_before = None
changes = list(cal.sync_items(sync_state=None))
state_before = cal.item_sync_state
out['initial'] = [c[0] for c in changes]

item = CalendarItem(account=account, folder=cal, subject='From exchangelib',
                    start=EWSDateTime(2026, 6, 10, 9, 0, tzinfo=UTC),
                    end=EWSDateTime(2026, 6, 10, 10, 0, tzinfo=UTC), location='Room 7')
item.save()
first_key = item.changekey
got = cal.get(id=item.id)
out['got'] = {'subject': got.subject, 'location': got.location,
              'start': got.start.isoformat(), 'end': got.end.isoformat()}

got.subject = 'Renamed by exchangelib'
got.save(update_fields=['subject'])
out['changekey_changed'] = got.changekey != first_key
stale = cal.get(id=item.id)
stale.changekey = first_key
try:
    stale.save(update_fields=['location'])
    out['stale'] = 'accepted'
except ErrorIrresolvableConflict:
    out['stale'] = 'ErrorIrresolvableConflict'

synced = list(cal.sync_items(sync_state=state_before))
out['sync'] = [c[0] for c in synced]
again = cal.get(id=item.id)
out['after_update'] = again.subject
again.delete()
out['after_delete'] = [c[0] for c in cal.sync_items(sync_state=cal.item_sync_state)]
print(json.dumps(out))
