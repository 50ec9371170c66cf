import test from 'ava';
import { parseGroupMappings } from '../../gateway/console/directory-adapter.js';

test('group mappings typed on the directory page', (t) => {
  t.deepEqual(
    parseGroupMappings(
      'cn=sales,ou=groups,dc=example,dc=org=>Sales\n\n  cn=admins,ou=groups,dc=example,dc=org => Admins:admin \r\ncn=root,dc=x=>:admin',
    ),
    [
      {
        directoryGroup: 'cn=sales,ou=groups,dc=example,dc=org',
        gatewayGroup: 'Sales',
        admin: false,
      },
      {
        directoryGroup: 'cn=admins,ou=groups,dc=example,dc=org',
        gatewayGroup: 'Admins',
        admin: true,
      },
      { directoryGroup: 'cn=root,dc=x', gatewayGroup: null, admin: true },
    ],
  );
  t.deepEqual(parseGroupMappings(''), []);
  t.throws(() => parseGroupMappings('cn=sales without arrow'), { message: /must look like/ });
  t.throws(() => parseGroupMappings('=>Sales'), { message: /must look like/ });
});
