# An independent CalDAV client (python3-caldav, Debian) against the gateway: discovery, PUT of a
# recurring event, time-range search with expansion, sync-collection by token, bogus token 403,
# edit with If-Match, delete; a read-only group calendar; PROPPATCH of the display name. Run with /usr/bin/python3 (Debian's modules). Prints OK.
import sys, datetime, caldav

url, user, pw, group_cal = sys.argv[1:5]
client = caldav.DAVClient(url=url, username=user, password=pw, timeout=20)
principal = client.principal()
cals = principal.calendars()
cal = next(c for c in cals if c.name == "CRM Events")
assert any(c.name == "CRM Tasks" for c in cals), [c.name for c in cals]
ev = cal.save_event("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//EN\nBEGIN:VEVENT\nUID:smoke-1@example.test\n"
    "DTSTAMP:20260101T000000Z\nDTSTART:20260301T080000Z\nDTEND:20260301T090000Z\nRRULE:FREQ=WEEKLY;COUNT=10\n"
    "SUMMARY:Weekly\nEND:VEVENT\nEND:VCALENDAR\n")
hits = cal.date_search(start=datetime.datetime(2026, 3, 20), end=datetime.datetime(2026, 4, 10), expand=True)
assert len(hits) == 1, hits
assert hits[0].data.count("BEGIN:VEVENT") == 3, hits[0].data
assert "RECURRENCE-ID" in hits[0].data
s = cal.objects_by_sync_token(load_objects=False)
tok = s.sync_token
assert [str(o.url) for o in s] == [str(ev.url)], [str(o.url) for o in s]
ev.load()
ev.vobject_instance.vevent.summary.value = "Weekly (edited)"
ev.save()
changed = cal.objects_by_sync_token(sync_token=tok, load_objects=False)
assert [str(o.url) for o in changed] == [str(ev.url)], [str(o.url) for o in changed]
try:
    cal.objects_by_sync_token(sync_token=tok[:-1] + "99999", load_objects=False)
    raise SystemExit("bogus token accepted")
except caldav.lib.error.AuthorizationError:
    pass
tok2 = changed.sync_token
ev.delete()
gone = cal.objects_by_sync_token(sync_token=tok2, load_objects=False)
assert str(ev.url) in [str(o.url) for o in gone], [str(o.url) for o in gone]
assert cal.date_search(start=datetime.datetime(2026, 3, 20), end=datetime.datetime(2026, 4, 10)) == []
# The group's calendar: listed, searchable, read-only.
group = next(c for c in principal.calendars() if c.name == group_cal)
found = group.date_search(start=datetime.datetime(2026, 4, 1), end=datetime.datetime(2026, 4, 2))
assert len(found) == 1 and "Team meeting" in found[0].data, found
try:
    group.save_event("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//EN\nBEGIN:VEVENT\nUID:smoke-2@example.test\n"
        "DTSTAMP:20260101T000000Z\nDTSTART:20260301T080000Z\nSUMMARY:No\nEND:VEVENT\nEND:VCALENDAR\n")
    raise SystemExit("write to a group calendar accepted")
except (caldav.lib.error.PutError, caldav.lib.error.AuthorizationError):
    pass
# PROPPATCH of the display name, seen by the next discovery.
cal.set_properties([caldav.elements.dav.DisplayName("My CRM events")])
assert any(c.name == "My CRM events" for c in principal.calendars())
print("OK")
