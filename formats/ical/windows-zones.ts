// TZIDs that are not IANA names but name a zone all the same (RFC 5545 §3.2.19 leaves TZID
// free-form): Windows zone names sent by Outlook/Exchange (CLDR windowsZones.xml, territory 001)
// and prefixed IANA names such as Mozilla's "/mozilla.org/20050126_1/Europe/Berlin".
const WINDOWS: Readonly<Record<string, string>> = {
  UTC: 'UTC',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Romance Standard Time': 'Europe/Paris',
  'Central European Standard Time': 'Europe/Warsaw',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'FLE Standard Time': 'Europe/Kiev',
  'GTB Standard Time': 'Europe/Bucharest',
  'Russian Standard Time': 'Europe/Moscow',
  'Turkey Standard Time': 'Europe/Istanbul',
  'Israel Standard Time': 'Asia/Jerusalem',
  'Arabian Standard Time': 'Asia/Dubai',
  'India Standard Time': 'Asia/Calcutta',
  'China Standard Time': 'Asia/Shanghai',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'Korea Standard Time': 'Asia/Seoul',
  'Singapore Standard Time': 'Asia/Singapore',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'New Zealand Standard Time': 'Pacific/Auckland',
  'Eastern Standard Time': 'America/New_York',
  'Central Standard Time': 'America/Chicago',
  'Mountain Standard Time': 'America/Denver',
  'US Mountain Standard Time': 'America/Phoenix',
  'Pacific Standard Time': 'America/Los_Angeles',
  'Alaskan Standard Time': 'America/Anchorage',
  'Hawaiian Standard Time': 'Pacific/Honolulu',
  'Atlantic Standard Time': 'America/Halifax',
  'E. South America Standard Time': 'America/Sao_Paulo',
  'SA Pacific Standard Time': 'America/Bogota',
  'Central Standard Time (Mexico)': 'America/Mexico_City',
  'South Africa Standard Time': 'Africa/Johannesburg',
  'Egypt Standard Time': 'Africa/Cairo',
  'W. Central Africa Standard Time': 'Africa/Lagos',
  'Ekaterinburg Standard Time': 'Asia/Yekaterinburg',
};

/** The IANA name a TZID stands for (the TZID itself when it is not a known alias). */
export function ianaName(tzid: string): string {
  const windows = WINDOWS[tzid.trim()];
  if (windows) return windows;
  const prefixed = /\/([A-Za-z_]+\/[A-Za-z_+-]+(?:\/[A-Za-z_+-]+)?)$/.exec(tzid);
  return prefixed && tzid.startsWith('/') ? (prefixed[1] as string) : tzid;
}

/** The Windows zone name for an IANA zone (CLDR windowsZones, territory 001); the IANA name itself when none. */
export function windowsName(iana: string): string {
  for (const [windows, zone] of Object.entries(WINDOWS)) if (zone === iana) return windows;
  return iana;
}
