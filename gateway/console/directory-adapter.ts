// Connects the console's directory page to the LDAP adapter: form fields → configuration
// change (empty secret fields keep the stored secret), and the sync report as counts.
import type { DirectoryService } from '../../adapters/ldap/directory-service.js';
import type { DirectoryConfigInput } from '../../adapters/ldap/directory-settings.js';
import { isDirectoryPreset, type GroupMapping } from '../../adapters/ldap/directory-config.js';
import { GatewayError } from '../../store/errors.js';
import type { ConsoleDirectory } from './directory-port.js';

/** One mapping per line: `cn=crm-admins,ou=groups,dc=example,dc=org=>Sales:admin`. */
export function parseGroupMappings(text: string): GroupMapping[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const at = line.lastIndexOf('=>');
      if (at <= 0)
        throw new GatewayError(
          'invalid_input',
          `Group mapping "${line.slice(0, 80)}" must look like "group DN=>gateway group[:admin]"`,
        );
      const target = line.slice(at + 2).trim();
      const admin = /:admin$/i.test(target);
      const group = admin ? target.slice(0, -':admin'.length).trim() : target;
      return {
        directoryGroup: line.slice(0, at).trim(),
        gatewayGroup: group === '' ? null : group,
        admin,
      };
    });
}

function formChange(form: Readonly<Record<string, string>>): DirectoryConfigInput {
  const text = (key: string): string | undefined =>
    form[key] === undefined ? undefined : (form[key] as string).trim();
  return {
    enabled: form.enabled === '1',
    startTls: form.startTls === '1',
    ...(text('url') !== undefined ? { url: text('url') } : {}),
    ...(text('bindDn') !== undefined ? { bindDn: text('bindDn') } : {}),
    ...(text('bindPassword') ? { bindPassword: form.bindPassword } : {}),
    ...(text('caCert') ? { caCert: text('caCert') } : {}),
    ...(text('userBase') !== undefined ? { userBase: text('userBase') } : {}),
    ...(text('userFilter') ? { userFilter: text('userFilter') } : {}),
    ...(text('groupBase') !== undefined ? { groupBase: text('groupBase') || null } : {}),
    ...(form.groupMappings !== undefined
      ? { groupMappings: parseGroupMappings(form.groupMappings) }
      : {}),
    ...(text('loginAttribute') ? { loginAttribute: text('loginAttribute') } : {}),
    ...(text('groupFilter') ? { groupFilter: text('groupFilter') } : {}),
    ...(form.url !== undefined ? { useMemberOf: form.useMemberOf === '1' } : {}),
    attributes: {
      ...(text('attr_firstName') ? { firstName: text('attr_firstName') } : {}),
      ...(text('attr_lastName') ? { lastName: text('attr_lastName') } : {}),
      ...(text('attr_email') ? { email: text('attr_email') } : {}),
      ...(text('attr_id') ? { id: text('attr_id') } : {}),
    },
  };
}

export function consoleDirectory(service: DirectoryService): ConsoleDirectory {
  return {
    publicConfig: async () => ({ ...(await service.publicConfig()) }),
    configureFromForm: async (form) => {
      const preset = form.preset ?? '';
      if (!isDirectoryPreset(preset)) return void (await service.configure(formChange(form)));
      // A chosen preset sets filters and attributes; the fields shown on the page still hold
      // the previous values and must not undo it.
      const {
        userFilter: _f,
        loginAttribute: _l,
        groupFilter: _g,
        useMemberOf: _m,
        attributes: _a,
        ...rest
      } = formChange(form);
      await service.configure(rest, preset);
    },
    test: () => service.test(),
    sync: async () => {
      const report = await service.sync();
      return {
        created: report.created,
        updated: report.updated,
        deactivated: report.deactivated,
        failed: report.failed,
      };
    },
  };
}
